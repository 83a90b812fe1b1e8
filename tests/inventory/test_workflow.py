"""The yearly update: form, warnings, submission, review and permissions."""

import pytest
from django.core import mail
from django.urls import reverse

from inventory.models import YearlyRecord
from tests.inventory.conftest import CAMPAIGN_YEAR, LAST_YEAR_FIGURES, form_data

pytestmark = pytest.mark.django_db


def edit_url(mho, year=CAMPAIGN_YEAR, language="fr"):
    return f"/{language}/my/{mho.code}/{year}/"


def snapshot():
    return sorted(
        YearlyRecord.objects.values_list(
            "mho__code", "year", "members", "state", "version"
        )
    )


def test_form_opens_prefilled_from_last_year(client, manager_a, mho_a, campaign):
    client.force_login(manager_a)

    response = client.get(edit_url(mho_a))

    form = response.context["form"]
    assert response.status_code == 200
    assert form.initial["members"] == 400
    assert form.initial["version"] == 0
    assert "Mutuelle de santé de Thiès" in response.content.decode()


def test_manager_saves_a_draft_with_a_history_row(client, manager_a, mho_a, campaign):
    client.force_login(manager_a)

    response = client.post(
        edit_url(mho_a), {**form_data(LAST_YEAR_FIGURES, 0), "draft": "1"}
    )

    record = YearlyRecord.objects.get(mho=mho_a, year=CAMPAIGN_YEAR)
    assert response.status_code == 302
    assert record.state == "draft" and record.version == 1 and record.source == "form"
    assert record.history.count() == 1
    assert record.history.get().history_user == manager_a


def test_submission_asks_to_confirm_unusual_figures_then_submits(
    client, manager_a, mho_a, campaign
):
    client.force_login(manager_a)
    data = form_data(LAST_YEAR_FIGURES, 0, members=800, beneficiaries=2400, submit="1")

    first = client.post(edit_url(mho_a), data)
    confirmed = client.post(edit_url(mho_a), {**data, "confirm_warnings": "on"})

    assert first.status_code == 400
    assert 'id="warning-W01"' in first.content.decode()
    assert [w["code"] for w in first.context["warnings"]] == ["W01", "W02"]
    record = YearlyRecord.objects.get(mho=mho_a, year=CAMPAIGN_YEAR)
    assert confirmed.status_code == 302
    assert record.state == "submitted" and record.submitted_by == manager_a
    assert record.confirmed_warnings == "W01,W02"


def test_hard_errors_block_and_are_reported_in_french(
    client, manager_a, mho_a, campaign
):
    client.force_login(manager_a)

    response = client.post(
        edit_url(mho_a),
        form_data(LAST_YEAR_FIGURES, 0, members=500, beneficiaries=100, submit="1"),
    )

    assert response.status_code == 400
    assert "bénéficiaires" in response.content.decode().lower()
    assert response.context["form"].errors["beneficiaries"]
    assert not YearlyRecord.objects.filter(year=CAMPAIGN_YEAR).exists()


def test_members_for_a_mutual_in_project_block_submission_not_the_draft(
    client, manager_a, mho_a, campaign
):
    client.force_login(manager_a)
    figures = {**LAST_YEAR_FIGURES, "status": "project"}

    submitted = client.post(
        edit_url(mho_a, language="en"), form_data(figures, 0, submit="1")
    )
    refused = not YearlyRecord.objects.filter(year=CAMPAIGN_YEAR).exists()
    drafted = client.post(
        edit_url(mho_a, language="en"), form_data(figures, 0, draft="1")
    )

    assert submitted.status_code == 400 and refused
    assert "still a project has no members" in submitted.content.decode()
    assert drafted.status_code == 200
    assert "The draft is saved" in drafted.content.decode()
    assert "still a project has no members" in drafted.content.decode()
    record = YearlyRecord.objects.get(mho=mho_a, year=CAMPAIGN_YEAR)
    assert record.state == "draft" and record.status == "project"


def test_negative_figures_are_refused(client, manager_a, mho_a, campaign):
    client.force_login(manager_a)

    response = client.post(
        edit_url(mho_a), form_data(LAST_YEAR_FIGURES, 0, benefits_paid=-5, draft="1")
    )

    assert response.status_code == 400
    assert response.context["form"].errors["benefits_paid"]
    assert not YearlyRecord.objects.filter(year=CAMPAIGN_YEAR).exists()


def test_manager_of_a_cannot_reach_b_by_changing_ids(
    client, manager_a, mho_a, mho_b, campaign
):
    b_record = YearlyRecord.objects.get(mho=mho_b)
    client.force_login(manager_a)
    before = snapshot()

    responses = [
        client.get(edit_url(mho_b)),
        client.post(edit_url(mho_b), form_data(LAST_YEAR_FIGURES, 0, draft="1")),
        client.get(reverse("inventory:record_history", args=[b_record.pk])),
        client.post(
            reverse("inventory:record_history", args=[b_record.pk]),
            {"history_id": b_record.history.first().history_id},
        ),
        client.get(reverse("inventory:record_review", args=[b_record.pk])),
        client.post(
            reverse("inventory:record_review", args=[b_record.pk]),
            {"version": b_record.version, "validate": "1"},
        ),
        client.get(reverse("inventory:review_queue")),
    ]
    # Posted fields cannot move A's form onto B either.
    client.post(
        edit_url(mho_a),
        {**form_data(LAST_YEAR_FIGURES, 0, draft="1"), "mho": mho_b.pk, "year": 1999},
    )

    assert [r.status_code for r in responses] == [404, 404, 404, 404, 404, 404, 403]
    after = [row for row in snapshot() if row[0] == "SN-0002"]
    assert after == [row for row in before if row[0] == "SN-0002"]
    assert YearlyRecord.objects.get(mho=mho_a, year=CAMPAIGN_YEAR).version == 1


def test_anonymous_visitors_are_sent_to_login(client, mho_a, campaign):
    response = client.get(edit_url(mho_a))

    assert response.status_code == 302
    assert response["Location"].startswith("/fr/account/login/")


def test_no_open_campaign_means_no_change(client, manager_a, mho_a):
    client.force_login(manager_a)

    response = client.post(
        edit_url(mho_a, language="en"),
        form_data(LAST_YEAR_FIGURES, 0, draft="1"),
        follow=True,
    )

    assert f"No campaign is open for {CAMPAIGN_YEAR}" in response.content.decode()
    assert not YearlyRecord.objects.filter(year=CAMPAIGN_YEAR).exists()


def submitted_record(mho, manager):
    from inventory.services.records import record_for_edit, record_submit

    record = record_for_edit(mho=mho, year=CAMPAIGN_YEAR)
    return record_submit(
        record=record,
        user=manager,
        data=dict(LAST_YEAR_FIGURES),
        expected_version=0,
        source="form",
    )


def test_focal_point_validates_and_the_record_is_locked(
    client, manager_a, mho_a, focal_sn, campaign
):
    record = submitted_record(mho_a, manager_a)
    client.force_login(focal_sn)

    queue = client.get(reverse("inventory:review_queue"))
    client.post(
        reverse("inventory:record_review", args=[record.pk]),
        {"version": record.version, "validate": "1"},
    )
    client.force_login(manager_a)
    edit = client.post(edit_url(mho_a), form_data(LAST_YEAR_FIGURES, 2, draft="1"))

    record.refresh_from_db()
    assert record in queue.context["records"]
    assert record.state == "validated" and record.reviewed_by == focal_sn
    assert edit.status_code == 302
    record.refresh_from_db()
    assert record.state == "validated" and record.version == 2


def test_returning_a_record_mails_its_managers_in_their_language(
    client,
    manager_a,
    mho_a,
    focal_sn,
    campaign,
    django_capture_on_commit_callbacks,
    without_broker,
):
    record = submitted_record(mho_a, manager_a)
    mail.outbox.clear()
    client.force_login(focal_sn)

    without_comment = client.post(
        reverse("inventory:record_review", args=[record.pk]),
        {"version": record.version, "return": "1", "comment": ""},
    )
    record.refresh_from_db()
    assert without_comment.status_code == 400 and record.state == "submitted"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("inventory:record_review", args=[record.pk]),
            {
                "version": record.version,
                "return": "1",
                "comment": "Vérifiez les cotisations.",
            },
        )

    record.refresh_from_db()
    assert record.state == "returned"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["manager.a@example.sn"]
    assert "Vérifiez les cotisations." in mail.outbox[0].body
    assert f"/fr/my/SN-0001/{CAMPAIGN_YEAR}/" in mail.outbox[0].body


def test_focal_point_of_another_country_cannot_review(
    client, manager_a, mho_a, focal_ml, campaign
):
    record = submitted_record(mho_a, manager_a)
    client.force_login(focal_ml)

    response = client.post(
        reverse("inventory:record_review", args=[record.pk]),
        {"version": record.version, "validate": "1"},
    )

    record.refresh_from_db()
    assert response.status_code == 404
    assert record.state == "submitted"


def test_returned_record_can_be_corrected_and_resubmitted(
    client, manager_a, mho_a, focal_sn, campaign
):
    from inventory.services.records import record_return

    record = submitted_record(mho_a, manager_a)
    record_return(
        record=record, user=focal_sn, expected_version=1, comment="Collected?"
    )
    client.force_login(manager_a)

    response = client.post(
        edit_url(mho_a),
        form_data(LAST_YEAR_FIGURES, 2, contributions_collected=2_100_000, submit="1"),
    )

    record.refresh_from_db()
    assert response.status_code == 302
    assert record.state == "submitted" and record.contributions_collected == 2_100_000


def test_review_page_reads_yes_no_and_not_reported_in_french(
    client, manager_a, mho_a, focal_sn, campaign
):
    record = submitted_record(mho_a, manager_a)
    YearlyRecord.objects.filter(pk=record.pk).update(covers_surgery=False)
    client.force_login(focal_sn)

    page = client.get(reverse("inventory:record_review", args=[record.pk])).content
    text = page.decode()

    # Not the values as Python writes them, nor a label for the hidden version.
    for shown in (">None<", ">True<", ">False<", "Version</label>"):
        assert shown not in text
    assert ">Oui<" in text and ">Non<" in text and ">Non renseigné<" in text
