"""Campaign reminders, requests to manage an MHO and new registrations."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from inventory.models import CampaignReminder, MHOManagement, MutualHealthOrganization
from inventory.services.campaigns import campaign_send_reminders
from organizations.models import Organization
from tests.factories import UserFactory
from tests.inventory.conftest import CAMPAIGN_YEAR, make_record

pytestmark = pytest.mark.django_db


def test_reminders_go_to_managers_who_have_not_submitted_once_a_week(
    manager_a, mho_a, mho_b, campaign
):
    make_record(mho_b, CAMPAIGN_YEAR, state="submitted")
    MHOManagement.objects.create(user=UserFactory(), mho=mho_b, status="approved")
    now = timezone.now()

    first = campaign_send_reminders(now=now)
    again_tomorrow = campaign_send_reminders(now=now + timedelta(days=1))
    next_week = campaign_send_reminders(now=now + timedelta(days=8))

    assert (first, again_tomorrow, next_week) == (1, 0, 1)
    assert [m.to for m in mail.outbox] == [["manager.a@example.sn"]] * 2
    assert str(CAMPAIGN_YEAR) in mail.outbox[0].subject
    assert CampaignReminder.objects.filter(mho=mho_a).count() == 2


def test_reminder_command_runs_the_same_service(manager_a, mho_a, campaign, capsys):
    call_command("send_campaign_reminders")

    assert "1 mutual" in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_no_reminder_without_an_open_campaign(manager_a, mho_a):
    assert campaign_send_reminders() == 0
    assert mail.outbox == []


def test_request_to_manage_is_approved_by_the_countrys_focal_point(
    client, mho_a, focal_sn, focal_ml, campaign
):
    applicant = UserFactory(email="new.manager@example.sn")
    client.force_login(applicant)
    client.post("/fr/my/request/", {"code": "sn-0001", "message": "Trésorière"})
    management = MHOManagement.objects.get(user=applicant)

    client.force_login(focal_ml)
    refused = client.post(
        f"/fr/review/managements/{management.pk}/", {"decision": "approve"}
    )
    management.refresh_from_db()
    assert refused.status_code == 404 and management.status == "pending"

    client.force_login(focal_sn)
    client.post(f"/fr/review/managements/{management.pk}/", {"decision": "approve"})
    management.refresh_from_db()
    assert management.status == "approved" and management.decided_by == focal_sn
    client.force_login(applicant)
    assert client.get(f"/fr/my/SN-0001/{CAMPAIGN_YEAR}/").status_code == 200


def test_unknown_code_is_reported(client, db):
    client.force_login(UserFactory())

    response = client.post("/en/my/request/", {"code": "SN-9999"})

    assert "No mutual in the inventory has this code." in response.content.decode()
    assert not MHOManagement.objects.exists()


def test_registered_mutual_waits_for_approval_then_its_registrant_manages_it(
    client, senegal, focal_sn, campaign
):
    registrant = UserFactory()
    client.force_login(registrant)

    client.post(
        "/fr/my/register/",
        {
            "name": "Mutuelle de santé de Ndiaganiao",
            "country": senegal.pk,
            "type": "community",
            "legal_status": "none",
        },
    )
    mho = MutualHealthOrganization.objects.get()
    before = client.get(f"/fr/my/{mho.code}/{CAMPAIGN_YEAR}/").status_code
    assert client.get(f"/fr/inventory/{mho.code}/").status_code == 404
    client.force_login(focal_sn)
    client.post(f"/fr/review/mhos/{mho.code}/", {"decision": "approve"})
    client.force_login(registrant)
    after = client.get(f"/fr/my/{mho.code}/{CAMPAIGN_YEAR}/").status_code

    assert mho.code == "SN-0001"
    assert (before, after) == (404, 200)


def test_delegate_of_a_support_organization_edits_the_mhos_it_supports(
    client, senegal, mho_a, mho_b, campaign
):
    from inventory.models import SupportDelegation

    organization = Organization.objects.create(
        slug="appui", name_fr="Appui", name_en="Support", kind="support-structure"
    )
    mho_a.support_organizations.add(organization)
    delegate = UserFactory()
    SupportDelegation.objects.create(
        user=delegate, organization=organization, status="approved"
    )
    client.force_login(delegate)

    assert client.get(f"/fr/my/{mho_a.code}/{CAMPAIGN_YEAR}/").status_code == 200
    assert client.get(f"/fr/my/{mho_b.code}/{CAMPAIGN_YEAR}/").status_code == 404


def test_delegation_request_waits_for_the_secretariat(client, mho_a, campaign):
    from inventory.models import SupportDelegation

    organization = Organization.objects.create(
        slug="appui", name_fr="Appui", name_en="Support", kind="support-structure"
    )
    mho_a.support_organizations.add(organization)
    delegate = UserFactory()
    client.force_login(delegate)

    response = client.post(
        "/en/my/delegation/", {"organization": organization.pk, "message": "Chargée"}
    )
    pending = client.get(f"/fr/my/{mho_a.code}/{CAMPAIGN_YEAR}/")
    SupportDelegation.objects.filter(user=delegate).update(status="approved")
    approved = client.get(f"/fr/my/{mho_a.code}/{CAMPAIGN_YEAR}/")

    assert response.status_code == 302
    assert (pending.status_code, approved.status_code) == (404, 200)


def test_a_focal_point_of_a_country_without_mutuals_has_an_empty_queue(
    client, focal_ml, mho_a
):
    client.force_login(focal_ml)
    response = client.get("/en/review/")

    assert response.status_code == 200
    assert mho_a.code not in response.content.decode()
