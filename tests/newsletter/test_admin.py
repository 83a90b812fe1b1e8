"""Staff pages in the admin: actions, preview, dispatch progress, PDF uploads."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from newsletter import services
from newsletter.models import Dispatch, Edition, Issue
from newsletter.validators import validate_pdf
from tests.factories import UserFactory

from .factories import NewsFactory, SubscriptionFactory, issue_with_editions

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


@pytest.fixture
def staff_client(client):
    staff = UserFactory(
        email="secretariat@example.sn", is_staff=True, is_superuser=True
    )
    client.force_login(staff)
    return client


def test_dispatch_action_sends_each_edition_to_its_readers(
    staff_client, django_capture_on_commit_callbacks
):
    issue = issue_with_editions(number=40)
    SubscriptionFactory.create_batch(2, language="fr")
    SubscriptionFactory(language="en")

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/en/admin/newsletter/issue/",
            {"action": "dispatch_to_subscribers", "_selected_action": [issue.pk]},
            follow=True,
        )

    assert response.status_code == 200
    assert "2 dispatches queued" in response.content.decode()
    assert len(mail.outbox) == 3
    assert Dispatch.objects.filter(finished_at__isnull=False).count() == 2


def test_dispatch_action_refuses_an_unpublished_issue(staff_client):
    issue = issue_with_editions(number=41, is_published=False)
    SubscriptionFactory()

    response = staff_client.post(
        "/en/admin/newsletter/issue/",
        {"action": "dispatch_to_subscribers", "_selected_action": [issue.pk]},
        follow=True,
    )

    assert "Publish an issue before dispatching it" in response.content.decode()
    assert not Dispatch.objects.exists() and mail.outbox == []


def test_send_test_action_mails_only_the_staff_member(staff_client):
    issue = issue_with_editions(number=42)
    SubscriptionFactory()

    staff_client.post(
        "/en/admin/newsletter/issue/",
        {"action": "send_test_to_me", "_selected_action": [issue.pk]},
    )

    assert [m.to for m in mail.outbox] == [["secretariat@example.sn"]] * 2
    assert not Dispatch.objects.exists()


def test_preview_shows_the_mail_to_staff_only(staff_client, client):
    issue = issue_with_editions(number=43)
    url = f"/en/admin/newsletter/issue/{issue.pk}/preview/fr/"

    response = staff_client.get(url)
    staff_client.logout()
    anonymous = client.get(url)

    assert response.status_code == 200
    assert "<strong>mutuelles de santé</strong>" in response.content.decode()
    assert anonymous.status_code == 302


def test_dispatch_list_shows_progress_in_a_fixed_number_of_queries(staff_client):
    def grow(n):
        for _ in range(n):
            issue = issue_with_editions()
            SubscriptionFactory.create_batch(2)
            dispatch = services.dispatch_create(issue=issue, language="fr")
            services.dispatch_send_batch(dispatch_id=dispatch.pk, batch_size=1)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get("/en/admin/newsletter/dispatch/")
        assert response.status_code == 200
        return len(queries.captured_queries), response

    grow(2)
    few, _response = count()
    grow(10)
    many, response = count()

    assert few == many
    row = response.context["cl"].result_list[0]
    assert row.sent_count == 1 and row.pending_count == 23
    assert many <= 8


@pytest.mark.parametrize(
    "url",
    [
        "/en/admin/newsletter/subscription/?q=example&language__exact=fr",
        "/en/admin/newsletter/delivery/?status__exact=sent&q=example",
        "/en/admin/newsletter/news/?is_flash__exact=1",
        "/en/admin/newsletter/issue/?q=Issue",
        "/en/admin/newsletter/issue/add/",
    ],
)
def test_admin_lists_filter_and_search(staff_client, url):
    issue = issue_with_editions()
    SubscriptionFactory.create_batch(2)
    services.dispatch_send_all(
        dispatch_id=services.dispatch_create(issue=issue, language="fr").pk
    )

    assert staff_client.get(url).status_code == 200


def edition_form(pdf):
    return {
        "number": "44",
        "date": "2009-01-01",
        "is_published": "on",
        "editions-TOTAL_FORMS": "1",
        "editions-INITIAL_FORMS": "0",
        "editions-MIN_NUM_FORMS": "1",
        "editions-MAX_NUM_FORMS": "2",
        "editions-0-language": "fr",
        "editions-0-title": "Numéro 44",
        "editions-0-summary": "",
        "editions-0-body": "Texte",
        "editions-0-pdf": pdf,
    }


def test_pdf_upload_of_a_renamed_program_is_refused_with_a_clear_message(
    staff_client,
):
    upload = SimpleUploadedFile("issue-44.pdf", EXECUTABLE, "application/pdf")

    response = staff_client.post(
        "/en/admin/newsletter/issue/add/", edition_form(upload)
    )

    assert response.status_code == 200
    assert "This file is not a PDF document" in response.content.decode()
    assert not Issue.objects.exists()


def test_pdf_upload_of_a_real_pdf_is_kept(staff_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("issue-44.pdf", PDF, "application/pdf")

    response = staff_client.post(
        "/en/admin/newsletter/issue/add/", edition_form(upload)
    )

    assert response.status_code == 302
    edition = Edition.objects.get()
    assert edition.pdf.name.endswith(".pdf")
    assert edition.pdf.read().startswith(b"%PDF-")


def test_pdf_validator_refuses_large_files_and_other_names(settings):
    settings.NEWSLETTER_PDF_MAX_BYTES = 1024
    too_large = SimpleUploadedFile("big.pdf", PDF + b"0" * 2000)
    renamed = SimpleUploadedFile("issue.exe", PDF)

    with translation.override("en"):
        with pytest.raises(Exception, match="largest accepted is 1.0"):
            validate_pdf(too_large)
        with pytest.raises(Exception, match="must end with .pdf"):
            validate_pdf(renamed)
    validate_pdf(SimpleUploadedFile("fine.PDF", PDF))


def test_issue_date_orders_the_archive():
    issue_with_editions(number=1, date=datetime.date(1999, 9, 1))
    issue_with_editions(number=2, date=datetime.date(2000, 1, 1))

    assert list(Issue.objects.values_list("number", flat=True)) == [2, 1]


def test_publish_action_publishes_and_mails_flash_news(
    staff_client, django_capture_on_commit_callbacks
):
    reader = UserFactory(email="reader@example.org")
    SubscriptionFactory(email="reader@example.org", user=reader, flash_news=True)
    news = NewsFactory(published_at=None, is_flash=True)

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            "/en/admin/newsletter/news/",
            {"action": "publish", "_selected_action": [news.pk]},
        )

    news.refresh_from_db()
    assert news.published_at is not None
    assert [m.to for m in mail.outbox] == [["reader@example.org"]]
