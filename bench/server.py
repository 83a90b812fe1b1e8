"""Starting and stopping the gunicorn servers of the page measurements."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from .env import ROOT, server_env

WORKERS = 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def collectstatic(env: dict) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


@contextmanager
def gunicorn(app: str, env: dict, log: Path, probe: str = "/"):
    """Serve ``app`` with gunicorn (2 sync workers) on a free port; yield it."""
    port = free_port()
    gunicorn_bin = str(Path(sys.executable).with_name("gunicorn"))
    with log.open("ab") as out:
        process = subprocess.Popen(
            [
                gunicorn_bin,
                app,
                "--workers",
                str(WORKERS),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{probe}", timeout=30)
                break
            except urllib.error.HTTPError:
                break  # it answers
            except OSError:
                if process.poll() is not None or time.time() > deadline:
                    raise RuntimeError(
                        f"gunicorn {app} did not start; see {log}"
                    ) from None
                time.sleep(0.3)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _empty_redis_db() -> int:
    """A Redis database nobody uses (no keys), from 15 down to 8."""
    try:
        import redis

        for number in range(15, 7, -1):
            client = redis.Redis(host="127.0.0.1", port=6379, db=number)
            if client.dbsize() == 0:
                return number
    except Exception:  # noqa: BLE001
        pass
    return 15


def product_env(context) -> dict:
    if "redis_db" not in context:
        context["redis_db"] = _empty_redis_db()
    env = server_env(context["url"], context["tmp"], redis_db=context["redis_db"])
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def redis_cleanup(env: dict) -> None:
    """Remove what the servers left in their own Redis database (cache keys
    under their prefix, and the queued tasks nobody consumes here)."""
    try:
        import redis
    except ImportError:
        return
    try:
        client = redis.Redis.from_url(env["REDIS_URL"])
        keys = list(client.scan_iter(f"{env['CACHE_KEY_PREFIX']}*"))
        keys += [key for key in client.scan_iter("celery*")]
        keys += [key for key in client.scan_iter("_kombu*")]
        keys += [key for key in client.scan_iter("unacked*")]
        if env.get("CELERY_QUEUE"):  # the queue of the run's own worker
            keys += [key for key in client.scan_iter(f"{env['CELERY_QUEUE']}*")]
        if keys:
            client.delete(*keys)
    except Exception:  # noqa: BLE001 — cleaning up must never fail the run
        pass
