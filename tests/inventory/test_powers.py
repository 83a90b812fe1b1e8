"""Site powers follow explicit permissions, held by the Secretariat group:
``is_staff`` alone opens the admin's door and nothing else."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from concertation.permissions import SECRETARIAT_GROUP, secretariat_group_sync
from inventory.models import YearlyRecord
from tests.factories import UserFactory, secretariat_member
from tests.inventory.conftest import CAMPAIGN_YEAR, LAST_YEAR_FIGURES, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def bare_staff(db):
    """Staff status, and no permission at all."""
    return UserFactory(email="clerk@example.sn", is_staff=True)


@pytest.fixture
def submitted(mho_a, manager_a, campaign):
    from inventory.services import records

    return records.record_submit(
        record=records.record_for_edit(mho=mho_a, year=CAMPAIGN_YEAR),
        user=manager_a,
        data=dict(LAST_YEAR_FIGURES),
        expected_version=0,
        source="form",
        confirm_warnings=True,
    )


def with_permissions(*codenames, **fields):
    user = UserFactory(**fields)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="inventory", codename__in=codenames
        )
    )
    return user


def test_staff_without_permission_cannot_open_a_mutuals_form_or_template(
    client, bare_staff, mho_a, submitted
):
    client.force_login(bare_staff)
    edit = f"/en/my/{mho_a.code}/{CAMPAIGN_YEAR}/"

    opened = client.get(edit)
    saved = client.post(edit, form_data(LAST_YEAR_FIGURES, 1, members=1, draft="1"))
    download = client.get(f"{edit}template.xlsx")
    upload = client.get(f"{edit}upload/")

    assert [r.status_code for r in (opened, saved, download, upload)] == [404] * 4
    assert YearlyRecord.objects.get(pk=submitted.pk).members == 400
    # The same pages open for the secretariat.
    client.force_login(secretariat_member())
    assert client.get(f"{edit}template.xlsx").status_code == 200
    assert client.get(f"{edit}upload/").status_code == 200


def test_staff_without_permission_cannot_validate_or_revert(
    client, bare_staff, submitted
):
    client.force_login(bare_staff)
    review = f"/en/review/records/{submitted.pk}/"
    first = submitted.history.earliest("history_id").history_id

    page = client.get(review)
    validated = client.post(review, {"version": 1, "validate": "1"})
    history = client.get(f"/en/records/{submitted.pk}/history/")
    reverted = client.post(
        f"/en/records/{submitted.pk}/history/", {"history_id": first}
    )

    assert [page.status_code, validated.status_code] == [404, 404]
    assert [history.status_code, reverted.status_code] == [404, 404]
    record = YearlyRecord.objects.get(pk=submitted.pk)
    assert (record.state, record.version) == ("submitted", 1)


def test_staff_without_permission_has_no_review_queue_nor_its_link(
    client, bare_staff, submitted
):
    client.force_login(bare_staff)

    queue = client.get("/en/review/")
    home = client.get("/en/").content.decode()

    assert queue.status_code == 403
    assert 'href="/en/review/"' not in home


def test_staff_without_permission_is_refused_by_the_admin_too(client, bare_staff):
    client.force_login(bare_staff)

    assert client.get("/en/admin/").status_code == 200
    assert client.get("/en/admin/inventory/yearlyrecord/").status_code == 403


def test_the_review_permission_reviews_every_country_and_edits_nothing(
    client, mho_a, submitted
):
    reviewer = with_permissions("review_record")
    client.force_login(reviewer)

    queue = client.get("/en/review/")
    edit = client.get(f"/en/my/{mho_a.code}/{CAMPAIGN_YEAR}/")
    client.post(f"/en/review/records/{submitted.pk}/", {"version": 1, "validate": "1"})

    assert submitted in queue.context["records"]
    assert 'href="/en/review/"' in queue.content.decode()
    assert edit.status_code == 404
    assert YearlyRecord.objects.get(pk=submitted.pk).state == "validated"


def test_the_edit_permission_edits_every_mutual_and_reviews_nothing(
    client, mho_a, submitted
):
    editor = with_permissions("edit_any_record")
    client.force_login(editor)

    edit = client.get(f"/en/my/{mho_a.code}/{CAMPAIGN_YEAR}/")
    review = client.get(f"/en/review/records/{submitted.pk}/")

    assert edit.status_code == 200 and edit.context["editable"]
    assert review.status_code == 404


def test_the_secretariat_group_holds_the_site_powers_but_not_the_accounts(db):
    call_command("migrate", verbosity=0)  # runs the group's post_migrate again
    group = secretariat_group_sync()
    granted = set(group.permissions.values_list("content_type__app_label", "codename"))

    assert Group.objects.filter(name=SECRETARIAT_GROUP).count() == 1
    assert {
        ("inventory", "review_record"),
        ("inventory", "edit_any_record"),
        ("inventory", "revert_record"),
        ("inventory", "change_supportdelegation"),
        ("resources", "change_resource"),
        ("forum", "change_event"),
        ("newsletter", "change_issue"),
        ("organizations", "change_focalpoint"),
        ("concertation", "view_user"),
    } <= granted
    assert ("concertation", "change_user") not in granted
    assert not any(app == "auth" for app, _ in granted)


def test_the_group_keeps_what_the_administrators_added(db):
    group = Group.objects.get(name=SECRETARIAT_GROUP)
    extra = Permission.objects.get(codename="change_user")
    group.permissions.add(extra)

    secretariat_group_sync()

    assert group.permissions.filter(pk=extra.pk).exists()
