"""Optimistic locking, history on every write and revert."""

import threading

import pytest
from django.db import connection
from django.test import Client

from inventory.models import MHOManagement, YearlyRecord
from inventory.models.record import DATA_FIELDS
from inventory.services import records
from tests.factories import UserFactory
from tests.inventory.conftest import CAMPAIGN_YEAR, LAST_YEAR_FIGURES, form_data


def edit_url(mho):
    return f"/en/my/{mho.code}/{CAMPAIGN_YEAR}/"


@pytest.mark.django_db
def test_second_writer_from_the_same_version_gets_the_conflict_page(
    client, manager_a, mho_a, campaign
):
    colleague = UserFactory(email="colleague@example.sn")
    MHOManagement.objects.create(user=colleague, mho=mho_a, status="approved")
    other = Client()
    client.force_login(manager_a)
    other.force_login(colleague)
    client.post(edit_url(mho_a), form_data(LAST_YEAR_FIGURES, 0, draft="1"))
    opened_by_both = client.get(edit_url(mho_a)).context["form"].initial["version"]

    first = client.post(
        edit_url(mho_a),
        form_data(LAST_YEAR_FIGURES, opened_by_both, members=410, draft="1"),
    )
    second = other.post(
        edit_url(mho_a),
        form_data(LAST_YEAR_FIGURES, opened_by_both, members=999, draft="1"),
    )

    record = YearlyRecord.objects.get(mho=mho_a, year=CAMPAIGN_YEAR)
    assert first.status_code == 302
    assert second.status_code == 409
    html = second.content.decode()
    assert "Someone changed this record while you were editing it" in html
    assert "999" in html and "410" in html
    assert record.members == 410 and record.version == 2


@pytest.mark.django_db
def test_two_editors_creating_the_same_year_conflict(
    client, manager_a, mho_a, campaign
):
    client.force_login(manager_a)

    first = client.post(edit_url(mho_a), form_data(LAST_YEAR_FIGURES, 0, draft="1"))
    second = client.post(
        edit_url(mho_a), form_data(LAST_YEAR_FIGURES, 0, members=450, draft="1")
    )

    assert (first.status_code, second.status_code) == (302, 409)
    assert YearlyRecord.objects.get(mho=mho_a, year=CAMPAIGN_YEAR).members == 400


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_on_postgresql_let_exactly_one_win(mho_a, manager_a, campaign):
    colleague = UserFactory(email="colleague@example.sn")
    MHOManagement.objects.create(user=colleague, mho=mho_a, status="approved")
    record = records.record_for_edit(mho=mho_a, year=CAMPAIGN_YEAR)
    records.record_save_draft(
        record=record,
        user=manager_a,
        data=dict(LAST_YEAR_FIGURES),
        expected_version=0,
        source="form",
    )
    version = YearlyRecord.objects.get(pk=record.pk).version
    barrier = threading.Barrier(2)
    statuses = {}

    def save(user, members):
        client = Client()
        client.force_login(user)
        barrier.wait()
        response = client.post(
            edit_url(mho_a),
            form_data(LAST_YEAR_FIGURES, version, members=members, draft="1"),
        )
        statuses[members] = response.status_code
        from django.db import connections

        connections.close_all()

    threads = [
        threading.Thread(target=save, args=(manager_a, 401)),
        threading.Thread(target=save, args=(colleague, 402)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert connection.vendor == "postgresql"
    assert sorted(statuses.values()) == [302, 409]
    winner = next(members for members, status in statuses.items() if status == 302)
    saved = YearlyRecord.objects.get(pk=record.pk)
    assert saved.members == winner and saved.version == version + 1
    assert saved.history.count() == 2


@pytest.mark.django_db
def test_every_write_leaves_a_history_row_with_its_author(
    client, manager_a, mho_a, focal_sn, campaign
):
    client.force_login(manager_a)
    client.post(edit_url(mho_a), form_data(LAST_YEAR_FIGURES, 0, draft="1"))
    client.post(
        edit_url(mho_a), form_data(LAST_YEAR_FIGURES, 1, members=420, submit="1")
    )
    record = YearlyRecord.objects.get(mho=mho_a, year=CAMPAIGN_YEAR)
    records.record_validate(record=record, user=focal_sn, expected_version=2)

    history = list(record.history.order_by("history_id"))

    assert [h.history_change_reason for h in history] == [
        "draft",
        "submitted",
        "validated",
    ]
    assert [h.history_user for h in history] == [manager_a, manager_a, focal_sn]
    page = client.get(f"/en/records/{record.pk}/history/").content.decode()
    assert "members: 400 → 420" in page.replace("Members", "members")


@pytest.mark.django_db
def test_secretariat_reverts_to_the_exact_earlier_values(
    client, manager_a, mho_a, staff, campaign
):
    client.force_login(manager_a)
    client.post(edit_url(mho_a), form_data(LAST_YEAR_FIGURES, 0, draft="1"))
    record = YearlyRecord.objects.get(mho=mho_a, year=CAMPAIGN_YEAR)
    first = {name: getattr(record, name) for name in DATA_FIELDS}
    client.post(
        edit_url(mho_a),
        form_data(
            LAST_YEAR_FIGURES,
            1,
            members=380,
            benefits_paid=10,
            covers_delivery=False,
            currency="XAF",
            draft="1",
        ),
    )
    earliest = record.history.order_by("history_id").first()
    client.force_login(staff)

    response = client.post(
        f"/en/records/{record.pk}/history/", {"history_id": earliest.history_id}
    )

    record.refresh_from_db()
    assert response.status_code == 302
    assert {name: getattr(record, name) for name in DATA_FIELDS} == first
    assert record.version == 3
    assert record.history.first().history_change_reason == "reverted to version 1"


@pytest.mark.django_db
def test_managers_cannot_revert(client, manager_a, mho_a, campaign):
    client.force_login(manager_a)
    client.post(edit_url(mho_a), form_data(LAST_YEAR_FIGURES, 0, draft="1"))
    client.post(
        edit_url(mho_a), form_data(LAST_YEAR_FIGURES, 1, members=380, draft="1")
    )
    record = YearlyRecord.objects.get(mho=mho_a, year=CAMPAIGN_YEAR)

    response = client.post(
        f"/en/records/{record.pk}/history/",
        {"history_id": record.history.order_by("history_id").first().history_id},
    )

    record.refresh_from_db()
    assert response.status_code == 403
    assert record.members == 380
