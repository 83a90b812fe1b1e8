"""The country and MHO fact sheets: PDF text, size, figures against the
synthesis rows, the stored file served again, public data only."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from editions.citation import EditionCitation
from editions.services import edition_publish, edition_withdraw
from kernel.cache import site_key
from opendata.exports.build import build_keys
from opendata.models import SynthesisRow
from opendata.services.synthesis import synthesis_rebuild
from tests.factories import (
    CountryFactory,
    FocalPointFactory,
    MHOFactory,
    NationalCommitteeFactory,
    OrganizationFactory,
    YearlyRecordFactory,
    secretariat_member,
)

pytestmark = pytest.mark.django_db

MAX_BYTES = 300 * 1024
COUNTRY_SHEET = "/{language}/synthesis/SN/fact-sheet.pdf"


def pdf_of(response) -> bytes:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def text_of(content: bytes, *, max_pages: int = 2) -> str:
    """The PDF's text, every kind of space (French thousands separators) as
    one plain space."""
    assert len(content) <= MAX_BYTES
    reader = PdfReader(io.BytesIO(content))
    assert 1 <= len(reader.pages) <= max_pages
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


def stored_sheets() -> list[Path]:
    return sorted(Path(settings.MEDIA_ROOT, "fact-sheets").rglob("*.pdf"))


def record(country, year, **figures):
    mho = MHOFactory(country=country, founded_year=2000)
    return YearlyRecordFactory(mho=mho, year=year, **figures)


@pytest.fixture
def senegal():
    country = CountryFactory(iso2="SN", name_fr="Sénégal", name_en="Senegal")
    union = OrganizationFactory(
        name_fr="Union nationale des mutuelles", name_en="National union of mutuals",
        acronym="UNAMUSC",
    )  # fmt: skip
    FocalPointFactory(country=country, contact_person="Awa Ndiaye",
                      organizations=[union])  # fmt: skip
    NationalCommitteeFactory(
        country=country, name_fr="Cadre national de concertation",
        name_en="National consultation framework", members=[union],
    )  # fmt: skip
    record(country, 2021, members=7_000, beneficiaries=20_000)
    record(country, 2022, members=12_345, beneficiaries=40_000)
    record(country, 2022, members=655, beneficiaries=2_000)
    # Never on a sheet: a draft, a returned record, a pending MHO's record.
    record(country, 2022, members=99_991, beneficiaries=99_992, state="draft")
    record(country, 2022, members=99_993, beneficiaries=99_994, state="returned")
    pending = MHOFactory(country=country, approval="pending", name="Mutuelle cachée")
    YearlyRecordFactory(mho=pending, year=2022, members=88_881, beneficiaries=88_882)
    synthesis_rebuild()
    return country


@pytest.mark.parametrize(
    ("language", "name", "members", "label"),
    [
        ("en", "Senegal", "13,000", "Live data"),
        ("fr", "Sénégal", "13 000", "Données en direct"),
    ],
)
def test_country_sheet_has_the_name_figures_and_citation_of_the_synthesis(
    client, senegal, language, name, members, label
):
    text = text_of(pdf_of(client.get(COUNTRY_SHEET.format(language=language))))
    assert name in text
    row = SynthesisRow.objects.get(country=senegal, year=2022)
    assert row.members == 13_000  # 12,345 + 655
    assert members in text
    for year_row in SynthesisRow.objects.filter(country=senegal):
        assert str(year_row.year) in text
    assert label in text
    assert "Awa Ndiaye" in text
    assert "UNAMUSC" in text
    assert "Licence CC BY 4.0" in text
    assert "[data set]" in text or "[jeu de données]" in text


def test_country_sheet_figures_match_each_synthesis_row(client, senegal):
    text = text_of(pdf_of(client.get(COUNTRY_SHEET.format(language="en"))))
    for row in SynthesisRow.objects.filter(country=senegal).order_by("year"):
        line = (
            f"{row.year} {row.mhos_known} {row.mhos_reporting} "
            f"{round(row.completeness * 100)} % {row.members:,} {row.beneficiaries:,}"
        )
        assert line in text


def test_country_sheet_shows_only_public_data(client, senegal):
    for language in ("en", "fr"):
        text = text_of(pdf_of(client.get(COUNTRY_SHEET.format(language=language))))
        for hidden in ("99991", "99992", "99993", "99994", "88881", "88882"):
            assert hidden not in text.replace(",", "").replace(" ", "")
        assert "Mutuelle cachée" not in text


def test_second_request_serves_the_stored_sheet_without_rendering(client, senegal):
    url = COUNTRY_SHEET.format(language="fr")
    with CaptureQueriesContext(connection) as first:
        content = pdf_of(client.get(url))
    [stored] = stored_sheets()
    written = stored.stat().st_mtime_ns
    with CaptureQueriesContext(connection) as second:
        again = pdf_of(client.get(url))
    assert again == content == stored.read_bytes()
    assert stored_sheets() == [stored]
    assert stored.stat().st_mtime_ns == written
    # At most which edition is current, nothing of the sheet's own reads.
    assert len(second.captured_queries) <= 1 < len(first.captured_queries)


def test_a_new_validation_gives_a_new_sheet_and_drops_the_old_one(client, senegal):
    url = COUNTRY_SHEET.format(language="en")
    assert "13,000" in text_of(pdf_of(client.get(url)))
    [old] = stored_sheets()
    record(senegal, 2022, members=1_000, beneficiaries=3_000)
    synthesis_rebuild()
    assert "14,000" in text_of(pdf_of(client.get(url)))
    [new] = stored_sheets()
    assert new != old and not old.exists()


def test_english_and_french_sheets_are_stored_apart(client, senegal):
    english = pdf_of(client.get(COUNTRY_SHEET.format(language="en")))
    french = pdf_of(client.get(COUNTRY_SHEET.format(language="fr")))
    assert english != french
    assert len(stored_sheets()) == 2


def test_unknown_country_or_country_without_figures_has_no_sheet(client, senegal):
    CountryFactory(iso2="BJ", name_fr="Bénin", name_en="Benin")
    assert client.get("/en/synthesis/ZZ/fact-sheet.pdf").status_code == 404
    assert client.get("/en/synthesis/BJ/fact-sheet.pdf").status_code == 404
    assert stored_sheets() == []


def test_lowercase_country_code_is_redirected(client, senegal):
    response = client.get("/en/synthesis/sn/fact-sheet.pdf")
    assert response.status_code == 302
    assert response["Location"] == "/en/synthesis/SN/fact-sheet.pdf"


def test_country_page_links_to_its_sheet(client, senegal):
    html = client.get("/fr/synthesis/SN/").content.decode()
    assert 'href="/fr/synthesis/SN/fact-sheet.pdf"' in html


# --------------------------------------------------------------------------
# One MHO
# --------------------------------------------------------------------------
def test_mho_sheet_is_one_page_with_its_public_figures(client, senegal):
    mho = MHOFactory(country=senegal, name="Mutuelle de Thiès", founded_year=2001)
    YearlyRecordFactory(mho=mho, year=2021, members=812, beneficiaries=2_436)
    YearlyRecordFactory(mho=mho, year=2022, members=845, beneficiaries=2_535)
    YearlyRecordFactory(mho=mho, year=2023, members=9_871, beneficiaries=9_872,
                        state="submitted")  # fmt: skip
    for language in ("fr", "en"):
        url = f"/{language}/inventory/{mho.code}/fact-sheet.pdf"
        text = text_of(pdf_of(client.get(url)), max_pages=1)
        with CaptureQueriesContext(connection) as again:
            pdf_of(client.get(url))
        assert len(again.captured_queries) == 0  # served as stored
        assert "Mutuelle de Thiès" in text
        assert mho.code in text
        assert "845" in text and "2,535" in text.replace(" ", ",")
        assert "9871" not in text.replace(",", "").replace(" ", "")
        assert "CC BY 4.0" in text


def test_mho_sheet_of_a_non_public_mho_does_not_exist(client, senegal):
    pending = MHOFactory(country=senegal, approval="pending")
    YearlyRecordFactory(mho=pending, year=2022)
    assert client.get(f"/en/inventory/{pending.code}/fact-sheet.pdf").status_code == 404
    assert stored_sheets() == []


def test_mho_page_links_to_its_sheet(client, senegal):
    mho = MHOFactory(country=senegal)
    html = client.get(f"/fr/inventory/{mho.code}/").content.decode()
    assert f'href="/fr/inventory/{mho.code}/fact-sheet.pdf"' in html


# --------------------------------------------------------------------------
# From the latest published edition
# --------------------------------------------------------------------------
@pytest.fixture
def edition(senegal):
    keys = [*build_keys(), site_key("editions:publish:lock")]
    cache.delete_many(keys)
    yield edition_publish(year=2022, user=secretariat_member())
    cache.delete_many(keys)


def test_country_sheet_comes_from_the_latest_edition_and_cites_it(
    client, senegal, edition
):
    url = COUNTRY_SHEET.format(language="en")
    text = text_of(pdf_of(client.get(url)))
    assert f"Edition {edition.identifier} of the inventory" in text
    assert edition.identifier in text and "13,000" in text
    citation = " ".join(EditionCitation(edition).text("en").split())
    assert citation[:60] in text

    # Validations after the edition: the live synthesis moves, the sheet of
    # the edition does not.
    record(senegal, 2022, members=1_000, beneficiaries=3_000)
    synthesis_rebuild()
    assert SynthesisRow.objects.get(country=senegal, year=2022).members == 14_000
    again = text_of(pdf_of(client.get(url)))
    assert "13,000" in again and "14,000" not in again


def test_a_withdrawn_edition_is_no_longer_the_source(client, senegal, edition):
    url = COUNTRY_SHEET.format(language="en")
    assert f"Edition {edition.identifier}" in text_of(pdf_of(client.get(url)))
    edition_withdraw(
        edition=edition, user=secretariat_member(), reason="Figures of Mali wrong."
    )
    text = text_of(pdf_of(client.get(url)))
    assert f"Edition {edition.identifier}" not in text
    assert "Live data" in text
