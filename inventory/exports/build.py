"""Building the open-data files, debounced, never while a visitor waits.

``data_mark_stale()`` notes that the data changed (called after each synthesis
rebuild); the ``build_data_files`` task and command call
``data_build_if_stale()``, which builds only when the data changed since the
last build started. Each file is written to a temporary name in the data
folder, then moved over the served one with ``os.replace`` (atomic): a visitor
downloads either the old or the new file, never half of one.
"""

import hashlib
import logging
import os
import tempfile
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from concertation.cache import site_key
from concertation.tasks import enqueue
from inventory.models import MutualHealthOrganization, YearlyRecord
from inventory.models.exports import DataBuild

from .citation import Citation
from .columns_synthesis import SYNTHESIS_COLUMNS
from .csv_build import csv_write, records_csv_write
from .datapackage import datapackage, datapackage_bytes
from .rows import synthesis_rows
from .selectors import data_latest_build
from .xlsx_build import inventory_xlsx_write

logger = logging.getLogger(__name__)

INVENTORY_CSV, INVENTORY_XLSX = "inventory.csv", "inventory.xlsx"
SYNTHESIS_CSV, DATAPACKAGE = "synthesis.csv", "datapackage.json"
FILE_NAMES = (INVENTORY_CSV, INVENTORY_XLSX, SYNTHESIS_CSV, DATAPACKAGE)
TASK_NAME = "inventory.build_data_files"


def build_keys() -> tuple[str, str]:
    """The cache keys of the build lock and of a queued build."""
    return site_key("inventory:data-build:lock"), site_key(
        "inventory:data-build:queued"
    )


BUILDS_KEPT = 20


class DataBuildRunning(Exception):
    """Another build is running."""


def data_dir() -> Path:
    """Where the files are built: DATA_ROOT, by default MEDIA_ROOT/data."""
    root = getattr(settings, "DATA_ROOT", None)
    return Path(root) if root else Path(settings.MEDIA_ROOT) / "data"


def data_mark_stale() -> int:
    """Note that the data changed: the builds that started before now no longer
    hold it. Marks the newest build even while it runs, so that a change made
    during a build is built next time."""
    return DataBuild.objects.filter(stale_since__isnull=True).update(
        stale_since=timezone.now()
    )


def data_build_if_stale(*, min_interval: int | None = None) -> DataBuild | None:
    """Build when the data changed since the last build (or none exists yet),
    unless a build started less than ``min_interval`` seconds ago (default
    DATA_BUILD_MIN_INTERVAL, 60): bursts of changes then give one build, and
    the periodic sweep builds what was left. Idempotent; returns the new build
    or None."""
    if min_interval is None:
        min_interval = getattr(settings, "DATA_BUILD_MIN_INTERVAL", 60)
    latest = data_latest_build()
    if latest is not None:
        if latest.stale_since is None:
            return None
        last_start = DataBuild.objects.order_by("-started_at").first().started_at
        if last_start > timezone.now() - timedelta(seconds=min_interval):
            return None
    try:
        return data_build()
    except DataBuildRunning:
        logger.info("A data build is already running.")
        return None


def data_request_build() -> bool:
    """Queue a build for a visitor who asked for files that do not exist yet.
    Without a broker the task would run in the visitor's request, so nothing
    is queued then (run `manage.py build_data_files`). At most one request per
    five minutes. Returns whether a build was queued."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return False
    if not cache.add(build_keys()[1], True, timeout=300):
        return False
    from concertation.celery import app

    task = app.tasks.get(TASK_NAME)
    if task is None:
        logger.warning("Task %s is not registered: no data build queued.", TASK_NAME)
        return False
    return enqueue(task)


@contextmanager
def _lock():
    # Outlives the longest build (about 4 minutes at 500,000 records); a worker
    # killed mid-build delays the next one by this much at most.
    timeout = getattr(settings, "DATA_BUILD_LOCK_SECONDS", 30 * 60)
    lock_key = build_keys()[0]
    if not cache.add(lock_key, True, timeout=timeout):
        raise DataBuildRunning
    try:
        yield
    finally:
        cache.delete(lock_key)


@contextmanager
def _snapshot():
    """On PostgreSQL, read every file from one snapshot of the data, so that
    the CSV, the workbook and the counts agree."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _digest(path: Path) -> dict:
    sha256, size = hashlib.sha256(), 0
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            sha256.update(block)
            size += len(block)
    return {"bytes": size, "sha256": sha256.hexdigest()}


def _temporary(directory: Path, name: str) -> Path:
    descriptor, path = tempfile.mkstemp(
        dir=directory, prefix=f".{name}.", suffix=".tmp"
    )
    os.close(descriptor)
    os.chmod(path, 0o644)  # served as is, possibly by the web server itself
    return Path(path)


def _write_files(temps: dict[str, Path], citation: Citation, started_at) -> dict:
    with temps[INVENTORY_CSV].open("wb") as stream:
        records_csv_write(stream)
    counts = inventory_xlsx_write(temps[INVENTORY_XLSX], citation=citation)
    with temps[SYNTHESIS_CSV].open("wb") as stream:
        csv_write(stream, SYNTHESIS_COLUMNS, synthesis_rows())
    files = {name: _digest(temps[name]) for name in FILE_NAMES[:3]}
    package = datapackage(citation=citation, built_at=started_at, files=files)
    temps[DATAPACKAGE].write_bytes(datapackage_bytes(package))
    files[DATAPACKAGE] = _digest(temps[DATAPACKAGE])
    return {"files": files, "records": counts.records, "mhos": counts.mhos}


def _citation(started_at) -> Citation:
    mhos = MutualHealthOrganization.objects.approved()
    return Citation(
        built_on=timezone.localdate(started_at),
        records=YearlyRecord.objects.public().count(),
        mhos=mhos.count(),
        has_demo=mhos.filter(is_demo=True).exists(),
    )


def data_build() -> DataBuild:
    """Build every file now and record the build. Raises DataBuildRunning when
    another build is running."""
    with _lock():
        build = DataBuild.objects.create(started_at=timezone.now())
        directory = data_dir()
        directory.mkdir(parents=True, exist_ok=True)
        temps = {name: _temporary(directory, name) for name in FILE_NAMES}
        try:
            with _snapshot():
                citation = _citation(build.started_at)
                written = _write_files(temps, citation, build.started_at)
            for name, temp in temps.items():
                os.replace(temp, directory / name)
        except Exception as error:
            DataBuild.objects.filter(pk=build.pk).update(error=repr(error)[:2000])
            raise
        finally:
            for temp in temps.values():
                temp.unlink(missing_ok=True)
        # update(), not save(): keep a stale mark set while the build ran.
        DataBuild.objects.filter(pk=build.pk).update(
            finished_at=timezone.now(), has_demo=citation.has_demo, **written
        )
    old = DataBuild.objects.order_by("-started_at").values_list("pk", flat=True)
    DataBuild.objects.filter(pk__in=list(old[BUILDS_KEPT:])).delete()
    build.refresh_from_db()
    return build
