"""Acceptance 2: a Celery worker killed in the middle of a dispatch, then
restarted, delivers every remaining mail once and none twice.

Runs a REAL worker process on PostgreSQL (the test database, shared with the
worker) and a Redis server of the test's own, sending to a real SMTP server in
this process.
"""

import time
import uuid

import pytest
from django.utils import timezone

from concertation.celery import app as celery_app
from newsletter.models import Delivery, Dispatch
from newsletter.services import dispatch_create
from newsletter.tasks import dispatch_resume_stale, dispatch_run
from tests.celery_support import RedisServer

from .factories import SubscriptionFactory, issue_with_editions
from .smtp import RecordingHandler, SMTPServer
from .worker import Worker

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

SUBSCRIBERS = 200
KILL_DURING_MESSAGE = 31  # 30 mails are accepted, the 31st is in flight


def send_to_worker(task, args, broker_url, queue):
    with celery_app.connection_for_write(broker_url) as connection:
        task.apply_async(args=args, queue=queue, connection=connection)


def wait_until(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_killed_worker_resumes_and_every_subscriber_gets_exactly_one_copy(tmp_path):
    queue = f"newsletter-crash-test-{uuid.uuid4().hex}"
    broker = RedisServer()
    handler = RecordingHandler(delay=0.05, hold_at=KILL_DURING_MESSAGE)
    issue = issue_with_editions()
    SubscriptionFactory.create_batch(SUBSCRIBERS, language="fr")
    SubscriptionFactory.create_batch(5, language="en")
    SubscriptionFactory.create_batch(5, language="fr", confirmed_at=None)
    dispatch = dispatch_create(
        issue=issue, language="fr", batch_size=50, rate_per_minute=100_000
    )
    workers = []
    with SMTPServer(handler) as smtp:
        try:
            broker.start()
            run = {"broker_url": broker.url, "queue": queue, "smtp_port": smtp.port}
            first = Worker(log_dir=tmp_path, name="a", **run)
            workers.append(first.start())
            send_to_worker(dispatch_run, [dispatch.pk], broker.url, queue)

            assert handler.holding.wait(60), first.log.read_text()
            first.kill()

            received_before_restart = len(handler)
            in_flight = Delivery.objects.filter(
                dispatch=dispatch, status="sending", attempt_at__isnull=False
            )
            claimed_unsent = Delivery.objects.filter(
                dispatch=dispatch, status="sending", attempt_at__isnull=True
            )
            assert received_before_restart == KILL_DURING_MESSAGE - 1
            assert in_flight.count() == 1
            assert claimed_unsent.count() > 0
            assert Dispatch.objects.get(pk=dispatch.pk).finished_at is None

            second = Worker(log_dir=tmp_path, name="b", **run)
            workers.append(second.start())
            send_to_worker(dispatch_resume_stale, [], broker.url, queue)
            wait_until(
                lambda: Dispatch.objects.get(pk=dispatch.pk).finished_at is not None,
                timeout=120,
                what=f"the dispatch to finish\n{second.log.read_text()}",
            )
        finally:
            for worker in workers:
                worker.kill()
            broker.stop()

    counts = handler.count_per_recipient()
    statuses = list(
        Delivery.objects.filter(dispatch=dispatch).values_list("status", flat=True)
    )
    assert len(handler) == SUBSCRIBERS
    assert len(counts) == SUBSCRIBERS
    assert set(counts.values()) == {1}
    assert statuses == ["sent"] * SUBSCRIBERS
    assert Dispatch.objects.get(pk=dispatch.pk).finished_at <= timezone.now()
    ids = {m.message["Message-ID"] for m in handler.messages}
    assert len(ids) == SUBSCRIBERS
