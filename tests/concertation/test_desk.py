"""The secretariat's desk in the admin: its start page, the buttons on each
object's own page, the sending with confirmation, and the unsaved preview."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum.models import Event
from inventory.models import Campaign, MHOManagement
from newsletter.models import Delivery, Dispatch, Issue, News, Subscription
from resources.models import Resource
from tests.factories import (
    CountryFactory,
    MHOFactory,
    UserFactory,
    YearlyRecordFactory,
    secretariat_member,
)
from tests.forum.factories import EventFactory
from tests.newsletter.factories import (
    NewsFactory,
    SubscriptionFactory,
    issue_with_editions,
)
from tests.resources.factories import ResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(client):
    user = secretariat_member(email="secretariat@example.sn")
    client.force_login(user)
    return user


def _waiting_rows(scale: int):
    """Work for the secretariat in two countries, ``scale`` rows of each kind."""
    senegal = CountryFactory(iso2="SN", name_fr="Sénégal", name_en="Senegal")
    mali = CountryFactory(iso2="ML", name_fr="Mali", name_en="Mali")
    proposer = UserFactory()
    today = timezone.localdate()
    Campaign.objects.get_or_create(
        year=2025,
        defaults={
            "opens_on": today - datetime.timedelta(days=5),
            "closes_on": today + datetime.timedelta(days=5),
        },
    )
    for _ in range(scale):
        EventFactory(status=Event.Status.PROPOSED, proposed_by=proposer)
        ResourceFactory(status=Resource.Status.PROPOSED, proposed_by=proposer)
        NewsFactory(published_at=None)
        issue_with_editions(is_published=False)
        MHOFactory(country=senegal, approval="pending", created_by=proposer)
        MHOManagement.objects.create(user=UserFactory(), mho=MHOFactory(country=mali))
        for country in (senegal, mali):
            YearlyRecordFactory(
                mho=MHOFactory(country=country),
                year=2025,
                state="submitted",
                submitted_at=timezone.now(),
            )
    issue = issue_with_editions()
    dispatch = Dispatch.objects.create(issue=issue, language="fr")
    for state in ("sent", "failed"):
        Delivery.objects.create(
            dispatch=dispatch, subscription=SubscriptionFactory(), status=state
        )
    return dispatch


def test_start_page_shows_what_waits_each_with_a_link_to_act(client, secretary):
    dispatch = _waiting_rows(scale=2)
    event = Event.objects.filter(status="proposed").first()
    news = News.objects.filter(published_at=None).first()

    response = client.get("/fr/admin/")

    page = response.content.decode()
    assert response.status_code == 200
    assert f"/fr/admin/forum/event/{event.pk}/change/" in page
    assert f"/fr/admin/newsletter/news/{news.pk}/change/" in page
    assert "?status__exact=proposed" in page
    assert "?approval__exact=pending" in page
    assert f"/fr/admin/newsletter/issue/{dispatch.issue_id}/dispatches/" in page
    desk = response.context["desk"]
    assert desk.proposed_events.count == 2 and desk.proposed_resources.count == 2
    assert desk.pending_registrations.count == 2
    assert desk.pending_managements.count == 2
    assert {row["country"]: row["count"] for row in desk.submitted_per_country} == {
        "Sénégal": 2,
        "Mali": 2,
    }
    assert [(d.sent_count, d.failed_count) for d in desk.dispatches] == [(1, 1)]
    totals = desk.campaign_totals
    assert (totals["reported"], desk.campaign.year) == (4, 2025)


def test_start_page_reads_in_the_same_number_of_queries_whatever_the_rows(
    client, secretary, django_assert_max_num_queries
):
    _waiting_rows(scale=1)
    with CaptureQueriesContext(connection) as few:
        client.get("/fr/admin/")
    Event.objects.all().delete()
    for _ in range(8):
        EventFactory(status=Event.Status.PROPOSED, proposed_by=UserFactory())
    for _ in range(6):
        issue_with_editions(is_published=False)
        YearlyRecordFactory(year=2025, state="submitted", submitted_at=timezone.now())
    with django_assert_max_num_queries(len(few)):
        response = client.get("/fr/admin/")
    assert response.context["desk"].proposed_events.count == 8
    assert len(few) <= 25


def test_admin_is_branded_for_the_portal_in_french_and_english(client, secretary):
    french = client.get("/fr/admin/").content.decode()
    english = client.get("/en/admin/").content.decode()

    assert "Concertation — bureau du secrétariat" in french
    assert "Concertation — secretariat&#x27;s desk" in english
    assert "Administration de Django" not in french
    assert "Django administration" not in english


def test_technical_models_are_for_superusers_only(client, secretary):
    page = client.get("/en/admin/").content.decode()
    assert "/axes/" not in page and "/campaignreminder/" not in page
    hidden_models = ["/axes/accessattempt/", "/auth/group/", "/newsletter/delivery/"]
    for hidden in hidden_models:
        assert hidden not in page
        assert client.get(f"/en/admin{hidden}").status_code == 403
    assert "/newsletter/dispatch/" in page and "/forum/event/" in page

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get("/en/admin/").content.decode()
    assert "/newsletter/delivery/" in page and "/auth/group/" in page
    assert client.get("/en/admin/newsletter/delivery/").status_code == 200


def _action(client, model: str, pk: int, action: str):
    return client.post(f"/en/admin/{model}/{pk}/desk/{action}/", follow=True)


def test_news_publish_and_unpublish_buttons(client, secretary):
    news = NewsFactory(published_at=None)
    page = client.get(f"/en/admin/newsletter/news/{news.pk}/change/").content.decode()
    assert 'id="desk-publish"' in page and 'id="desk-unpublish"' not in page

    response = _action(client, "newsletter/news", news.pk, "publish")
    news.refresh_from_db()
    assert news.published_at is not None
    assert 'id="desk-unpublish"' in response.content.decode()

    _action(client, "newsletter/news", news.pk, "unpublish")
    news.refresh_from_db()
    assert news.published_at is None


def test_event_and_resource_buttons_publish_and_unpublish(client, secretary):
    event = EventFactory(status=Event.Status.PROPOSED)
    resource = ResourceFactory(status=Resource.Status.PROPOSED)

    _action(client, "forum/event", event.pk, "publish")
    _action(client, "resources/resource", resource.pk, "publish")
    event.refresh_from_db()
    resource.refresh_from_db()
    assert (event.status, event.moderated_by) == ("published", secretary)
    assert resource.status == "published"

    _action(client, "forum/event", event.pk, "unpublish")
    _action(client, "resources/resource", resource.pk, "unpublish")
    event.refresh_from_db()
    resource.refresh_from_db()
    assert (event.status, resource.status) == ("rejected", "rejected")


def test_issue_publish_and_test_mail_buttons(client, secretary):
    issue = issue_with_editions(number=61, is_published=False)

    _action(client, "newsletter/issue", issue.pk, "publish")
    issue.refresh_from_db()
    assert issue.is_published

    response = _action(client, "newsletter/issue", issue.pk, "send-test")
    assert [m.to for m in mail.outbox] == [["secretariat@example.sn"]] * 2
    assert all(m.subject.startswith("[TEST]") for m in mail.outbox)
    assert "2 test mails sent" in response.content.decode()


def test_send_asks_confirmation_with_counts_and_subject_then_shows_progress(
    client, secretary, django_capture_on_commit_callbacks
):
    issue = issue_with_editions(number=62)
    SubscriptionFactory.create_batch(3, language="fr")
    SubscriptionFactory(language="en")
    SubscriptionFactory(language="en", unsubscribed_at=timezone.now())

    confirm = client.get(f"/fr/admin/newsletter/issue/{issue.pk}/send/")
    plan = {row["language"]: row for row in confirm.context["plan"]}
    assert (plan["fr"]["recipients"], plan["en"]["recipients"]) == (3, 1)
    assert plan["fr"]["subject"] in confirm.content.decode()
    assert "62" in plan["fr"]["subject"] and "Numéro 62" in plan["fr"]["subject"]
    assert not Dispatch.objects.exists() and mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"/fr/admin/newsletter/issue/{issue.pk}/send/")

    assert sent["Location"].endswith(f"/{issue.pk}/dispatches/")
    response = client.get(sent["Location"])
    active = Subscription.objects.active().values_list("email", flat=True)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(active)
    rows = {d.language: d for d in response.context["dispatches"]}
    assert (rows["fr"].sent_count, rows["en"].sent_count) == (3, 1)
    assert not response.context["running"]

    again = client.get(f"/fr/admin/newsletter/issue/{issue.pk}/send/")
    assert [row["recipients"] for row in again.context["plan"]] == [0, 0]
    assert [row["already"] for row in again.context["plan"]] == [3, 1]


def test_an_unpublished_issue_is_not_sent(client, secretary):
    issue = issue_with_editions(is_published=False)
    SubscriptionFactory()

    client.post(f"/en/admin/newsletter/issue/{issue.pk}/send/", follow=True)

    assert not Dispatch.objects.exists() and mail.outbox == []


ISSUE_FORM = {
    "number": "63",
    "date": "2026-12-01",
    "editions-TOTAL_FORMS": "1",
    "editions-INITIAL_FORMS": "0",
    "editions-MIN_NUM_FORMS": "1",
    "editions-MAX_NUM_FORMS": "2",
    "editions-0-language": "fr",
    "editions-0-title": "Les unions de mutuelles",
    "editions-0-summary": "Un numéro sur les unions.",
    "editions-0-body": "## Éditorial\n\n**Gras** <script>alert(1)</script>",
}


def test_preview_renders_the_unsaved_edition_as_mail_and_page(client, secretary):
    response = client.post("/fr/admin/newsletter/issue/desk/preview/", ISSUE_FORM)

    assert response.status_code == 200
    (preview,) = response.context["previews"]
    assert preview["subject"].endswith("Les unions de mutuelles")
    assert "<strong>Gras</strong>" in preview["mail_html"]
    assert "<strong>Gras</strong>" in preview["page_html"]
    assert "<script>alert" not in preview["mail_html"] + preview["page_html"]
    assert "<script>alert" not in response.content.decode()
    assert not Issue.objects.exists()


def test_preview_of_a_news_item_shows_each_language_written(client, secretary):
    response = client.post(
        "/en/admin/newsletter/news/desk/preview/",
        {"slug": "atelier", "title_fr": "Atelier à Thiès", "body_fr": "*Texte*"},
    )

    (preview,) = response.context["previews"]
    assert "Atelier à Thiès" in preview["page_html"]
    assert "<em>Texte</em>" in preview["page_html"]
    assert not News.objects.exists()


@pytest.mark.parametrize(
    "method, url",
    [
        ("get", "/en/admin/"),
        ("post", "/en/admin/newsletter/news/{news}/desk/publish/"),
        ("post", "/en/admin/forum/event/{event}/desk/publish/"),
        ("post", "/en/admin/newsletter/issue/{issue}/desk/send-test/"),
        ("get", "/en/admin/newsletter/issue/{issue}/send/"),
        ("post", "/en/admin/newsletter/issue/{issue}/send/"),
        ("get", "/en/admin/newsletter/issue/{issue}/dispatches/"),
        ("post", "/en/admin/newsletter/issue/desk/preview/"),
    ],
)
def test_desk_pages_refuse_a_user_who_is_not_staff(client, method, url):
    news, event = NewsFactory(published_at=None), EventFactory(status="proposed")
    issue = issue_with_editions()
    SubscriptionFactory()
    client.force_login(UserFactory())

    response = getattr(client, method)(
        url.format(news=news.pk, event=event.pk, issue=issue.pk), ISSUE_FORM
    )

    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    news.refresh_from_db()
    event.refresh_from_db()
    assert news.published_at is None and event.status == "proposed"
    assert not Dispatch.objects.exists() and mail.outbox == []


def test_desk_buttons_need_the_change_permission(client):
    from django.contrib.auth.models import Permission

    reader = UserFactory(is_staff=True)
    reader.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_news", "view_issue"])
    )
    client.force_login(reader)
    news = NewsFactory(published_at=None)
    issue = issue_with_editions()

    page = client.get(f"/en/admin/newsletter/news/{news.pk}/change/").content
    assert b"desk-publish" not in page
    assert _action(client, "newsletter/news", news.pk, "publish").status_code == 403
    assert client.post(f"/en/admin/newsletter/issue/{issue.pk}/send/").status_code == (
        403
    )
    preview = client.post("/en/admin/newsletter/issue/desk/preview/", ISSUE_FORM)
    assert preview.status_code == 403
    news.refresh_from_db()
    assert news.published_at is None


def test_desk_actions_need_post_and_a_csrf_token(secretary):
    news = NewsFactory(published_at=None)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(secretary)

    url = f"/en/admin/newsletter/news/{news.pk}/desk/publish/"
    assert strict.get(url).status_code == 405
    assert strict.post(url).status_code == 403
    preview = strict.post("/en/admin/newsletter/issue/desk/preview/", ISSUE_FORM)
    assert preview.status_code == 403
    news.refresh_from_db()
    assert news.published_at is None


def test_the_send_page_of_an_unpublished_issue_offers_no_sending(client, secretary):
    issue = issue_with_editions(is_published=False)
    SubscriptionFactory()

    page = client.get(f"/en/admin/newsletter/issue/{issue.pk}/send/").content.decode()

    assert 'id="not-published"' in page and 'id="confirm-send"' not in page
