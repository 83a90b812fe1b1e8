"""When the open-data files are built: soon after every change, at most once
a minute, and never dropped.

A change marks the served build stale (``data_mark_stale``, in the change's
transaction) and queues one build ``DATA_BUILD_COUNTDOWN`` seconds later
(``data_build_schedule``), unless one is queued already: a burst of changes
gives one build. The build task (``data_build_if_stale``) builds when the
files are stale and no build started less than ``DATA_BUILD_MIN_INTERVAL``
seconds ago; a build it skips for that interval, or because another build is
running, is queued again for when it is due. So the last change always
reaches the files, with or without Celery beat, with or without a broker
(tasks then wait in a thread of the process, see ``kernel.queue``).

What could still lose the queued build (a process that exits, a broker that
was down) leaves the stale mark in the database: the /data/ views see it and
queue the build again (``data_build_request``), and beat's sweep, where it
runs, builds it too.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from kernel.queue import enqueue, task_named
from opendata.models.exports import DataBuild

from .build import DataBuildRunning, build_keys, data_build
from .selectors import data_latest_build

logger = logging.getLogger(__name__)

TASK_NAME = "inventory.build_data_files"
# How long past its countdown a queued build is still awaited before another
# may be queued (a busy worker may start it late).
QUEUED_SLACK_SECONDS = 60


def data_mark_stale() -> int:
    """Note that the data changed: the builds that started before now no longer
    hold it. Marks the newest build even while it runs, so that a change made
    during a build is built next time."""
    return DataBuild.objects.filter(stale_since__isnull=True).update(
        stale_since=timezone.now()
    )


def data_build_schedule(*, countdown: float | None = None) -> bool:
    """Queue one build ``countdown`` seconds from now (default
    DATA_BUILD_COUNTDOWN), unless a build is queued already. Returns whether
    one was queued."""
    if countdown is None:
        countdown = settings.DATA_BUILD_COUNTDOWN
    queued_key = build_keys()[1]
    if not cache.add(queued_key, True, timeout=int(countdown) + QUEUED_SLACK_SECONDS):
        return False
    task = task_named(TASK_NAME)
    if task is None:
        logger.warning("Task %s is not registered: no data build queued.", TASK_NAME)
    if task is None or not enqueue(task, countdown=countdown):
        cache.delete(queued_key)
        return False
    return True


def data_build_due_in(*, min_interval: float | None = None) -> float | None:
    """Seconds until the files should be built: None when they hold the data,
    0 when a build is due now (also when none exists yet)."""
    if min_interval is None:
        min_interval = settings.DATA_BUILD_MIN_INTERVAL
    latest = data_latest_build()
    if latest is None:
        return 0
    if latest.stale_since is None:
        return None
    last_start = (
        DataBuild.objects.order_by("-started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    due = last_start + timedelta(seconds=min_interval)
    return max((due - timezone.now()).total_seconds(), 0)


def data_build_if_stale(*, min_interval: float | None = None) -> DataBuild | None:
    """What the build task does: build when the data changed since the last
    build (or none exists yet) and the last build started at least
    ``min_interval`` seconds ago (default DATA_BUILD_MIN_INTERVAL). A build
    skipped for the interval, or because another one is running, is queued
    again for when it is due. Idempotent; returns the new build or None."""
    if min_interval is None:
        min_interval = settings.DATA_BUILD_MIN_INTERVAL
    # This is the queued build running: a change from now on queues another.
    cache.delete(build_keys()[1])
    wait = data_build_due_in(min_interval=min_interval)
    if wait is None:
        return None
    if wait > 0:
        data_build_schedule(countdown=wait)
        return None
    try:
        return data_build()
    except DataBuildRunning:
        logger.info("A data build is already running; trying again later.")
        data_build_schedule(countdown=max(min_interval, 1))
        return None


def data_build_request(build: DataBuild | None) -> bool:
    """For a visitor of /data/: when no build exists yet, or the served one is
    stale, make sure a build is queued (the one queued after the change may
    have been lost with its process). Costs one cache call when a build is
    queued already, none when the files are current. Returns whether one was
    queued now."""
    if build is None:
        return data_build_schedule(countdown=0)
    if build.stale_since is None:
        return False
    due = build.stale_since + timedelta(seconds=settings.DATA_BUILD_COUNTDOWN)
    return data_build_schedule(countdown=max((due - timezone.now()).total_seconds(), 0))
