"""Real servers and workers for the tests that claim to test them: a Redis
server the test owns (on a free port, never the machine's own), a Celery
worker process, and the test process's Celery app pointed at them."""

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


class CeleryWorker:
    """``celery worker`` as a real process, on its own queue."""

    def __init__(
        self, *, broker_url: str, queue: str, log_path: Path, env: dict | None = None
    ):
        self.broker_url, self.queue, self.log_path = broker_url, queue, log_path
        self.extra_env = env or {}
        self.process = None

    def start(self):
        env = {
            **os.environ,
            "DATABASE_URL": worker_database_url(),
            "REDIS_URL": self.broker_url,
            # Tasks the worker queues itself stay on the test's queue.
            "CELERY_QUEUE": self.queue,
            "DJANGO_SETTINGS_MODULE": "concertation.settings",
            **self.extra_env,
        }
        log = open(self.log_path, "ab")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "concertation", "worker",
             "--pool=solo", "--concurrency=1", "-Q", self.queue, "--without-gossip",
             "--without-mingle", "--without-heartbeat", "-l", "info"],
            cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_for(
            lambda: b"ready." in self.log_path.read_bytes() or self.process.poll(),
            timeout=60,
            what="the Celery worker to be ready",
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


@contextlib.contextmanager
def celery_app_on(broker_url: str, queue: str):
    """Point this process's Celery app at ``broker_url`` and ``queue``."""
    from concertation.celery import app

    saved = {
        key: app.conf[key]
        for key in ("broker_url", "task_default_queue", "task_always_eager")
    }

    def reset():
        app._after_fork()  # drop connections pooled for the previous broker
        # Routing is cached with the default queue it was built with.
        app.__dict__.pop("amqp", None)

    app.conf.update(
        broker_url=broker_url, task_default_queue=queue, task_always_eager=False
    )
    reset()
    try:
        yield app
    finally:
        app.conf.update(saved)
        reset()
