"""The workflow's mails, through a real SMTP server: each says what to do and
links to the page where it is done, in its recipient's language."""

import pytest
from django.urls import reverse

from inventory.models import MHOManagement
from inventory.services import access, records
from tests.factories import UserFactory
from tests.inventory.conftest import CAMPAIGN_YEAR, LAST_YEAR_FIGURES
from tests.newsletter import smtp

# The real SMTP server of the newsletter tests.
smtp_handler = smtp.smtp_handler
smtp_server = smtp.smtp_server

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_broker")]

SITE = "https://concertation.test"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def submit(mho, manager, after_commit):
    record = records.record_for_edit(mho=mho, year=CAMPAIGN_YEAR)
    with after_commit(execute=True):
        return records.record_submit(
            record=record,
            user=manager,
            data=dict(LAST_YEAR_FIGURES),
            expected_version=0,
            source="form",
        )


def test_a_submission_mails_the_focal_points_of_its_country(
    mho_a,
    manager_a,
    focal_sn,
    focal_ml,
    campaign,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    english = UserFactory(email="focal2.sn@example.sn", language="en")
    focal_sn.focal_points.get().reviewers.add(english)

    record = submit(mho_a, manager_a, django_capture_on_commit_callbacks)

    handler = smtp_server.handler
    assert sorted(handler.count_per_recipient()) == [
        "focal.sn@example.sn",
        "focal2.sn@example.sn",
    ]
    french = handler.to("focal.sn@example.sn")[0]
    assert "attend votre vérification" in french.message["Subject"]
    assert "Mutuelle de santé de Thiès" in french.text and "Awa Diop" in french.text
    assert f"{SITE}/fr/review/records/{record.pk}/" in french.links()
    english_mail = handler.to("focal2.sn@example.sn")[0]
    assert "is waiting for your review" in english_mail.message["Subject"]
    assert f"{SITE}/en/review/records/{record.pk}/" in english_mail.links()


def test_a_validation_mails_the_managers(
    client,
    mho_a,
    manager_a,
    focal_sn,
    campaign,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    record = submit(mho_a, manager_a, django_capture_on_commit_callbacks)
    smtp_server.handler.messages.clear()
    client.force_login(focal_sn)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("inventory:record_review", args=[record.pk]),
            {"version": record.version, "validate": "1"},
        )

    (mail,) = smtp_server.handler.messages
    assert mail.rcpt_tos == ["manager.a@example.sn"]
    assert "est validé" in mail.message["Subject"]
    assert "Point focal Sénégal" in mail.text
    assert f"{SITE}/fr/inventory/SN-0001/" in mail.links()


def test_a_return_mails_the_managers_with_the_reviewers_comment(
    client,
    mho_a,
    manager_a,
    focal_sn,
    campaign,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    record = submit(mho_a, manager_a, django_capture_on_commit_callbacks)
    smtp_server.handler.messages.clear()
    client.force_login(focal_sn)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("inventory:record_review", args=[record.pk]),
            {"version": record.version, "return": "1", "comment": "Cotisations ?"},
        )

    (mail,) = smtp_server.handler.messages
    assert mail.rcpt_tos == ["manager.a@example.sn"]
    assert "Cotisations ?" in mail.text
    assert f"{SITE}/fr/my/SN-0001/{CAMPAIGN_YEAR}/" in mail.links()


@pytest.mark.parametrize(
    ("decision", "subject", "link"),
    [
        ("approve", "vous gérez maintenant SN-0001", "/fr/my/"),
        ("reject", "n’a pas été approuvée", "/fr/my/request/"),
    ],
)
def test_a_decision_on_a_request_to_manage_mails_the_requester(
    client,
    mho_a,
    focal_sn,
    smtp_server,
    django_capture_on_commit_callbacks,
    decision,
    subject,
    link,
):
    applicant = UserFactory(email="applicant@example.sn", language="fr")
    management = access.management_request(user=applicant, mho=mho_a)
    client.force_login(focal_sn)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("inventory:management_decide", args=[management.pk]),
            {"decision": decision},
        )

    (mail,) = smtp_server.handler.messages
    assert mail.rcpt_tos == ["applicant@example.sn"]
    assert subject in mail.message["Subject"]
    assert SITE + link in mail.links()
    assert MHOManagement.objects.get(pk=management.pk).decided_by == focal_sn


def test_a_mail_server_that_fails_undoes_no_decision(
    client, mho_a, focal_sn, settings, django_capture_on_commit_callbacks
):
    from tests.newsletter.smtp import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # closed
    applicant = UserFactory(email="applicant@example.sn")
    management = access.management_request(user=applicant, mho=mho_a)
    client.force_login(focal_sn)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("inventory:management_decide", args=[management.pk]),
            {"decision": "approve"},
        )

    management.refresh_from_db()
    assert response.status_code == 302 and management.status == "approved"
