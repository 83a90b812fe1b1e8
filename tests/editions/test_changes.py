"""The changelog of a second edition against the first, in a seeded scenario:
exactly the MHOs, records, fields and synthesis cells that changed."""

import csv
import io

import pytest

from editions.files import edition_dir
from editions.models import EditionChange
from editions.services import edition_publish

from .conftest import later_validations

pytestmark = pytest.mark.django_db


def _lines(edition, kinds):
    return [
        (
            change.kind,
            change.mho_code,
            change.country,
            change.year,
            change.field,
            change.old,
            change.new,
        )
        for change in EditionChange.objects.filter(edition=edition, kind__in=kinds)
    ]


def test_changelog_lists_exactly_what_changed(scenario, secretariat):
    first = edition_publish(year=2024, user=secretariat)
    later_validations(scenario)
    second = edition_publish(year=2024, user=secretariat)

    assert second.previous == first
    kinds = [
        "mho_added",
        "mho_removed",
        "record_added",
        "record_changed",
        "record_withdrawn",
    ]
    assert _lines(second, kinds) == [
        ("mho_added", "ML-0002", "ML", None, "", "", ""),
        ("mho_removed", "SN-0002", "SN", None, "", "", ""),
        ("record_added", "ML-0002", "ML", 2024, "", "", ""),
        ("record_changed", "SN-0001", "SN", 2024, "members", "450", "500"),
        ("record_withdrawn", "SN-0002", "SN", 2024, "", "", ""),
    ]
    cells = {
        (country, year, field): (old, new)
        for _kind, _code, country, year, field, old, new in _lines(
            second, ["synthesis_changed"]
        )
    }
    assert cells[("SN", 2024, "members")] == ("850", "500")
    assert cells[("ML", 2024, "members")] == ("300", "700")
    assert cells[("", 2024, "members")] == ("1150", "1200")
    # The new MHO is known from 2023 on (founded in 2005) without reporting
    # that year: only the counts of known MHOs and the completeness move.
    assert {key: value for key, value in cells.items() if key[1] == 2023} == {
        ("", 2023, "mhos_known"): ("3", "4"),
        ("", 2023, "completeness"): ("0.333333", "0.25"),
        ("ML", 2023, "mhos_known"): ("1", "2"),
    }
    assert not EditionChange.objects.filter(edition=first).exists()


def test_changes_csv_holds_the_same_lines(scenario, secretariat):
    edition_publish(year=2024, user=secretariat)
    later_validations(scenario)
    second = edition_publish(year=2024, user=secretariat)

    text = (edition_dir(second.identifier) / "changes.csv").read_text()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == EditionChange.objects.filter(edition=second).count()
    assert {
        "change": "record_changed",
        "mho_code": "SN-0001",
        "country_iso2": "SN",
        "year": "2024",
        "field": "members",
        "old_value": "450",
        "new_value": "500",
    } in rows


def test_changelog_reads_the_previous_edition_from_its_frozen_rows(
    scenario, secretariat, tmp_path
):
    """A new server without the previous edition's folder still counts the
    changes: the previous edition is read from its snapshot rows."""
    edition_publish(year=2024, user=secretariat)
    edition_dir("2024.1").rename(tmp_path / "elsewhere")
    later_validations(scenario)
    second = edition_publish(year=2024, user=secretariat)
    changed = EditionChange.objects.get(edition=second, kind="record_changed")
    assert (changed.mho_code, changed.field, changed.old, changed.new) == (
        "SN-0001",
        "members",
        "450",
        "500",
    )
