"""Writing an edition's files, once, in a folder of their own.

The files are those of the live /data/ build (inventory.csv, synthesis.csv,
organizations.csv, inventory.xlsx) read from one snapshot of the database,
plus changes.csv (the changelog against the previous edition) and a
datapackage.json that lists them all with their SHA-256. They are written in a
hidden temporary folder, made read-only, and the folder is then renamed to
``DATA_ROOT/editions/<identifier>/``: an edition's folder appears whole or not
at all, and nothing ever writes into it again.
"""

import csv
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.conf import settings

from opendata.exports.build import data_dir, file_digest, read_snapshot
from opendata.exports.citation import Citation
from opendata.exports.columns_organizations import ORGANIZATION_COLUMNS
from opendata.exports.columns_synthesis import SYNTHESIS_COLUMNS
from opendata.exports.csv_build import csv_write, records_csv_write
from opendata.exports.datapackage import (
    CSV_DIALECT,
    _resource,
    datapackage,
    datapackage_bytes,
)
from opendata.exports.rows import organization_rows, synthesis_rows
from opendata.exports.xlsx_build import inventory_xlsx_write

from .changes import CHANGE_COLUMNS, Change, changelog

INVENTORY_CSV, INVENTORY_XLSX = "inventory.csv", "inventory.xlsx"
SYNTHESIS_CSV, ORGANIZATIONS_CSV = "synthesis.csv", "organizations.csv"
CHANGES_CSV, DATAPACKAGE = "changes.csv", "datapackage.json"
FILE_NAMES = (
    INVENTORY_CSV,
    INVENTORY_XLSX,
    SYNTHESIS_CSV,
    ORGANIZATIONS_CSV,
    CHANGES_CSV,
    DATAPACKAGE,
)


def editions_dir() -> Path:
    return data_dir() / "editions"


def edition_dir(identifier: str) -> Path:
    return editions_dir() / identifier


def edition_address(identifier: str) -> str:
    """The stable address of an edition, the one its citations give."""
    return f"{settings.SITE_URL}/data/editions/{identifier}/"


@dataclass(frozen=True)
class EditionFileCitation(Citation):
    """The citation written into the workbook: the edition's identifier and
    stable address instead of the live build's."""

    address: str = ""

    @property
    def url(self) -> str:
        return self.address


@dataclass
class Written:
    """What a publication wrote in its temporary folder."""

    folder: Path
    files: dict
    columns: list[str]
    records: int
    mhos: int
    has_demo: bool
    changes: list[Change]


def _record_counts(path: Path) -> tuple[list[str], int, int, bool]:
    records, codes, demo = 0, set(), False
    with path.open(newline="", encoding="utf-8") as stream:
        reader = csv.DictReader(stream)
        for row in reader:
            records += 1
            codes.add(row["mho_code"])
            demo = demo or row["is_demo"] == "true"
        return list(reader.fieldnames or []), records, len(codes), demo


def _changes_write(path: Path, changes: Iterable[Change]) -> None:
    columns = [column for column, _type in CHANGE_COLUMNS]
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(columns)
        for change in changes:
            writer.writerow(change.cells())


def _package(*, identifier, title, citation, published_at, files, previous) -> dict:
    package = datapackage(citation=citation, built_at=published_at, files=files)
    package.update(
        name=f"concertation-mho-inventory-{identifier.replace('.', '-')}",
        id=citation.url,
        title=title["en"],
        title_fr=title["fr"],
        version=identifier,
        homepage=citation.url,
    )
    schema = {
        "fields": [{"name": name, "type": kind} for name, kind in CHANGE_COLUMNS],
        "missingValues": [],
    }
    description = (
        f"What changed since edition {previous}, one line per MHO, record, "
        "field of a record or synthesis cell (old and new values as the "
        "cells of the CSV files)."
        if previous
        else "The first edition: nothing to compare with, no line."
    )
    package["resources"].append(
        _resource(
            "changes",
            CHANGES_CSV,
            files,
            title="Changes since the previous edition",
            description=description,
            dialect=CSV_DIALECT,
            schema=schema,
        )
    )
    return package


def _temporary_folder() -> Path:
    editions_dir().mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(dir=editions_dir(), prefix=".publishing-"))


def files_write(
    *,
    identifier: str,
    title: dict,
    published_at: datetime,
    previous: str | None,
) -> Written:
    """Write every file of the edition ``identifier`` in a temporary folder
    beside the editions' folders; ``previous`` is the identifier of the edition
    whose files the changelog compares with."""
    folder = _temporary_folder()
    try:
        return _write(folder, identifier, title, published_at, previous)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _write(folder, identifier, title, published_at, previous) -> Written:
    paths = {name: folder / name for name in FILE_NAMES}
    with read_snapshot():
        with paths[INVENTORY_CSV].open("wb") as stream:
            records_csv_write(stream)
        with paths[SYNTHESIS_CSV].open("wb") as stream:
            csv_write(stream, SYNTHESIS_COLUMNS, synthesis_rows())
        with paths[ORGANIZATIONS_CSV].open("wb") as stream:
            csv_write(stream, ORGANIZATION_COLUMNS, organization_rows())
        columns, records, mhos, has_demo = _record_counts(paths[INVENTORY_CSV])
        citation = EditionFileCitation(
            built_on=date.fromisoformat(published_at.date().isoformat()),
            identifier=identifier,
            records=records,
            mhos=mhos,
            has_demo=has_demo,
            address=edition_address(identifier),
        )
        inventory_xlsx_write(paths[INVENTORY_XLSX], citation=citation)
    changes = list(_changelog(previous, folder)) if previous else []
    _changes_write(paths[CHANGES_CSV], changes)
    files = {
        name: file_digest(paths[name]) for name in FILE_NAMES if name != DATAPACKAGE
    }
    package = _package(
        identifier=identifier,
        title=title,
        citation=citation,
        published_at=published_at,
        files=files,
        previous=previous,
    )
    paths[DATAPACKAGE].write_bytes(datapackage_bytes(package))
    files[DATAPACKAGE] = file_digest(paths[DATAPACKAGE])
    return Written(folder, files, columns, records, mhos, has_demo, changes)


def _changelog(previous: str, folder: Path):
    from .models import Edition, EditionRecord, EditionSynthesisRow

    columns = (
        Edition.objects.filter(identifier=previous)
        .values_list("record_columns", flat=True)
        .get()
    )

    def old_records():
        rows = EditionRecord.objects.filter(edition__identifier=previous)
        lines = rows.values_list("line", flat=True).iterator(chunk_size=2000)
        for cells in csv.reader(lines):
            yield dict(zip(columns, cells, strict=True))

    old_synthesis = EditionSynthesisRow.objects.filter(
        edition__identifier=previous
    ).values_list("data", flat=True)
    return changelog(old_records=old_records, old_synthesis=old_synthesis, new=folder)


def folder_freeze(written: Written, identifier: str) -> Path:
    """Make the files read-only and give the folder the edition's name. Refuses
    to replace a folder already there: an edition's files are never rewritten."""
    for name in FILE_NAMES:
        os.chmod(written.folder / name, 0o444)
    os.chmod(written.folder, 0o555)
    target = edition_dir(identifier)
    if target.exists():
        raise FileExistsError(target)
    os.rename(written.folder, target)
    return target


def folder_forget(path: Path) -> None:
    """Remove the folder of a publication that did not commit."""
    if path.exists():
        os.chmod(path, 0o755)
        shutil.rmtree(path, ignore_errors=True)
