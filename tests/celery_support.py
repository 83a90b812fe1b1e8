"""Real servers and workers for the tests that claim to test them: a Redis
server the test owns (on a free port, never the machine's own), a Celery
worker process, a Celery beat process, and the test process's Celery app
pointed at them."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, *, timeout=60.0, interval=0.2, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


class RedisServer:
    """A throw-away redis-server on 127.0.0.1:<free port>, memory only."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        binary = shutil.which("redis-server")
        assert binary, "redis-server is not installed"
        self.process = subprocess.Popen(
            [binary, "--bind", "127.0.0.1", "--port", str(self.port),
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self._answers, timeout=15, what="redis-server to start")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        self.process = None


def worker_database_url() -> str:
    """The URL of the database this test runs on, for another process."""
    db = connection.settings_dict
    assert connection.vendor == "postgresql", "worker tests need PostgreSQL"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{auth}@{host}:{port}/{db['NAME']}"


class _CeleryProcess:
    """A ``celery`` command run as a real process on the test's database, the
    given broker and the test's own queue, logging to a file."""

    ready_marker = b""
    what = "the Celery process"

    def __init__(
        self, *, broker_url: str, queue: str, log_path: Path, env: dict | None = None
    ):
        self.broker_url, self.queue, self.log_path = broker_url, queue, log_path
        self.extra_env = env or {}
        self.process = None

    def command(self) -> list[str]:
        raise NotImplementedError

    def start(self):
        env = {
            **os.environ,
            "DATABASE_URL": worker_database_url(),
            "REDIS_URL": self.broker_url,
            # Tasks the process queues itself stay on the test's queue.
            "CELERY_QUEUE": self.queue,
            "DJANGO_SETTINGS_MODULE": "concertation.settings",
            **self.extra_env,
        }
        log = open(self.log_path, "ab")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "concertation", *self.command()],
            cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_for(
            lambda: (
                self.ready_marker in self.log_path.read_bytes()
                or self.process.poll() is not None
            ),
            timeout=60,
            what=f"{self.what} to be ready",
        )
        assert self.process.poll() is None, self.log_path.read_text()[-3000:]

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=15)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


class CeleryWorker(_CeleryProcess):
    """``celery worker`` as a real process, on its own queue."""

    ready_marker = b"ready."
    what = "the Celery worker"

    def command(self) -> list[str]:
        return ["worker", "--pool=solo", "--concurrency=1", "-Q", self.queue,
                "--without-gossip", "--without-mingle", "--without-heartbeat",
                "-l", "info"]  # fmt: skip


class CeleryBeat(_CeleryProcess):
    """``celery beat`` as a real process with the project's schedule; what it
    sends goes to the test's queue. Its schedule file lives next to its log."""

    ready_marker = b"beat: Starting..."
    what = "Celery beat"

    def command(self) -> list[str]:
        schedule = self.log_path.with_suffix(".schedule")
        return ["beat", "-s", str(schedule), "-l", "info"]


@contextlib.contextmanager
def celery_app_on(broker_url: str, queue: str):
    """Point this process's Celery app at ``broker_url`` and ``queue``."""
    from concertation.celery import app

    # The app reads Django's CELERY_-prefixed settings, and some Celery versions
    # let those win over an update under the short name: update them by name.
    keys = (
        "CELERY_BROKER_URL",
        "CELERY_TASK_DEFAULT_QUEUE",
        "CELERY_TASK_ALWAYS_EAGER",
    )
    saved = {key: app.conf[key] for key in keys}

    def reset():
        app._after_fork()  # drop connections pooled for the previous broker
        # Routing is cached with the default queue it was built with.
        app.__dict__.pop("amqp", None)

    app.conf.update(
        CELERY_BROKER_URL=broker_url,
        CELERY_TASK_DEFAULT_QUEUE=queue,
        CELERY_TASK_ALWAYS_EAGER=False,
    )
    reset()
    try:
        yield app
    finally:
        app.conf.update(saved)
        reset()
