"""Queueing tasks without a broker (the default of a development machine or a
single server without Redis): a task queued with a countdown runs later, in a
background thread, not in the request that queued it, and not twice."""

import pytest

from inventory.models import YearlyRecord
from kernel.queue import enqueue, tasks_pending
from opendata.models import SynthesisRow
from opendata.services.synthesis import synthesis_mark_dirty
from opendata.tasks import build_data_files, rebuild_synthesis
from tests.inventory.conftest import make_country, make_mho, make_record


@pytest.fixture(autouse=True)
def _no_broker(without_broker):
    pass


def senegal_members(year):
    return SynthesisRow.objects.get(country__iso2="SN", year=year).members


@pytest.mark.django_db(transaction=True)
def test_a_task_with_a_countdown_runs_later_in_a_background_thread(settings, tmp_path):
    settings.DEFERRED_TASKS_IN_THREADS = True
    settings.MEDIA_ROOT = tmp_path  # the data files' build is queued too
    record = make_record(make_mho("SN-0001", make_country("SN", "Sénégal")), 2024)
    assert senegal_members(2024) == 400  # rebuilt at once: no countdown
    YearlyRecord.objects.filter(pk=record.pk).update(members=450)
    synthesis_mark_dirty(pairs=[(record.mho.country_id, 2024)])

    queued = enqueue(rebuild_synthesis, countdown=3)

    (waiting,) = [t for t in tasks_pending() if t.name == rebuild_synthesis.name]
    assert queued and senegal_members(2024) == 400  # not in this request
    assert waiting.timer.daemon
    waiting.timer.join(timeout=60)
    assert not waiting.timer.is_alive()
    assert senegal_members(2024) == 450
    assert rebuild_synthesis.name not in [task.name for task in tasks_pending()]


@pytest.mark.django_db
def test_the_same_task_queued_twice_waits_once_for_the_earlier_time():
    enqueue(build_data_files, countdown=60)
    enqueue(build_data_files, countdown=10)
    enqueue(build_data_files, countdown=30)

    (waiting,) = tasks_pending()
    assert waiting.name == "inventory.build_data_files"
    assert waiting.seconds_left <= 10


@pytest.mark.django_db
def test_a_task_without_a_countdown_runs_at_once(senegal_with_a_record):
    record = senegal_with_a_record
    YearlyRecord.objects.filter(pk=record.pk).update(members=460)
    synthesis_mark_dirty(pairs=[(record.mho.country_id, 2024)])

    enqueue(rebuild_synthesis)

    assert senegal_members(2024) == 460
    assert tasks_pending() == []


@pytest.fixture
def senegal_with_a_record(db):
    return make_record(make_mho("SN-0001", make_country("SN", "Sénégal")), 2024)
