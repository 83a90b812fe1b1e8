"""On PostgreSQL inventory.csv is written by COPY ... TO STDOUT: it must be
byte for byte what the Python writer gives for the same data."""

from datetime import UTC, datetime
from io import BytesIO

import pytest

from opendata.exports.csv_build import records_csv_write
from tests.factories import MHOFactory, OrganizationFactory, YearlyRecordFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

AWKWARD_NAMES = [
    'Mutuelle "Jàmm", Thiès',
    "Ligne\nsuivante",
    "Retour\rchariot",
    "\tTabulation",
    "\rRetour en tête",
    '=HYPERLINK("http://evil.example")',
    "-",
    "@",
    "  espaces  ",
    "Émoji 🩺 et ñ",
    "\\.",
    "100%",
    "%s %(name)s",
]


def both_outputs(**kwargs) -> tuple[bytes, bytes]:
    copied, written = BytesIO(), BytesIO()
    records_csv_write(copied, use_copy=True, **kwargs)
    records_csv_write(written, use_copy=False, **kwargs)
    return copied.getvalue(), written.getvalue()


def test_copy_output_is_identical_to_the_python_writer(senegal, mali):
    supporters = [
        OrganizationFactory(slug=slug) for slug in ("ab", "a-c", "a_b", "-lead", "Z")
    ]
    network = OrganizationFactory(slug="union-x", kind="union")
    for number, name in enumerate(AWKWARD_NAMES, start=1):
        mho = MHOFactory(
            code=f"SN-{number:04d}",
            country=senegal if number % 2 else mali,
            name=name,
            acronym=name[:40],
            region="",
            locality=name[:100],
            network=network if number % 3 else None,
            support_organizations=supporters[: number % 6],
            is_demo=number % 4 == 0,
            founded_year=None if number % 5 == 0 else 1990 + number,
        )
        YearlyRecordFactory(
            mho=mho,
            year=2020 + number % 3,
            members=None if number % 2 else number * 10,
            contributions_collected=10**12 + number,
            general_assembly_held=[None, True, False][number % 3],
            covers_drugs=bool(number % 2),
            payment_mode="" if number % 2 else "capitation",
            reviewed_at=(
                None
                if number % 3 == 0
                else datetime(2024, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
            ),
        )
    MHOFactory(code="SN-9999", country=senegal, name="Sans rapport")

    copied, written = both_outputs()

    assert copied.count(b"\n") >= len(AWKWARD_NAMES) + 1
    assert b"2024-12-31T23:59:59Z" in copied
    assert b"'\tTabulation" in copied and b'"Ligne\nsuivante"' in copied
    assert copied == written


def test_copy_output_of_no_records_is_the_header_alone(db):
    copied, written = both_outputs()

    assert copied == written
    assert copied.startswith(b"mho_code,mho_name,") and copied.count(b"\n") == 1
