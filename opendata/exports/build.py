"""Building the open-data files, never while a visitor waits.

``data_build()`` writes every file and records the build; when builds happen
(after each change, debounced, never dropped) is ``schedule.py``'s business.
Each file is written to a temporary name in the data folder, then moved over
the served one with ``os.replace`` (atomic): a visitor downloads either the
old or the new file, never half of one.

Every build has its own identifier, the time it started (UTC, to the second)
and a short hash of the data it holds, e.g. ``20261201T104207Z-3fa9c1``: the
version of the data package, the key of the citation and part of the file
names offered for download. Builds start at most once a second, so two builds
never share one.
"""

import hashlib
import os
import tempfile
import time
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from inventory.models import MutualHealthOrganization, YearlyRecord
from kernel.cache import site_key
from opendata.models.exports import DataBuild

from .citation import Citation
from .columns_organizations import ORGANIZATION_COLUMNS
from .columns_synthesis import SYNTHESIS_COLUMNS
from .csv_build import csv_write, records_csv_write
from .datapackage import datapackage, datapackage_bytes
from .rows import organization_rows, synthesis_rows
from .xlsx_build import inventory_xlsx_write

INVENTORY_CSV, INVENTORY_XLSX = "inventory.csv", "inventory.xlsx"
SYNTHESIS_CSV, ORGANIZATIONS_CSV = "synthesis.csv", "organizations.csv"
DATAPACKAGE = "datapackage.json"
# The files whose content the identifier's hash sums up (the workbook and the
# package hold the identifier itself).
DATA_FILES = (INVENTORY_CSV, SYNTHESIS_CSV, ORGANIZATIONS_CSV)
FILE_NAMES = (*DATA_FILES, INVENTORY_XLSX, DATAPACKAGE)
BUILDS_KEPT = 20


def build_keys() -> tuple[str, str]:
    """The cache keys of the build lock and of a queued build."""
    return site_key("inventory:data-build:lock"), site_key(
        "inventory:data-build:queued"
    )


class DataBuildRunning(Exception):
    """Another build is running."""


def data_dir() -> Path:
    """Where the files are built: DATA_ROOT, by default MEDIA_ROOT/data."""
    root = settings.DATA_ROOT
    return Path(root) if root else Path(settings.MEDIA_ROOT) / "data"


def build_identifier(started_at: datetime, files: dict) -> str:
    """The build's time to the second (ISO 8601 basic format, UTC: safe in a
    file name) and the first hex digits of a hash of its data files."""
    content = hashlib.sha256(
        "".join(files[name]["sha256"] for name in DATA_FILES).encode()
    ).hexdigest()
    return f"{started_at.astimezone(UTC):%Y%m%dT%H%M%SZ}-{content[:6]}"


@contextmanager
def _lock():
    # Outlives the longest build (about 4 minutes at 500,000 records); a worker
    # killed mid-build delays the next one by this much at most.
    timeout = settings.DATA_BUILD_LOCK_SECONDS
    lock_key = build_keys()[0]
    if not cache.add(lock_key, True, timeout=timeout):
        raise DataBuildRunning
    try:
        yield
    finally:
        cache.delete(lock_key)


@contextmanager
def read_snapshot():
    """On PostgreSQL, read every file from one snapshot of the data, so that
    the CSV, the workbook and the counts agree."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def file_digest(path: Path) -> dict:
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
    with temps[SYNTHESIS_CSV].open("wb") as stream:
        csv_write(stream, SYNTHESIS_COLUMNS, synthesis_rows())
    with temps[ORGANIZATIONS_CSV].open("wb") as stream:
        csv_write(stream, ORGANIZATION_COLUMNS, organization_rows())
    files = {name: file_digest(temps[name]) for name in DATA_FILES}
    citation = replace(citation, identifier=build_identifier(started_at, files))
    counts = inventory_xlsx_write(temps[INVENTORY_XLSX], citation=citation)
    files[INVENTORY_XLSX] = file_digest(temps[INVENTORY_XLSX])
    package = datapackage(citation=citation, built_at=started_at, files=files)
    temps[DATAPACKAGE].write_bytes(datapackage_bytes(package))
    files[DATAPACKAGE] = file_digest(temps[DATAPACKAGE])
    return {
        "files": files,
        "records": counts.records,
        "mhos": counts.mhos,
        "identifier": citation.identifier,
    }


def _citation(started_at) -> Citation:
    mhos = MutualHealthOrganization.objects.approved()
    return Citation(
        built_on=timezone.localdate(started_at),
        identifier="",  # known once the data files are written
        records=YearlyRecord.objects.public().count(),
        mhos=mhos.count(),
        has_demo=mhos.filter(is_demo=True).exists(),
    )


def _start_time() -> datetime:
    """Now, once no earlier build started in the same second (builds hold the
    lock, so at most one is waiting here)."""
    last = (
        DataBuild.objects.order_by("-started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    now = timezone.now()
    if last is not None and last.replace(microsecond=0) == now.replace(microsecond=0):
        time.sleep(1 - now.microsecond / 1_000_000)
        now = timezone.now()
    return now


def data_build() -> DataBuild:
    """Build every file now and record the build. Raises DataBuildRunning when
    another build is running."""
    with _lock():
        build = DataBuild.objects.create(started_at=_start_time())
        directory = data_dir()
        directory.mkdir(parents=True, exist_ok=True)
        temps = {name: _temporary(directory, name) for name in FILE_NAMES}
        try:
            with read_snapshot():
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
