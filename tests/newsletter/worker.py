"""Start and stop a real Celery worker for a test, on the test's database,
the Redis server the test started and its own queue."""

import os
import signal
import subprocess
import time
import uuid
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

CELERY = Path(settings.BASE_DIR) / ".venv" / "bin" / "celery"


def test_database_url() -> str:
    """The URL of the database the test runs on (pytest-django's test_…)."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = quote(db["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db["HOST"] or "localhost"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}{host}{port}/{quote(db['NAME'], safe='')}"


class Worker:
    """``celery worker --pool=solo`` in its own process group, logging to a file."""

    def __init__(
        self, *, broker_url: str, queue: str, smtp_port: int, log_dir: Path, name: str
    ):
        self.queue = queue
        self.log = log_dir / f"{name}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.newsletter.worker_settings",
            "PYTHONPATH": str(settings.BASE_DIR),
            "DATABASE_URL": test_database_url(),
            "DATABASE_CONN_MAX_AGE": "0",
            "REDIS_URL": broker_url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_TIMEOUT": "20",
            "NEWSLETTER_TEST_QUEUE": queue,
        }
        env.pop("DJANGO_ENV", None)
        self.command = [
            str(CELERY),
            "-A",
            "concertation",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-Q",
            queue,
            "-n",
            f"{name}-{uuid.uuid4().hex[:8]}@%h",
            "--loglevel=INFO",
        ]
        self.env = env
        self.process = None

    def start(self, timeout=60.0) -> "Worker":
        handle = self.log.open("ab")
        self.process = subprocess.Popen(
            self.command,
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        handle.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited:\n{self.log.read_text()}")
            if " ready." in self.log.read_text():
                return self
            time.sleep(0.1)
        raise TimeoutError(f"worker not ready:\n{self.log.read_text()}")

    def kill(self) -> None:
        """SIGKILL: no cleanup, no acknowledgement, as a crash."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
