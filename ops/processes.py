"""The portal's production processes as the ops scripts run them: gunicorn
with deploy/gunicorn.conf.py, a Celery worker and Celery beat, each a real
process with its own log, stopped (then killed if need be) on the way out."""

import http.client
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from bench.env import ROOT
from bench.server import free_port, product_env

GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
BIN = Path(sys.executable).parent


def production_env(database_url: str, tmp: Path, *, name: str) -> dict:
    """The environment of every process of a run: production settings as on
    a server behind nginx (HTTPS only: clients send X-Forwarded-Proto), the
    run's own database, folders under ``tmp``, a Redis database nobody uses,
    and cache keys and queue named after the run."""
    env = product_env({"url": database_url, "tmp": tmp})
    # The production defaults, not the benchmark's.
    for variable in (
        "API_ANON_RATE",
        "AXES_FAILURE_LIMIT",
        "DJANGO_SECURE_SSL_REDIRECT",
    ):
        env.pop(variable, None)
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        SITE_URL="https://127.0.0.1",
        CACHE_KEY_PREFIX=f"{name}{os.getpid()}",
        CELERY_QUEUE=f"{name}-{os.getpid()}",
    )
    return env


def close_connections() -> None:
    """Close this process's Django connections, if Django was set up, so that
    the run's database can be dropped."""
    from django.conf import settings

    if settings.configured:
        from django.db import connections

        connections.close_all()


def wait_for(predicate: Callable[[], bool], *, timeout: float, what: str) -> float:
    """Poll ``predicate`` until it is true; return the seconds it took."""
    started = time.monotonic()
    while not predicate():
        if time.monotonic() - started > timeout:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.5)
    return time.monotonic() - started


def http_answers(port: int, path: str) -> bool:
    """Whether the server answers at all (any status, redirects not followed)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        connection.getresponse().read()
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()
    return True


@contextmanager
def service(name: str, argv: list[str], *, env: dict, log: Path, ready, timeout=90):
    """Start ``argv``; wait until ``ready(process)`` is true; stop it at the end."""
    with log.open("ab") as out:
        process = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:

        def started() -> bool:
            if process.poll() is not None:
                tail = log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"{name} exited with {process.returncode}:\n{tail}")
            return ready(process)

        wait_for(started, timeout=timeout, what=f"{name} to start (log: {log})")
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def log_contains(log: Path, text: str) -> Callable:
    return lambda _process: text in log.read_text(errors="replace")


@contextmanager
def gunicorn(env: dict, log: Path, *, workers: int | None = None):
    """The portal under gunicorn with the production configuration, on a free
    port of 127.0.0.1; yields the port once /healthz answers."""
    port = free_port()
    argv = [str(BIN / "gunicorn"), "-c", str(GUNICORN_CONF),
            "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]  # fmt: skip
    if workers:
        argv += ["--workers", str(workers)]
    argv.append("concertation.wsgi:application")
    ready = lambda _process: http_answers(port, "/healthz")  # noqa: E731
    with service("gunicorn", argv, env=env, log=log, ready=ready):
        yield port


def celery_worker(env: dict, log: Path, *, queue: str, concurrency: int = 2):
    argv = [str(BIN / "celery"), "-A", "concertation", "worker", "-Q", queue,
            "--concurrency", str(concurrency), "--without-gossip", "--without-mingle",
            "-l", "info"]  # fmt: skip
    return service(
        "celery worker", argv, env=env, log=log, ready=log_contains(log, "ready.")
    )


def celery_beat(env: dict, log: Path, *, schedule: Path):
    argv = [str(BIN / "celery"), "-A", "concertation", "beat",
            "--schedule", str(schedule), "-l", "info"]  # fmt: skip
    return service(
        "celery beat", argv, env=env, log=log, ready=log_contains(log, "beat: Starting")
    )
