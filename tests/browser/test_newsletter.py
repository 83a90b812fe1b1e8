"""Acceptance 3: in real Chromium, a visitor subscribes in French, confirms
from the mail, receives the next issue and unsubscribes in one click."""

import pytest
from playwright.sync_api import expect

from newsletter import services
from newsletter.models import Subscription
from tests.newsletter import smtp
from tests.newsletter.factories import issue_with_editions

# The SMTP server and eager Celery fixtures of the newsletter tests.
smtp_handler = smtp.smtp_handler
smtp_server = smtp.smtp_server
celery_eager = smtp.celery_eager

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_subscribes_in_french_confirms_receives_and_unsubscribes(
    live_server, page, settings, smtp_server, smtp_handler, celery_eager
):
    settings.SITE_URL = live_server.url
    page.goto(f"{live_server.url}/fr/newsletter/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    form = page.locator("#subscribe-form")
    form.locator("input[name=email]").fill("aissatou@example.sn")
    form.locator("select[name=language]").select_option("fr")
    form.locator("button[name=subscribe]").click()
    expect(page.get_by_role("status")).to_contain_text("aissatou@example.sn")

    (confirmation,) = smtp_handler.to("aissatou@example.sn")
    (link,) = [url for url in confirmation.links() if "/confirm/" in url]
    assert link.startswith(f"{live_server.url}/fr/newsletter/confirm/")
    page.goto(link)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.locator("#confirm-button").click()
    expect(page.locator("#confirmed")).to_be_visible()
    assert Subscription.objects.get(email="aissatou@example.sn").is_active

    issue = issue_with_editions(number=77)
    services.dispatch_start(
        dispatch=services.dispatch_create(issue=issue, language="fr", user=None)
    )

    newsletter = smtp_handler.to("aissatou@example.sn")[-1]
    assert newsletter.message["Subject"] == "Concertation Mail n° 77"
    assert newsletter.message["List-Unsubscribe-Post"] == ("List-Unsubscribe=One-Click")
    unsubscribe = newsletter.message["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe in newsletter.html
    page.goto(unsubscribe)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    buttons = page.locator("main button")
    expect(buttons).to_have_count(1)
    buttons.click()
    expect(page.locator("#unsubscribed")).to_be_visible()
    assert Subscription.objects.get(email="aissatou@example.sn").unsubscribed_at
    assert len(smtp_handler.to("aissatou@example.sn")) == 2
