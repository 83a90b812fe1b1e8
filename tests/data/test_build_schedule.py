"""When the files are built: a build skipped for the interval, or because
another build runs, is queued again for when it is due; a burst of changes
queues one build; a visit to /data/ queues the build a lost task would have
made. Without a broker, queued tasks wait here for ``tasks_run_pending`` (the
tests' stand-in for their countdown); with one, see
tests/inventory/test_files_follow_validations.py."""

import pytest
from django.core.cache import cache

from kernel.queue import (
    tasks_cancel_pending,
    tasks_pending,
    tasks_run_pending,
)
from opendata.exports.build import build_keys, data_build
from opendata.exports.schedule import (
    TASK_NAME,
    data_build_if_stale,
    data_build_schedule,
    data_mark_stale,
)
from opendata.models.exports import DataBuild
from opendata.services.refresh import data_files_changed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_broker(without_broker):
    pass


def lose_the_queued_build():
    """What a process that exits, or a broker that drops its messages, does."""
    tasks_cancel_pending()
    cache.delete(build_keys()[1])


def test_a_build_skipped_for_the_interval_is_queued_for_when_it_is_due(published):
    data_build()
    data_mark_stale()

    skipped = data_build_if_stale(min_interval=3600)

    assert skipped is None
    (waiting,) = tasks_pending()
    assert waiting.name == TASK_NAME
    assert 3500 < waiting.seconds_left <= 3600


def test_the_build_queued_again_builds_once_the_interval_has_passed(
    published, settings
):
    first = data_build()
    data_mark_stale()
    data_build_if_stale(min_interval=3600)
    settings.DATA_BUILD_MIN_INTERVAL = 0  # the hour has passed

    tasks_run_pending()

    latest = DataBuild.objects.latest("started_at")
    assert latest.pk != first.pk and latest.finished_at and not latest.is_stale
    assert tasks_pending() == []


def test_a_build_skipped_because_another_runs_is_queued_again(published, monkeypatch):
    from opendata.exports import build as build_module

    write_files = build_module._write_files
    seen = []

    def meanwhile(*args, **kwargs):
        data_mark_stale()  # a change during the build
        seen.append(data_build_if_stale(min_interval=0))
        return write_files(*args, **kwargs)

    monkeypatch.setattr(build_module, "_write_files", meanwhile)
    data_build()

    assert seen == [None]
    assert [task.name for task in tasks_pending()] == [TASK_NAME]


def test_a_burst_of_changes_queues_one_build(
    published, django_capture_on_commit_callbacks
):
    data_build()

    with django_capture_on_commit_callbacks(execute=True):
        for _change in range(5):
            data_files_changed()
    with django_capture_on_commit_callbacks(execute=True):
        data_files_changed()

    assert [task.name for task in tasks_pending()] == [TASK_NAME]
    assert DataBuild.objects.get().is_stale


def test_a_change_after_the_queued_build_started_queues_another(published, settings):
    settings.DATA_BUILD_MIN_INTERVAL = 0
    data_build()
    data_mark_stale()
    assert data_build_schedule(countdown=0)
    assert not data_build_schedule(countdown=0)

    tasks_run_pending()  # builds; its start let later changes queue again
    data_mark_stale()

    assert data_build_schedule(countdown=0)


def test_a_visit_queues_the_build_that_was_lost(client, published):
    data_build()
    data_mark_stale()
    data_build_schedule()
    lose_the_queued_build()

    page = client.get("/en/data/")

    assert page.status_code == 200
    assert "The data changed after this build" in page.content.decode()
    assert [task.name for task in tasks_pending()] == [TASK_NAME]


def test_a_download_queues_the_build_that_was_lost(client, published):
    data_build()
    data_mark_stale()
    lose_the_queued_build()

    response = client.get("/data/synthesis.csv")

    assert response.status_code == 200  # the last build meanwhile
    assert [task.name for task in tasks_pending()] == [TASK_NAME]


def test_visits_to_current_files_queue_nothing(client, published):
    data_build()

    client.get("/fr/data/")
    client.get("/data/inventory.csv")

    assert tasks_pending() == []


def test_a_file_the_served_build_lacks_is_built_on_first_request(
    client, published, settings
):
    settings.DATA_BUILD_MIN_INTERVAL = 0  # the last build was long ago
    build = data_build()
    files = dict(build.files)
    del files["organizations.csv"]  # as built before organizations.csv existed
    DataBuild.objects.filter(pk=build.pk).update(files=files)

    response = client.get("/data/organizations.csv")

    assert response.status_code == 503
    assert [task.name for task in tasks_pending()] == [TASK_NAME]
    tasks_run_pending()
    assert client.get("/data/organizations.csv").status_code == 200
