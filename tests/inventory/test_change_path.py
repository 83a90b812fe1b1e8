"""Every writer of the inventory reaches the published files: the review page
(through the one record write), the admin change form, the admin import, revert, the
demonstration data, the synthesis task and command, an MHO's approval and the
directory. Each test changes something, lets the queued work run as it would
without a broker (``tasks_run_pending``: the countdown has passed), then reads
/data/ as a visitor does."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from inventory.models import YearlyRecord
from inventory.services.mho_write import mho_save
from kernel.queue import tasks_pending, tasks_run_pending
from opendata.exports.build import build_keys, data_build
from opendata.exports.schedule import TASK_NAME
from opendata.models.exports import DataBuild
from opendata.services.synthesis import synthesis_mark_dirty
from opendata.tasks import rebuild_synthesis
from organizations.models import Organization
from tests.factories import MHOFactory, UserFactory, record_save

from .conftest import CAMPAIGN_YEAR, LAST_YEAR_FIGURES, form_data
from .test_admin import admin_url
from .test_admin import form_data as admin_form_data
from .test_admin_import import confirm, record_row, to_csv, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(settings, tmp_path, without_broker):
    """Files built once before the change, in a temporary folder; builds as
    often as changes come (the debounce is tests/data/test_build_schedule)."""
    settings.MEDIA_ROOT = tmp_path
    settings.DATA_BUILD_MIN_INTERVAL = 0
    cache.delete_many(build_keys())
    data_build()
    yield
    cache.delete_many(build_keys())


@pytest.fixture
def secretary(db):
    return UserFactory(email="secretariat@example.sn", is_staff=True, is_superuser=True)


def published(name="inventory.csv") -> list[dict]:
    """Run what is queued, as its countdown would, then download ``name``."""
    for _round in range(5):  # the rebuild queues the build, which may queue again
        if not tasks_run_pending():
            break
    response = Client().get(f"/data/{name}")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(content)))


def members(rows, code, year) -> str | None:
    found = [
        r["members"] for r in rows if (r["mho_code"], r["year"]) == (code, str(year))
    ]
    return found[0] if found else None


def test_a_validation_on_the_review_page_reaches_the_files(
    files,
    client,
    manager_a,
    mho_a,
    focal_sn,
    campaign,
    django_capture_on_commit_callbacks,
):
    client.force_login(manager_a)
    client.post(
        f"/en/my/{mho_a.code}/{CAMPAIGN_YEAR}/",
        form_data(LAST_YEAR_FIGURES, 0, members=431, confirm_warnings="on", submit="1"),
    )
    record = YearlyRecord.objects.get(mho=mho_a, year=CAMPAIGN_YEAR)
    reviewer = Client()
    reviewer.force_login(focal_sn)

    with django_capture_on_commit_callbacks(execute=True):
        reviewer.post(
            f"/en/review/records/{record.pk}/",
            {"version": record.version, "validate": "1"},
        )

    assert [task.name for task in tasks_pending()] == [TASK_NAME]
    assert members(published(), mho_a.code, CAMPAIGN_YEAR) == "431"


def validate_as(reviewer, record, django_capture_on_commit_callbacks):
    """A second reviewer validates ``record`` on the review page (four eyes:
    who changed the figures may not validate them)."""
    record.refresh_from_db()
    assert record.state == YearlyRecord.State.SUBMITTED
    other = Client()
    other.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        other.post(
            f"/en/review/records/{record.pk}/",
            {"version": record.version, "validate": "1"},
        )


def test_a_save_in_the_admin_reaches_the_files(
    files, client, secretary, focal_sn, mho_a, django_capture_on_commit_callbacks
):
    record = mho_a.records.get()
    client.force_login(secretary)
    change = admin_url("yearlyrecord_change", record.pk)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            change,
            admin_form_data(client.get(change), members=432, state="submitted"),
        )
    assert members(published(), mho_a.code, record.year) is None  # withdrawn
    validate_as(focal_sn, record, django_capture_on_commit_callbacks)

    assert members(published(), mho_a.code, record.year) == "432"


def test_an_admin_import_reaches_the_files(
    files, client, secretary, mho_a, django_capture_on_commit_callbacks
):
    client.force_login(secretary)
    preview = upload(
        client,
        YearlyRecord,
        to_csv([record_row(mho_a, CAMPAIGN_YEAR, members=433, beneficiaries=900)]),
    )

    with django_capture_on_commit_callbacks(execute=True):
        confirm(client, YearlyRecord, preview)

    assert members(published(), mho_a.code, CAMPAIGN_YEAR) == "433"


def test_a_revert_reaches_the_files(
    files, client, secretary, focal_sn, mho_a, django_capture_on_commit_callbacks
):
    record = mho_a.records.get()
    earliest = record.history.earliest()
    with django_capture_on_commit_callbacks(execute=True):
        record.members = 999
        record_save(record)
    assert members(published(), mho_a.code, record.year) == "999"
    client.force_login(secretary)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/en/records/{record.pk}/history/", {"history_id": earliest.history_id}
        )
    # The figures changed back: they wait for a second reviewer.
    assert members(published(), mho_a.code, record.year) is None
    validate_as(focal_sn, record, django_capture_on_commit_callbacks)

    assert members(published(), mho_a.code, record.year) == "400"


def test_demonstration_data_reaches_the_files(
    files, network, django_capture_on_commit_callbacks
):
    from inventory.demo import demo_generate

    with django_capture_on_commit_callbacks(execute=True):
        demo_generate(mhos=4, years=2, seed=3)

    rows = published()
    assert len(rows) == YearlyRecord.objects.public().count() > 4
    assert {row["is_demo"] for row in rows} == {"true"}


def test_the_synthesis_task_reaches_the_files(
    files, mho_a, django_capture_on_commit_callbacks
):
    record = mho_a.records.get()
    # A write that takes no change path, caught up by the task (beat's sweep does
    # the same with whatever was left marked).
    YearlyRecord.objects.filter(pk=record.pk).update(members=434)
    synthesis_mark_dirty(pairs=[(mho_a.country_id, record.year)])

    with django_capture_on_commit_callbacks(execute=True):
        rebuild_synthesis.apply()

    assert members(published(), mho_a.code, record.year) == "434"
    synthesis = {
        (row["country_iso2"], row["year"]): row["members"]
        for row in published("synthesis.csv")
    }
    assert synthesis[("SN", str(record.year))] == "434"


def test_the_rebuild_synthesis_command_reaches_the_files(
    files, mho_a, django_capture_on_commit_callbacks
):
    record = mho_a.records.get()
    YearlyRecord.objects.filter(pk=record.pk).update(members=435)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("rebuild_synthesis", "--all", stdout=io.StringIO())

    assert (
        DataBuild.objects.filter(finished_at__isnull=False)
        .latest("finished_at")
        .is_stale
    )
    assert members(published(), mho_a.code, record.year) == "435"


def test_an_mho_approved_without_records_reaches_the_files(
    files, senegal, django_capture_on_commit_callbacks
):
    mho = MHOFactory(code="SN-0077", country=senegal, approval="pending")
    tasks_run_pending()

    with django_capture_on_commit_callbacks(execute=True):
        mho.approval = "approved"
        mho_save(mho)

    published()
    assert DataBuild.objects.latest("started_at").mhos == 1  # the mhos sheet


def test_an_organization_renamed_reaches_the_files(
    files, mho_a, django_capture_on_commit_callbacks
):
    organization = Organization.objects.create(
        slug="umsd", name_fr="UMSD", name_en="UMSD", kind="union"
    )
    tasks_run_pending()

    with django_capture_on_commit_callbacks(execute=True):
        organization.name_en = "Union of the mutuals of Dakar"
        organization.save()

    rows = published("organizations.csv")
    assert [row["name_en"] for row in rows] == ["Union of the mutuals of Dakar"]


def test_a_change_reaches_the_files_even_when_its_queued_build_was_lost(
    files, client, mho_a
):
    record = mho_a.records.get()
    record.members = 436
    record_save(record)  # in the test's transaction: nothing is queued
    DataBuild.objects.update(stale_since=timezone.now() - timedelta(minutes=5))
    assert tasks_pending() == []

    client.get("/fr/data/")  # a visitor

    assert [task.name for task in tasks_pending()] == [TASK_NAME]
    assert members(published(), mho_a.code, record.year) == "436"
