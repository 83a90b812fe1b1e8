"""What a focal point sees and does: a record beside last year's, the
country's dashboard and its reminders."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inventory.models import CampaignReminder, MHOManagement, YearlyRecord
from inventory.services import records
from tests.factories import UserFactory
from tests.inventory.conftest import CAMPAIGN_YEAR, make_mho, make_record
from tests.newsletter import smtp

# The real SMTP server of the newsletter tests.
smtp_handler = smtp.smtp_handler
smtp_server = smtp.smtp_server

pytestmark = pytest.mark.django_db


def submitted(mho, manager, **figures):
    record = records.record_for_edit(mho=mho, year=CAMPAIGN_YEAR)
    data = {
        name: getattr(record, name)
        for name in ("status", "members", "beneficiaries", "currency")
    }
    data.update(
        {"new_members": 50, "renewing_members": 300, **figures}
    )  # flows are new each year
    return records.record_submit(
        record=record,
        user=manager,
        data=data,
        expected_version=0,
        source="form",
        confirm_warnings=True,
    )


def review_url(record):
    return reverse("inventory:record_review", args=[record.pk])


def dashboard_url(iso2="SN", language="fr"):
    return f"/{language}/review/dashboard/{iso2}/"


# --- the review page -------------------------------------------------------------


def test_review_shows_what_changed_since_last_year_and_by_how_much(
    client, manager_a, mho_a, focal_sn, campaign
):
    record = submitted(mho_a, manager_a, members=800, contributions_collected=2_500_000)
    client.force_login(focal_sn)

    response = client.get(review_url(record))

    page = response.content.decode()
    rows = {
        row.name: row for group in response.context["groups"] for row in group["rows"]
    }
    assert response.status_code == 200
    assert rows["members"].changed and rows["members"].change == "+400 (+100 %)"
    assert rows["members"].value == "800" and rows["members"].previous == "400"
    assert rows["contributions_collected"].change == "+500\xa0000 (+25 %)"
    assert rows["contributions_collected"].value == "2\xa0500\xa0000 XOF"
    assert not rows["status"].changed and not rows["beneficiaries"].changed
    assert 'id="row-members" class="changed"' in page
    assert 'id="row-beneficiaries" class="changed"' not in page
    # Answers are words, never True / False / None.
    assert rows["covers_primary_care"].value == "Oui"
    assert rows["covers_surgery"].value == "Non renseigné"


def test_review_lists_the_warnings_the_submitter_confirmed_with_their_text(
    client, manager_a, mho_a, focal_sn, campaign
):
    record = submitted(mho_a, manager_a, members=800)
    client.force_login(focal_sn)

    response = client.get(review_url(record))

    assert record.confirmed_warnings.startswith("W01")
    warnings = response.context["warnings"]
    assert warnings[0]["code"] == "W01"
    assert "Plus de 50" in str(warnings[0]["message"])
    assert "<strong>W01</strong> — Plus de 50" in response.content.decode()


def test_validate_and_return_each_ask_to_confirm_and_a_return_needs_a_comment(
    client, manager_a, mho_a, focal_sn, campaign
):
    record = submitted(mho_a, manager_a)
    client.force_login(focal_sn)

    page = client.get(review_url(record)).content.decode()
    refused = client.post(
        review_url(record), {"version": record.version, "return": "1", "comment": " "}
    )

    # Each decision is a summary that opens its own confirming button.
    assert '<summary class="button">Valider</summary>' in page
    assert 'id="confirm-validate"' in page and 'id="confirm-return"' in page
    assert page.index("confirm-validate") < page.index("confirm-return")
    record.refresh_from_db()
    assert refused.status_code == 400 and record.state == "submitted"
    assert '<details class="decision return" open>' in refused.content.decode()


def test_review_page_queries_do_not_depend_on_the_changes(
    client, manager_a, mho_a, mho_b, focal_sn, campaign
):
    few = submitted(mho_a, manager_a)
    MHOManagement.objects.create(user=manager_a, mho=mho_b, status="approved")
    many = submitted(
        mho_b,
        manager_a,
        members=900,
        beneficiaries=3000,
        contributions_collected=9_000_000,
        benefits_paid=4_000_000,
    )
    client.force_login(focal_sn)

    counts = []
    for record in (few, many):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(review_url(record)).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1] <= 8


# --- the dashboard ------------------------------------------------------------


def country_of(size, senegal, manager):
    """``size`` mutuals: a third validated, a third in draft, a third not
    started, all managed by ``manager``."""
    for number in range(size):
        mho = make_mho(f"SN-{100 + number:04d}", senegal)
        MHOManagement.objects.create(user=manager, mho=mho, status="approved")
        if number % 3 == 0:
            make_record(
                mho, CAMPAIGN_YEAR, state="validated", submitted_at=timezone.now()
            )
        elif number % 3 == 1:
            make_record(mho, CAMPAIGN_YEAR, state="draft")


def test_dashboard_says_who_reported_has_a_draft_or_did_not_start(
    client, senegal, focal_sn, manager_a, campaign
):
    country_of(6, senegal, manager_a)  # and manager_a's own, not started
    client.force_login(focal_sn)

    response = client.get(dashboard_url())

    row = response.context["chosen"]
    page = response.content.decode()
    assert response.status_code == 200
    assert row["campaign"] == campaign
    assert (row["expected"], row["reported"], row["validated"]) == (7, 2, 2)
    assert (row["draft"], row["not_started"], row["on_time"]) == (2, 3, 2)
    assert round(row["completeness"]) == 29 and round(row["on_time_rate"]) == 29
    assert "2 enregistrements validés peuvent être rouverts" in page
    validated = client.get(f"{dashboard_url()}?year={CAMPAIGN_YEAR}&progress=validated")
    assert [mho.code for mho in validated.context["page"]] == ["SN-0100", "SN-0103"]
    assert "Rouvrir" in validated.content.decode()


def test_on_time_means_submitted_by_the_closing_day(
    client, senegal, focal_sn, manager_a, campaign
):
    late = make_mho("SN-0200", senegal)
    make_record(
        late,
        CAMPAIGN_YEAR,
        state="submitted",
        submitted_at=timezone.now() + timedelta(days=90),  # after closes_on
    )
    client.force_login(focal_sn)

    row = client.get(dashboard_url()).context["chosen"]

    assert (row["reported"], row["on_time"]) == (1, 0)


def test_dashboard_queries_do_not_grow_with_the_mutuals(
    client, senegal, focal_sn, manager_a, campaign
):
    client.force_login(focal_sn)
    counts = []
    for size in (3, 60):
        country_of(size, senegal, manager_a)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(dashboard_url())
        assert response.status_code == 200
        counts.append(len(queries))
        YearlyRecord.objects.filter(mho__code__gte="SN-0100").delete()
        senegal.mhos.filter(code__gte="SN-0100").delete()

    assert counts[0] == counts[1] <= 12
    assert len(response.context["page"]) == 50  # a page at a time


def test_dashboard_is_its_country_focal_points_and_the_secretariat_only(
    client, mho_a, manager_a, focal_sn, focal_ml, staff, campaign
):
    outcomes = {}
    for name, user in (
        ("manager", manager_a),
        ("focal_ml", focal_ml),
        ("focal_sn", focal_sn),
        ("staff", staff),
    ):
        client.force_login(user)
        outcomes[name] = client.get(dashboard_url()).status_code

    assert outcomes == {"manager": 404, "focal_ml": 404, "focal_sn": 200, "staff": 200}


def test_reminder_mails_the_managers_of_the_mutuals_that_have_not_reported_once_a_week(
    client,
    senegal,
    mho_a,
    mho_b,
    manager_a,
    focal_sn,
    campaign,
    smtp_server,
    without_broker,
    django_capture_on_commit_callbacks,
):
    # A: draft, managed; B: validated; C: not started, managed in English;
    # D: no manager.
    make_record(mho_a, CAMPAIGN_YEAR, state="draft")
    make_record(mho_b, CAMPAIGN_YEAR, state="validated")
    mho_c = make_mho("SN-0003", senegal)
    english = UserFactory(email="manager.c@example.sn", language="en")
    MHOManagement.objects.create(user=english, mho=mho_c, status="approved")
    make_mho("SN-0004", senegal)
    client.force_login(focal_sn)
    remind = reverse("inventory:country_remind", args=["SN"])

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(remind, {"year": CAMPAIGN_YEAR}, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(remind, {"year": CAMPAIGN_YEAR}, follow=True)

    handler = smtp_server.handler
    assert sorted(r for m in handler.messages for r in m.rcpt_tos) == [
        "manager.a@example.sn",
        "manager.c@example.sn",
    ]
    french = handler.to("manager.a@example.sn")[0]
    english_mail = handler.to("manager.c@example.sn")[0]
    assert "pas encore été soumise" in french.text
    assert f"/fr/my/SN-0001/{CAMPAIGN_YEAR}/" in french.text
    assert "has not been submitted yet" in english_mail.text
    assert f"/en/my/SN-0003/{CAMPAIGN_YEAR}/" in english_mail.text
    assert "2 mutuelles" in first.content.decode()
    assert "moins d’une semaine" in again.content.decode()
    assert CampaignReminder.objects.filter(campaign=campaign).count() == 2
    assert set(CampaignReminder.objects.values_list("mho__code", "recipients")) == {
        ("SN-0001", 1),
        ("SN-0003", 1),
    }
    dashboard = client.get(dashboard_url() + "?progress=draft")
    assert dashboard.context["page"][0].last_reminder is not None
