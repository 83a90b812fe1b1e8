"""The secretariat's tasks in real Chromium, as a member of the Secretariat
group who is not a superuser, each from the start page in at most five clicks
or form submissions (counted here): publish a news item, publish a proposed
event, send an issue (confirmation with the figures, then the progress; the
mails reach a real SMTP server), preview an issue before saving it."""

import pytest
from playwright.sync_api import expect

from forum.models import Event
from newsletter.models import Issue
from tests.factories import UserFactory, secretariat_member
from tests.forum.factories import EventFactory
from tests.newsletter import smtp
from tests.newsletter.factories import (
    NewsFactory,
    SubscriptionFactory,
    issue_with_editions,
)

smtp_handler = smtp.smtp_handler
smtp_server = smtp.smtp_server
celery_eager = smtp.celery_eager

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse 42"
MAX_STEPS = 5


class Steps:
    """Clicks and form submissions, counted."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def click(self, locator):
        self.count += 1
        locator.click()


@pytest.fixture
def desk(live_server, browser):
    """A secretary logged in, on the start page, in French, on a desktop."""
    secretariat_member(email="secretariat@example.sn")
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="fr-FR"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/fr/account/login/")
    page.locator("input[name=username]").fill("secretariat@example.sn")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.stacked button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/fr/admin/")
    expect(page.locator("#site-name")).to_contain_text("bureau du secrétariat")
    yield page
    context.close()


def test_secretary_publishes_a_news_item_from_the_start_page(desk):
    news = NewsFactory(title_fr="Atelier régional à Thiès", published_at=None)
    desk.reload()
    steps = Steps(desk)

    steps.click(desk.locator("#desk-draft-news").get_by_role("link", name=news.title))
    steps.click(desk.locator("#desk-publish"))

    expect(desk.locator(".messagelist .success")).to_be_visible()
    expect(desk.locator("#desk-unpublish")).to_be_visible()
    news.refresh_from_db()
    assert news.published_at is not None
    assert steps.count <= MAX_STEPS


def test_secretary_publishes_a_proposed_event_from_the_start_page(desk):
    event = EventFactory(
        title_fr="Forum de Bamako",
        status=Event.Status.PROPOSED,
        proposed_by=UserFactory(),
    )
    desk.reload()
    steps = Steps(desk)

    proposed = desk.locator("#desk-proposed-events")
    expect(proposed).to_contain_text("(1)")
    steps.click(proposed.get_by_role("link", name="Forum de Bamako"))
    steps.click(desk.locator("#desk-publish"))

    expect(desk.locator(".messagelist .success")).to_contain_text("calendrier public")
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert steps.count <= MAX_STEPS


def test_secretary_sends_an_issue_with_confirmation_and_progress(
    desk, live_server, settings, smtp_server, smtp_handler, celery_eager
):
    settings.SITE_URL = live_server.url
    issue = issue_with_editions(number=61, is_published=False)
    french = SubscriptionFactory.create_batch(3, language="fr")
    english = SubscriptionFactory.create_batch(2, language="en")
    desk.reload()
    steps = Steps(desk)

    steps.click(desk.locator("#desk-draft-issues").get_by_role("link", name="61"))
    steps.click(desk.locator("#desk-publish"))
    steps.click(desk.locator("#desk-send"))

    plan = desk.locator("#send-plan")
    expect(plan.locator("tr[data-language=fr] .recipients")).to_have_text("3")
    expect(plan.locator("tr[data-language=en] .recipients")).to_have_text("2")
    expect(plan.locator("tr[data-language=fr] .subject")).to_contain_text("Numéro 61")
    expect(plan.locator("tr[data-language=en] .subject")).to_contain_text("Issue 61")
    assert len(smtp_handler) == 0
    steps.click(desk.locator("#confirm-send"))

    progress = desk.locator("#dispatch-progress")
    expect(progress.locator("tr[data-language=fr] .sent")).to_have_text("3")
    expect(progress.locator("tr[data-language=en] .sent")).to_have_text("2")
    expect(progress.locator("tr[data-language=fr] .failed")).to_have_text("0")
    expect(progress.locator("tr[data-language=fr] .remaining")).to_have_text("0")
    expect(desk.locator("#dispatch-state")).to_contain_text("Terminé")
    received = smtp_handler.count_per_recipient()
    assert received == {s.email: 1 for s in french + english}
    assert "Numéro 61" in smtp_handler.to(french[0].email)[0].message["Subject"]
    assert issue.dispatches.filter(finished_at__isnull=False).count() == 2
    assert steps.count <= MAX_STEPS


def test_secretary_previews_an_issue_before_saving_it(desk):
    steps = Steps(desk)

    steps.click(desk.get_by_role("link", name="Rédiger un numéro de Concertation Mail"))
    desk.locator("input[name=number]").fill("62")
    desk.locator("input[name=date]").fill("01/12/2026")
    desk.locator("select[name=editions-0-language]").select_option("fr")
    desk.locator("input[name=editions-0-title]").fill("Les unions de mutuelles")
    desk.locator("textarea[name=editions-0-body]").fill(
        "## Éditorial\n\nLes **unions** progressent. <script>alert(1)</script>"
    )
    with desk.context.expect_page() as opened:
        steps.click(desk.get_by_role("button", name="Prévisualiser"))
    preview = opened.value
    preview.wait_for_load_state()

    subject = preview.locator(".desk-subject")
    expect(subject).to_contain_text("62")
    expect(subject).to_contain_text("Les unions de mutuelles")
    mail = preview.frame_locator("iframe.desk-frame").first
    expect(mail.locator("strong")).to_have_text("unions")
    web_page = preview.frame_locator("iframe.desk-frame").last
    expect(web_page.locator("h1")).to_have_text("Les unions de mutuelles")
    assert "<script>alert" not in preview.content()
    assert not Issue.objects.exists()
    expect(desk.locator("input[name=editions-0-title]")).to_have_value(
        "Les unions de mutuelles"
    )
    assert steps.count <= MAX_STEPS
