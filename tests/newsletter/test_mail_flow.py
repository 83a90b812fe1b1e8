"""Subscription, confirmation, dispatch and unsubscribe through a real SMTP
server (aiosmtpd), as a subscriber and their mail client live them."""

import time
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.test import Client

from newsletter import services
from newsletter.models import Delivery, Subscription
from newsletter.services.mail import unsubscribe_url
from newsletter.tokens import CONFIRM_SALT

from .factories import SubscriptionFactory, issue_with_editions

pytestmark = pytest.mark.django_db


# Mail sent by the dispatch links to SITE_URL (see conftest); mail sent while
# answering a request, in development, to the server that answered it.
SITE_URL = "https://concertation.test"
TEST_SERVER = "http://testserver"


def path_of(url: str, origin: str = SITE_URL) -> str:
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == origin
    return parts.path


def subscribe(client, email, language):
    return client.post(
        f"/{language}/newsletter/subscribe/", {"email": email, "language": language}
    )


def confirm_link(smtp_handler, email) -> str:
    (mail,) = smtp_handler.to(email)
    links = [link for link in mail.links() if "/newsletter/confirm/" in link]
    assert len(links) == 1
    return path_of(links[0], TEST_SERVER)


def subscribe_and_confirm(client, smtp_handler, email, language):
    assert subscribe(client, email, language).status_code == 200
    link = confirm_link(smtp_handler, email)
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 200


def dispatch(issue, language, captured):
    with captured(execute=True):
        created = services.dispatch_create(issue=issue, language=language)
        services.dispatch_start(dispatch=created)
    return created


def test_subscribe_confirm_dispatch_and_one_click_unsubscribe_end_to_end(
    client, smtp_server, smtp_handler, django_capture_on_commit_callbacks
):
    subscribe_and_confirm(client, smtp_handler, "awa@example.sn", "fr")
    subscribe_and_confirm(client, smtp_handler, "kofi@example.gh", "en")
    subscribe_and_confirm(client, smtp_handler, "moussa@example.ml", "fr")
    subscribe(client, "never.confirmed@example.org", "fr")
    assert len(smtp_handler) == 4  # the four confirmation mails, nothing else
    issue = issue_with_editions(number=61)

    dispatch(issue, "fr", django_capture_on_commit_callbacks)
    dispatch(issue, "en", django_capture_on_commit_callbacks)

    counts = smtp_handler.count_per_recipient()
    assert counts["awa@example.sn"] == counts["moussa@example.ml"] == 2
    assert counts["kofi@example.gh"] == 2
    assert counts["never.confirmed@example.org"] == 1
    newsletter = smtp_handler.to("awa@example.sn")[1]
    message = newsletter.message
    assert message.is_multipart() and message.get_content_type() == (
        "multipart/alternative"
    )
    assert message["Subject"] == "Concertation Mail n° 61"
    assert "Numéro 61" in newsletter.text and "<h1" in newsletter.html
    assert "<strong>mutuelles de santé</strong>" in newsletter.html
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = message["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe_url in newsletter.text and unsubscribe_url in newsletter.html
    assert message["Message-ID"].startswith("<newsletter.delivery-")
    english = smtp_handler.to("kofi@example.gh")[1]
    assert english.message["Subject"] == "Concertation Mail no. 61"

    mail_client = Client(enforce_csrf_checks=True)  # no cookie, no CSRF token
    response = mail_client.post(
        path_of(unsubscribe_url), {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 200
    awa = Subscription.objects.get(email="awa@example.sn")
    assert awa.unsubscribed_at is not None
    next_issue = issue_with_editions(number=62)
    dispatch(next_issue, "fr", django_capture_on_commit_callbacks)
    counts = smtp_handler.count_per_recipient()
    assert counts["awa@example.sn"] == 2
    assert counts["moussa@example.ml"] == 3
    assert counts["never.confirmed@example.org"] == 1


def test_unconfirmed_subscriber_receives_only_the_confirmation(
    client, smtp_server, smtp_handler, django_capture_on_commit_callbacks
):
    subscribe(client, "later@example.org", "fr")
    SubscriptionFactory(email="reader@example.org")

    dispatch(issue_with_editions(), "fr", django_capture_on_commit_callbacks)

    assert [m.to for m in smtp_handler.messages] == [
        "later@example.org",
        "reader@example.org",
    ]
    assert "confirm" in smtp_handler.messages[0].message["Subject"].lower()
    assert smtp_handler.messages[0].message["List-Unsubscribe"] is None


def test_confirmation_page_asks_before_confirming(client, smtp_server, smtp_handler):
    subscribe(client, "awa@example.sn", "fr")
    link = confirm_link(smtp_handler, "awa@example.sn")

    page = client.get(link)

    assert page.status_code == 200
    assert 'name="confirm"' in page.content.decode()
    assert Subscription.objects.get().confirmed_at is None


def test_confirmation_link_opens_the_development_server_that_sent_it_on_any_port(
    client, smtp_server, smtp_handler
):
    client.post(
        "/fr/newsletter/subscribe/",
        {"email": "awa@example.sn", "language": "fr"},
        headers={"host": "127.0.0.1:8123"},
    )

    (mail,) = smtp_handler.to("awa@example.sn")
    (link,) = [link for link in mail.links() if "/newsletter/confirm/" in link]
    assert link.startswith("http://127.0.0.1:8123/fr/newsletter/confirm/")


def test_confirmation_link_is_on_site_url_in_production_whatever_the_host_asked(
    client, smtp_server, smtp_handler, settings
):
    settings.PRODUCTION = True

    client.post(
        "/fr/newsletter/subscribe/",
        {"email": "awa@example.sn", "language": "fr"},
        headers={"host": "localhost:8000"},
    )

    (mail,) = smtp_handler.to("awa@example.sn")
    (link,) = [link for link in mail.links() if "/newsletter/confirm/" in link]
    assert link.startswith("https://concertation.test/fr/newsletter/confirm/")


@pytest.mark.parametrize("alter", ["tamper", "truncate", "other-salt"])
def test_tampered_confirmation_link_is_refused_with_a_clear_page(
    client, smtp_server, smtp_handler, alter
):
    subscribe(client, "awa@example.sn", "fr")
    link = confirm_link(smtp_handler, "awa@example.sn")
    token = link.rstrip("/").rsplit("/", 1)[1]
    bad = {
        "tamper": token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"),
        "truncate": token[: len(token) // 2],
        "other-salt": signing.dumps({"s": 1, "e": "awa@example.sn"}, salt="x"),
    }[alter]

    get = client.get(f"/fr/newsletter/confirm/{bad}/")
    post = client.post(f"/fr/newsletter/confirm/{bad}/")

    assert get.status_code == post.status_code == 400
    assert 'id="link-invalid"' in post.content.decode()
    assert Subscription.objects.get().confirmed_at is None


def signed_days_ago(monkeypatch, days):
    """Links signed from now on carry a timestamp ``days`` in the past."""
    born = int(time.time() - days * 24 * 3600)
    monkeypatch.setattr(
        signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(born)
    )


def test_expired_confirmation_link_is_refused(
    client, smtp_server, smtp_handler, monkeypatch
):
    signed_days_ago(monkeypatch, 8)
    subscribe(client, "awa@example.sn", "fr")
    link = confirm_link(smtp_handler, "awa@example.sn")
    monkeypatch.undo()

    response = client.post(link)

    assert response.status_code == 400
    assert Subscription.objects.get().confirmed_at is None


def test_confirmation_link_still_valid_within_seven_days(
    client, smtp_server, smtp_handler, monkeypatch
):
    signed_days_ago(monkeypatch, 6)
    subscribe(client, "awa@example.sn", "fr")
    link = confirm_link(smtp_handler, "awa@example.sn")
    monkeypatch.undo()

    assert client.post(link).status_code == 200
    assert Subscription.objects.get().is_active


def test_unsubscribe_link_with_a_confirm_token_is_refused(client, db):
    subscription = SubscriptionFactory()
    token = signing.dumps(
        {"s": subscription.pk, "e": subscription.email}, salt=CONFIRM_SALT
    )

    response = Client(enforce_csrf_checks=True).post(
        f"/fr/newsletter/unsubscribe/{token}/"
    )

    assert response.status_code == 400
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is None


def test_unsubscribe_page_shows_a_single_button_and_post_works_without_js(
    client, smtp_server, smtp_handler
):
    subscription = SubscriptionFactory(email="awa@example.sn")
    url = path_of(unsubscribe_url(subscription=subscription))

    page = client.get(url).content.decode()
    response = client.post(url)

    assert page.count("<button") == 1 and '<form method="post"' in page
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None


def test_resubscribing_an_unsubscribed_address_needs_a_new_confirmation(
    client, smtp_server, smtp_handler, django_capture_on_commit_callbacks
):
    subscribe_and_confirm(client, smtp_handler, "awa@example.sn", "fr")
    old_link = confirm_link(smtp_handler, "awa@example.sn")
    subscription = Subscription.objects.get()
    services.subscription_unsubscribe(subscription=subscription)

    assert client.post(old_link).status_code == 400  # the old link is dead
    subscribe(client, "awa@example.sn", "en")
    dispatch(issue_with_editions(), "en", django_capture_on_commit_callbacks)

    assert len(smtp_handler.to("awa@example.sn")) == 2  # two confirmations only
    new_link = path_of(smtp_handler.to("awa@example.sn")[1].links()[0], TEST_SERVER)
    assert client.post(new_link).status_code == 200
    subscription.refresh_from_db()
    assert subscription.is_active and subscription.language == "en"


def test_a_second_request_within_minutes_sends_no_second_mail(
    client, smtp_server, smtp_handler
):
    subscribe(client, "awa@example.sn", "fr")
    response = subscribe(client, "awa@example.sn", "fr")

    assert response.status_code == 200
    assert len(smtp_handler) == 1


def test_mail_server_down_is_told_to_the_visitor(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    settings.EMAIL_TIMEOUT = 2

    response = subscribe(client, "awa@example.sn", "fr")

    assert response.status_code == 503
    assert Subscription.objects.get().confirmation_sent_at is None


def test_delivery_rows_record_each_sent_mail(
    client, smtp_server, smtp_handler, django_capture_on_commit_callbacks
):
    SubscriptionFactory.create_batch(3)
    created = dispatch(issue_with_editions(), "fr", django_capture_on_commit_callbacks)

    created.refresh_from_db()
    assert created.finished_at is not None
    assert set(created.deliveries.values_list("status", flat=True)) == {
        Delivery.Status.SENT
    }
    assert len(smtp_handler) == 3
