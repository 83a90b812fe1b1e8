"""Acceptance 1 (newsletter part): every payload of tests/xss_payloads.txt put
in every free-text and rich-text field stays inert in the pages, the RSS feed
and the dispatched e-mails."""

from xml.etree import ElementTree

import feedparser
import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from newsletter import services
from tests.xss import assert_no_active_content, find_active_content, load_payloads

from .factories import EditionFactory, IssueFactory, NewsFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db

PAYLOADS = load_payloads()


def test_the_corpus_holds_at_least_a_hundred_payloads():
    assert len(PAYLOADS) >= 100
    assert any("\n" in payload for payload in PAYLOADS)


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="java&#x09;script:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        "<svg/onload=alert(1)>",
        '<iframe src="data:text/html,x"></iframe>',
        '<div style="width:expression(alert(1))">',
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    ],
)
def test_checker_catches_active_content_left_raw(payload):
    assert find_active_content(f"<p>{payload}</p>")


def test_checker_accepts_escaped_payloads_and_harmless_words():
    html = (
        '<link rel="icon" href="data:,"><p>&lt;script&gt;alert(1)&lt;/script&gt;'
        " javascript:alert(1) onerror=alert(1)</p>"
        '<a href="https://example.org/?q=javascript:">ok</a>'
    )

    assert_no_active_content(html)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_issue_fields_stays_inert_in_pages_and_mail(client, payload):
    issue = IssueFactory(number=900)
    for language in ("fr", "en"):
        EditionFactory(
            issue=issue,
            language=language,
            title=payload[:200],
            summary=payload,
            body=payload,
        )
    SubscriptionFactory(language="fr")

    for url in ("/fr/newsletter/", "/en/newsletter/", "/fr/newsletter/900/"):
        response = client.get(url)
        assert response.status_code == 200
        assert_no_active_content(response.content.decode())
    dispatch = services.dispatch_create(issue=issue, language="fr")
    services.dispatch_send_all(dispatch_id=dispatch.pk)
    (message,) = mail.outbox
    assert_no_active_content(message.alternatives[0].content)
    assert_no_active_content(services.issue_preview(issue=issue, language="en").html)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_news_fields_stays_inert_in_pages_feed_and_flash_mail(
    client, payload, django_capture_on_commit_callbacks
):
    news = NewsFactory(
        slug="xss",
        title_fr=payload[:200],
        title_en=payload[:200],
        body_fr=payload,
        body_en=payload,
        published_at=None,
        is_flash=True,
    )
    reader = get_user_model().objects.create(email="reader@example.org")
    SubscriptionFactory(language="en", flash_news=True, user=reader)

    with django_capture_on_commit_callbacks(execute=True):
        services.news_publish(news=news)

    for url in ("/fr/news/", "/en/news/xss/"):
        response = client.get(url)
        assert response.status_code == 200
        assert_no_active_content(response.content.decode())
    rss = client.get("/fr/news/feed/").content
    assert feedparser.parse(rss).bozo == 0
    # What a feed reader renders is the raw HTML of each item's description
    # (feedparser's own sanitizing would hide a fault, so read the XML).
    descriptions = ElementTree.fromstring(rss).findall("./channel/item/description")
    assert len(descriptions) == 1
    assert_no_active_content(descriptions[0].text or "")
    (message,) = mail.outbox
    assert_no_active_content(message.alternatives[0].content)
