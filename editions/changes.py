"""The changelog of an edition against the one before it: MHOs added and
removed, records added, changed (field by field, old → new) and withdrawn,
and the synthesis cells that moved. The new edition is read from its CSV
files, the previous one from its snapshot rows (the same cells, kept in the
database whatever happens to the files' folder).

Memory stays bounded at full scale: the old inventory is first held as one
short hash per record; only the records whose hash differs are read again in
full to list their fields.
"""

import csv
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

INVENTORY_CSV, SYNTHESIS_CSV = "inventory.csv", "synthesis.csv"
CHANGE_COLUMNS = [
    ("change", "string"),
    ("mho_code", "string"),
    ("country_iso2", "string"),
    ("year", "integer"),
    ("field", "string"),
    ("old_value", "string"),
    ("new_value", "string"),
]
RECORD_KEY = ("mho_code", "year")
SYNTHESIS_KEY = ("country_iso2", "year")


@dataclass(frozen=True)
class Change:
    kind: str  # a ChangeKind value
    mho_code: str = ""
    country: str = ""
    year: int | None = None
    field: str = ""
    old: str = ""
    new: str = ""

    def cells(self) -> list[str]:
        year = "" if self.year is None else str(self.year)
        return [
            self.kind,
            self.mho_code,
            self.country,
            year,
            self.field,
            self.old,
            self.new,
        ]


def _rows(path: Path) -> Iterator[dict]:
    with path.open(newline="", encoding="utf-8") as stream:
        yield from csv.DictReader(stream)


def _hash(row: dict) -> bytes:
    # By column name: the database keeps a row's keys in an order of its own.
    text = "\x1e".join(f"{name}\x1f{row[name]}" for name in sorted(row))
    return hashlib.blake2b(text.encode(), digest_size=12).digest()


def _key(row: dict) -> tuple[str, int]:
    return row["mho_code"], int(row["year"])


OldRows = Callable[[], Iterable[dict]]


def _record_changes(old: OldRows, new: Path) -> list[Change]:
    before: dict[tuple[str, int], tuple[bytes, str]] = {}
    old_mhos: dict[str, str] = {}
    for row in old():
        before[_key(row)] = (_hash(row), row["country_iso2"])
        old_mhos[row["mho_code"]] = row["country_iso2"]
    added, changed, new_mhos = [], set(), {}
    for row in _rows(new):
        key = _key(row)
        new_mhos[row["mho_code"]] = row["country_iso2"]
        if key not in before:
            added.append(Change("record_added", key[0], row["country_iso2"], key[1]))
        elif before[key][0] != _hash(row):
            changed.add(key)
        before.pop(key, None)
    withdrawn = [
        Change("record_withdrawn", code, country, year)
        for (code, year), (_digest, country) in sorted(before.items())
    ]
    changes = [
        Change("mho_added", code, new_mhos[code])
        for code in sorted(new_mhos.keys() - old_mhos.keys())
    ]
    changes += [
        Change("mho_removed", code, old_mhos[code])
        for code in sorted(old_mhos.keys() - new_mhos.keys())
    ]
    changes += sorted(added, key=lambda change: (change.mho_code, change.year))
    changes += _field_changes(old, new, changed)
    return changes + withdrawn


def _field_changes(old: OldRows, new: Path, keys: set) -> list[Change]:
    if not keys:
        return []
    before = {_key(row): row for row in old() if _key(row) in keys}
    after = {_key(row): row for row in _rows(new) if _key(row) in keys}
    changes = []
    for key in sorted(keys):
        old_row, new_row = before[key], after[key]
        country = new_row["country_iso2"]
        for field, value in new_row.items():
            if old_row.get(field, "") != value:
                changes.append(
                    Change(
                        "record_changed",
                        key[0],
                        country,
                        key[1],
                        field,
                        old_row.get(field, ""),
                        value,
                    )
                )
    return changes


def _synthesis_changes(old: Iterable[dict], new: Path) -> list[Change]:
    def table(rows):
        return {(row["country_iso2"], int(row["year"])): row for row in rows}

    before, after = table(old), table(_rows(new))
    changes = []
    for key in sorted(before.keys() | after.keys()):
        old_row, new_row = before.get(key, {}), after.get(key, {})
        for field in new_row or old_row:
            if field in SYNTHESIS_KEY:
                continue
            old_value, new_value = old_row.get(field, ""), new_row.get(field, "")
            if old_value != new_value:
                changes.append(
                    Change(
                        "synthesis_changed",
                        "",
                        key[0],
                        key[1],
                        field,
                        old_value,
                        new_value,
                    )
                )
    return changes


def changelog(
    *, old_records: OldRows, old_synthesis: Iterable[dict], new: Path
) -> Iterator[Change]:
    """The changes from the previous edition's rows (``old_records`` gives
    them afresh at each call) to the files in folder ``new``."""
    yield from _record_changes(old_records, new / INVENTORY_CSV)
    yield from _synthesis_changes(old_synthesis, new / SYNTHESIS_CSV)
