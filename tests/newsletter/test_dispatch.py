"""Dispatch services: who is queued, batching, pacing, failures, recovery."""

import smtplib
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsletter import services
from newsletter.models import Delivery, Dispatch, Subscription
from newsletter.services import StepState
from newsletter.services import dispatch as dispatch_services
from tests.factories import UserFactory

from .factories import NewsFactory, SubscriptionFactory, issue_with_editions

pytestmark = pytest.mark.django_db


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


@pytest.fixture
def audience():
    return {
        "fr": SubscriptionFactory.create_batch(3, language="fr"),
        "en": SubscriptionFactory.create_batch(2, language="en"),
        "unconfirmed": SubscriptionFactory(confirmed_at=None),
        "unsubscribed": SubscriptionFactory(unsubscribed_at=timezone.now()),
    }


def test_dispatch_create_queues_each_active_subscriber_of_the_language_once(audience):
    issue = issue_with_editions()

    with CaptureQueriesContext(connection) as queries:
        dispatch = services.dispatch_create(issue=issue, language="fr")

    queued = set(dispatch.deliveries.values_list("subscription__email", flat=True))
    assert queued == {s.email for s in audience["fr"]}
    inserts = [
        q
        for q in queries.captured_queries
        if q["sql"].startswith("INSERT") and '"newsletter_delivery"' in q["sql"]
    ]
    assert len(inserts) == 1


def test_dispatch_create_twice_adds_only_newcomers(audience):
    issue = issue_with_editions()
    first = services.dispatch_create(issue=issue, language="fr")
    services.dispatch_send_all(dispatch_id=first.pk)
    newcomer = SubscriptionFactory(language="fr")

    again = services.dispatch_create(issue=issue, language="fr")
    twice = services.dispatch_create(issue=issue, language="fr")

    assert again.pk == twice.pk == first.pk
    assert Dispatch.objects.count() == 1
    assert again.deliveries.count() == 4
    assert again.finished_at is None
    services.dispatch_send_all(dispatch_id=first.pk)
    assert recipients().count(newcomer.email) == 1
    assert len(mail.outbox) == 4


def test_send_batch_sends_a_batch_and_returns_what_remains(audience):
    SubscriptionFactory.create_batch(7, language="fr")
    dispatch = services.dispatch_create(issue=issue_with_editions(), language="fr")

    remaining = services.dispatch_send_batch(dispatch_id=dispatch.pk, batch_size=4)

    assert remaining == 6
    assert len(mail.outbox) == 4
    assert dispatch.deliveries.filter(status="sent").count() == 4
    message = mail.outbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    assert message.alternatives[0].mimetype == "text/html"
    delivery = dispatch.deliveries.get(subscription__email=message.to[0])
    assert message.extra_headers["Message-ID"] == (
        f"<newsletter.delivery-{delivery.pk}@concertation.test>"
    )


def test_issue_falls_back_to_the_other_edition_for_a_language_without_one(audience):
    issue = issue_with_editions()
    issue.editions.filter(language="en").delete()
    dispatch = services.dispatch_create(issue=issue, language="en")

    services.dispatch_send_all(dispatch_id=dispatch.pk)

    assert len(mail.outbox) == 2
    assert "Numéro" in mail.outbox[0].body
    assert "/en/newsletter/unsubscribe/" in mail.outbox[0].body


def test_dispatch_is_paced_by_its_rate(audience, monkeypatch):
    SubscriptionFactory.create_batch(9, language="fr")  # 12 in French
    dispatch = services.dispatch_create(
        issue=issue_with_editions(), language="fr", batch_size=5, rate_per_minute=60
    )
    pauses = []

    def sleep(seconds):  # time passes for the dispatch, not for the test
        pauses.append(seconds)
        Dispatch.objects.filter(pk=dispatch.pk).update(next_batch_at=timezone.now())

    step = services.dispatch_send_all(dispatch_id=dispatch.pk, sleep=sleep)

    assert step.state is StepState.FINISHED
    assert len(mail.outbox) == 12
    assert len(pauses) == 2 and all(4 < pause <= 5 for pause in pauses)


def test_a_second_worker_waits_for_its_turn(audience):
    SubscriptionFactory.create_batch(60, language="fr")
    dispatch = services.dispatch_create(
        issue=issue_with_editions(), language="fr", rate_per_minute=600
    )

    first = services.dispatch_step(dispatch_id=dispatch.pk)
    second = services.dispatch_step(dispatch_id=dispatch.pk)

    assert first.state is StepState.CONTINUE
    assert second.state is StepState.BUSY and second.delay > 0
    assert len(mail.outbox) == 50


def test_subscriber_who_leaves_before_the_batch_gets_nothing(audience):
    dispatch = services.dispatch_create(issue=issue_with_editions(), language="fr")
    leaving = audience["fr"][0]
    services.subscription_unsubscribe(subscription=leaving)

    services.dispatch_send_all(dispatch_id=dispatch.pk)

    assert leaving.email not in recipients()
    assert dispatch.deliveries.get(subscription=leaving).status == "failed"


def make_stuck(dispatch, *, attempted: bool, minutes_ago: int, attempts=1):
    moment = timezone.now() - timedelta(minutes=minutes_ago)
    delivery = dispatch.deliveries.filter(status="pending").first()
    Delivery.objects.filter(pk=delivery.pk).update(
        status="sending",
        claim=uuid.uuid4(),
        claimed_at=moment,
        attempt_at=moment if attempted else None,
        attempts=attempts,
    )
    return delivery


def test_recovery_releases_only_stale_rows(audience):
    dispatch = services.dispatch_create(issue=issue_with_editions(), language="fr")
    never_sent = make_stuck(dispatch, attempted=False, minutes_ago=20)
    interrupted = make_stuck(dispatch, attempted=True, minutes_ago=20)
    live = make_stuck(dispatch, attempted=True, minutes_ago=1)

    released = services.delivery_release_stale()

    assert released == 2
    statuses = dict(dispatch.deliveries.values_list("pk", "status"))
    assert statuses[never_sent.pk] == statuses[interrupted.pk] == "pending"
    assert statuses[live.pk] == "sending"
    assert "sent again" in Delivery.objects.get(pk=interrupted.pk).error


def test_recovery_gives_up_after_the_maximum_attempts(audience, settings):
    settings.NEWSLETTER_MAX_ATTEMPTS = 2
    dispatch = services.dispatch_create(issue=issue_with_editions(), language="fr")
    stuck = make_stuck(dispatch, attempted=True, minutes_ago=20, attempts=2)

    services.delivery_release_stale()

    stuck.refresh_from_db()
    assert stuck.status == "failed" and "unknown" in stuck.error


def test_dispatch_waits_for_a_stopped_workers_rows_then_sends_them(audience, settings):
    dispatch = services.dispatch_create(issue=issue_with_editions(), language="fr")
    stuck = make_stuck(dispatch, attempted=True, minutes_ago=1)

    waiting = services.dispatch_send_all(dispatch_id=dispatch.pk)
    assert waiting.state is StepState.WAITING
    assert stuck.subscription.email not in recipients()
    settings.NEWSLETTER_STALE_SECONDS = 30
    Dispatch.objects.filter(pk=dispatch.pk).update(next_batch_at=None)
    finished = services.dispatch_send_all(dispatch_id=dispatch.pk)

    assert finished.state is StepState.FINISHED
    assert recipients().count(stuck.subscription.email) == 1
    stuck.refresh_from_db()
    assert stuck.status == "sent" and stuck.attempts == 2


def test_a_released_row_is_not_sent_by_its_former_owner(audience):
    dispatch = services.dispatch_create(issue=issue_with_editions(), language="fr")
    token, batch = dispatch_services._claim(dispatch_id=dispatch.pk, batch_size=1)
    Delivery.objects.filter(claim=token).update(
        claimed_at=timezone.now() - timedelta(hours=1)
    )
    services.delivery_release_stale()
    content = dispatch_services._Content(dispatch)

    kept_going = dispatch_services._deliver(batch[0], token, content, None)

    assert kept_going and mail.outbox == []
    assert Delivery.objects.get(pk=batch[0].pk).status == "pending"


class RefusingBackend:
    """Refuses some recipients, like an SMTP server would."""

    codes: dict[str, int] = {}

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        for message in messages:
            code = self.codes.get(message.to[0])
            if code:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (code, b"refused")})
            mail.outbox.append(message)
        return len(messages)


def test_refused_recipients_fail_or_wait_for_a_retry(audience, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    unknown, busy, fine = audience["fr"]
    RefusingBackend.codes = {unknown.email: 550, busy.email: 451}
    dispatch = services.dispatch_create(issue=issue_with_editions(), language="fr")

    services.dispatch_send_batch(dispatch_id=dispatch.pk)

    rows = {d.subscription_id: d for d in dispatch.deliveries.all()}
    assert rows[unknown.pk].status == "failed" and "550" in rows[unknown.pk].error
    assert rows[busy.pk].status == "pending" and rows[busy.pk].attempts == 1
    assert rows[fine.pk].status == "sent"


def test_unreachable_mail_server_claims_nothing(audience, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = (
        "127.0.0.1",
        9,
        2,
    )
    dispatch = services.dispatch_create(issue=issue_with_editions(), language="fr")

    step = services.dispatch_step(dispatch_id=dispatch.pk)

    assert step.state is StepState.WAITING
    assert set(dispatch.deliveries.values_list("status", flat=True)) == {"pending"}


def test_flash_news_is_mailed_once_to_subscribers_who_asked_for_it(
    audience, django_capture_on_commit_callbacks
):
    wants = SubscriptionFactory(
        flash_news=True, user=UserFactory(email="wants@example.org")
    )
    wants.email = "wants@example.org"
    wants.save()
    # Signed up on the public form, without an account.
    SubscriptionFactory(email="public@example.org", flash_news=True)
    SubscriptionFactory(flash_news=True, user=UserFactory(is_active=False))
    SubscriptionFactory(
        flash_news=True, user=UserFactory(), unsubscribed_at=timezone.now()
    )
    news = NewsFactory(published_at=None, is_flash=True, title_en="")

    with django_capture_on_commit_callbacks(execute=True):
        services.news_publish(news=news)
    with django_capture_on_commit_callbacks(execute=True):
        services.news_publish(news=news)

    assert recipients() == ["public@example.org", "wants@example.org"]
    message = mail.outbox[0]
    assert news.title_fr in message.subject
    assert message.extra_headers["List-Unsubscribe-Post"]
    assert news.published_at is not None


def test_ordinary_news_is_not_mailed(audience, django_capture_on_commit_callbacks):
    SubscriptionFactory(flash_news=True, user=UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        services.news_publish(news=NewsFactory(published_at=None))

    assert mail.outbox == []


def test_staff_test_mail_goes_to_the_staff_member_only(audience):
    staff = UserFactory(is_staff=True)

    services.issue_send_test(
        issue=issue_with_editions(number=70), language="en", user=staff
    )

    assert recipients() == [staff.email]
    assert mail.outbox[0].subject.startswith("[TEST] Concertation Mail no. 70")
    assert not Delivery.objects.exists()


def test_preview_renders_html_and_text(audience):
    rendered = services.issue_preview(
        issue=issue_with_editions(number=71), language="fr"
    )

    assert "<strong>mutuelles de santé</strong>" in rendered.html
    assert "**mutuelles de santé**" in rendered.text
    assert '<html lang="fr">' in rendered.html


def test_dispatch_command_and_resume_command(audience, capsys):
    issue = issue_with_editions(number=80)

    call_command("newsletter_dispatch", "80", "en", "--now")
    dispatch = Dispatch.objects.get(issue=issue, language="en")
    dispatch.finished_at = None
    dispatch.save()
    call_command("newsletter_resume")

    out = capsys.readouterr().out
    assert "2 of 2 deliveries sent" in out
    assert f"Resumed dispatches: {dispatch.pk}." in out
    assert len(mail.outbox) == 2
    dispatch.refresh_from_db()
    assert dispatch.finished_at is not None


def test_dispatch_command_refuses_an_unpublished_issue(audience):
    issue_with_editions(number=81, is_published=False)

    with pytest.raises(Exception, match="not published"):
        call_command("newsletter_dispatch", "81", "fr")
    assert not Subscription.objects.filter(deliveries__isnull=False).exists()
