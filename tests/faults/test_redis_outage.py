"""Redis stopped in the middle of a stream of saves, end to end: the test's own
redis-server (broker and cache), a real Celery worker and a real beat process
with the project's schedule, and saves posted through the pages.

Every save must succeed while Redis is down, and once Redis is back the beat
sweep must bring the synthesis up to date within 60 seconds, with no record
and no dirty mark left behind.
"""

import time
import uuid

import pytest
from django.conf import settings as django_settings
from django.test import Client

from inventory.models import MHOManagement, YearlyRecord
from opendata.models import DirtySynthesis, SynthesisRow
from organizations.models import FocalPoint
from tests.celery_support import (
    CeleryBeat,
    CeleryWorker,
    celery_app_on,
    wait_for,
)
from tests.factories import UserFactory
from tests.inventory.conftest import (
    CAMPAIGN_YEAR,
    LAST_YEAR_FIGURES,
    form_data,
    make_country,
    make_mho,
    make_record,
)

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

# The requirement: rebuilds done within this many seconds of Redis's return.
CATCH_UP_DEADLINE = 60
SWEEP_SECONDS = django_settings.CELERY_BEAT_SCHEDULE["synthesis-sweep"]["schedule"]
SAVES_BEFORE, SAVES_DURING, SAVES_AFTER = 2, 6, 1
BEAT_FAILED = (b"beat: Connection error", b"Couldn't apply scheduled task")


@pytest.fixture
def celery_processes(redis_broker_and_cache, tmp_path, settings):
    """A worker and a beat on the test's Redis and queue."""
    settings.MEDIA_ROOT = tmp_path / "media"
    queue = f"faults-{uuid.uuid4().hex[:8]}"
    options = {
        "broker_url": redis_broker_and_cache.url,
        "queue": queue,
        "env": {"MEDIA_ROOT": str(settings.MEDIA_ROOT)},
    }
    worker = CeleryWorker(log_path=tmp_path / "worker.log", **options)
    beat = CeleryBeat(log_path=tmp_path / "beat.log", **options)
    try:
        with celery_app_on(redis_broker_and_cache.url, queue):
            beat.start()
            worker.start()
            yield worker, beat
    finally:
        beat.stop()
        worker.stop()


@pytest.fixture
def mutuals(campaign):
    """Nine mutuals in Senegal and Mali, one manager, one focal point for both."""
    manager = UserFactory(email="manager@example.sn")
    reviewer = UserFactory(email="focal@example.sn")
    mhos = []
    for iso2, name in (("SN", "Sénégal"), ("ML", "Mali")):
        country = make_country(iso2, name)
        FocalPoint.objects.create(country=country, contact_person=iso2).reviewers.add(
            reviewer
        )
        for number in range(1, 6):
            mho = make_mho(f"{iso2}-{number:04d}", country)
            make_record(mho, CAMPAIGN_YEAR - 1)
            MHOManagement.objects.create(user=manager, mho=mho, status="approved")
            mhos.append(mho)
    return manager, reviewer, mhos[: SAVES_BEFORE + SAVES_DURING + SAVES_AFTER]


def save_and_validate(manager, reviewer, mho, members) -> tuple[int, int]:
    """Submit the year's record as its manager, validate it as the focal point."""
    manager_client, reviewer_client = Client(), Client()
    manager_client.force_login(manager)
    reviewer_client.force_login(reviewer)
    submitted = manager_client.post(
        f"/en/my/{mho.code}/{CAMPAIGN_YEAR}/",
        form_data(LAST_YEAR_FIGURES, 0, members=members, confirm_warnings="on",
                  submit="1"),
    )  # fmt: skip
    record = YearlyRecord.objects.get(mho=mho, year=CAMPAIGN_YEAR)
    validated = reviewer_client.post(
        f"/en/review/records/{record.pk}/",
        {"version": record.version, "validate": "1"},
    )
    return submitted.status_code, validated.status_code


def synthesis_members() -> dict:
    rows = SynthesisRow.objects.filter(year=CAMPAIGN_YEAR)
    return {
        (row.country.iso2 if row.country else "AFRICA"): (
            row.mhos_reporting,
            row.members,
        )
        for row in rows.select_related("country")
    }


def expected_members(saved: dict) -> dict:
    """What the rows must say once every save in ``saved`` is rebuilt: every
    country with known mutuals has its row, reported or not."""
    expected = {"SN": (0, 0), "ML": (0, 0)}
    for mho, members in saved.items():
        for key in (mho.code[:2], "AFRICA"):
            count, total = expected.get(key, (0, 0))
            expected[key] = (count + 1, total + members)
    return expected


def is_current(saved: dict) -> bool:
    return (
        synthesis_members() == expected_members(saved)
        and not DirtySynthesis.objects.exists()
    )


def test_saves_succeed_with_redis_stopped_and_the_sweep_rebuilds_within_60_s(
    celery_processes, redis_broker_and_cache, mutuals, record_property
):
    (worker, beat), redis_server = celery_processes, redis_broker_and_cache
    manager, reviewer, mhos = mutuals
    members = {mho: 500 + 10 * number for number, mho in enumerate(mhos)}
    before = mhos[:SAVES_BEFORE]
    during = mhos[SAVES_BEFORE : SAVES_BEFORE + SAVES_DURING]
    after = mhos[SAVES_BEFORE + SAVES_DURING :]
    statuses = []

    # Redis up: each save queues its rebuild and the worker does it at once.
    for mho in before:
        statuses.append(save_and_validate(manager, reviewer, mho, members[mho]))
    saved = {mho: members[mho] for mho in before}
    wait_for(lambda: is_current(saved), timeout=30, what="the queued rebuilds")

    redis_server.stop()
    stopped_at = time.monotonic()
    for mho in during:
        statuses.append(save_and_validate(manager, reviewer, mho, members[mho]))
    saves_done_at = time.monotonic()
    assert statuses == [(302, 302)] * (SAVES_BEFORE + SAVES_DURING)
    # Keep Redis down until a sweep came due and could not be sent: beat
    # retries its connection (first send) or drops that tick (later ones).
    wait_for(
        lambda: any(marker in beat.log_path.read_bytes() for marker in BEAT_FAILED),
        timeout=SWEEP_SECONDS + 15,
        what="beat's sweep to come due while Redis is down",
    )
    assert synthesis_members() == expected_members(saved), "rebuilt without Redis?"
    dirty_while_down = DirtySynthesis.objects.filter(year=CAMPAIGN_YEAR).count()

    redis_server.start()  # same port, empty: what was queued before is gone
    back_at = time.monotonic()
    saved.update({mho: members[mho] for mho in during})
    wait_for(
        lambda: is_current(saved),
        timeout=CATCH_UP_DEADLINE + 15,
        what="the sweep to rebuild the saves made while Redis was down",
    )
    caught_up_after = time.monotonic() - back_at

    # Redis back: a new save queues its own rebuild again.
    after_started_at = time.monotonic()
    for mho in after:
        statuses.append(save_and_validate(manager, reviewer, mho, members[mho]))
    saved.update({mho: members[mho] for mho in after})
    wait_for(lambda: is_current(saved), timeout=30, what="the queued rebuild")
    rebuilt_after_save = time.monotonic() - after_started_at

    figures = {
        "saves": len(statuses),
        "saves_while_redis_down": len(during),
        "redis_down_seconds": round(back_at - stopped_at, 1),
        "saving_while_down_seconds": round(saves_done_at - stopped_at, 1),
        "dirty_marks_while_down": dirty_while_down,
        "seconds_to_catch_up_after_redis_returned": round(caught_up_after, 1),
        "seconds_to_rebuild_a_save_after_recovery": round(rebuilt_after_save, 1),
    }
    for name, value in figures.items():
        record_property(name, value)
    print(f"\nRedis outage figures: {figures}")
    assert statuses == [(302, 302)] * len(mhos)
    assert set(
        YearlyRecord.objects.filter(year=CAMPAIGN_YEAR).values_list("state", flat=True)
    ) == {"validated"}
    assert dirty_while_down == 2  # Senegal and Mali of the campaign year
    assert caught_up_after <= CATCH_UP_DEADLINE
    assert worker.process.poll() is None, "the worker exited during the outage"
