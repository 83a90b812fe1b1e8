"""A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it receives.

``smtp_server`` starts one per test and points Django's SMTP backend at it;
the browser tests import it too. ``celery_eager`` makes Celery run tasks in
the test process even when REDIS_URL is set.
"""

import asyncio
import email
import email.policy
import re
import socket
import threading
from collections import Counter
from dataclasses import dataclass

import pytest
from aiosmtpd.controller import Controller

from concertation.celery import app as celery_app


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: email.message.EmailMessage

    @property
    def to(self) -> str:
        return self.rcpt_tos[0]

    def part(self, content_type: str) -> str:
        part = self.message.get_body(preferencelist=(content_type.split("/")[1],))
        assert part is not None and part.get_content_type() == content_type
        return part.get_content()

    @property
    def text(self) -> str:
        return self.part("text/plain")

    @property
    def html(self) -> str:
        return self.part("text/html")

    def links(self) -> list[str]:
        return re.findall(r"https?://[^\s<>\"]+", self.text)


class RecordingHandler:
    """Stores each message once the server has accepted it.

    ``delay`` slows every message down; ``hold_at`` holds the n-th message
    (1-based) for ``hold_seconds`` after setting ``holding``, so a test can
    kill the sending process in the middle of that SMTP transaction. A
    message whose client went away before the reply is not stored: the
    server never said it accepted it.
    """

    def __init__(self, delay=0.0, hold_at=None, hold_seconds=10.0):
        self.messages: list[Received] = []
        self.lock = threading.Lock()
        self.delay = delay
        self.hold_at = hold_at
        self.hold_seconds = hold_seconds
        self.holding = threading.Event()
        self.arrived = 0

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.arrived += 1
            number = self.arrived
        if self.hold_at is not None and number == self.hold_at:
            self.holding.set()
            await asyncio.sleep(self.hold_seconds)
        elif self.delay:
            await asyncio.sleep(self.delay)
        if server.transport is None or server.transport.is_closing():
            return "421 client went away"
        parsed = email.message_from_bytes(
            envelope.original_content or envelope.content, policy=email.policy.default
        )
        with self.lock:
            self.messages.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), parsed)
            )
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Received]:
        with self.lock:
            return [m for m in self.messages if address in m.rcpt_tos]

    def count_per_recipient(self) -> Counter:
        with self.lock:
            return Counter(r for m in self.messages for r in m.rcpt_tos)

    def __len__(self):
        with self.lock:
            return len(self.messages)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SMTPServer:
    def __init__(self, handler: RecordingHandler):
        self.handler = handler
        self.host = "127.0.0.1"
        self.port = free_port()
        self.controller = Controller(handler, hostname=self.host, port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


@pytest.fixture
def smtp_handler():
    return RecordingHandler()


@pytest.fixture
def smtp_server(settings, smtp_handler):
    """A running SMTP server; Django sends its mail there for this test."""
    with SMTPServer(smtp_handler) as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = server.host
        settings.EMAIL_PORT = server.port
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 10
        yield server


@pytest.fixture
def celery_eager():
    """Run queued tasks in this process, as without a broker."""
    # By the CELERY_-prefixed names the app was configured with: some Celery
    # versions ignore a change made under the short name.
    keys = ("CELERY_TASK_ALWAYS_EAGER", "CELERY_TASK_EAGER_PROPAGATES")
    conf = celery_app.conf
    saved = {key: conf[key] for key in keys}
    conf.update(dict.fromkeys(keys, True))
    yield
    conf.update(saved)
