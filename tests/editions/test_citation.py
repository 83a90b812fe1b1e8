"""Each edition's citation in French and English: text, BibTeX, RIS and
CSL-JSON read back by the libraries reference managers use, and DataCite JSON
valid against the DataCite schema; once recorded, the DOI is in all of them."""

import json

import bibtexparser
import pytest
import rispy
from datacite import schema45
from django.core.exceptions import PermissionDenied, ValidationError

from editions.citation import EditionCitation
from editions.services import edition_doi_record, edition_publish

pytestmark = pytest.mark.django_db
DOI = "10.5281/zenodo.1234567"


@pytest.fixture
def edition(scenario, secretariat):
    return edition_publish(year=2024, user=secretariat)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_bibtex_and_ris_parse_with_identifier_date_and_address(edition, language):
    citation = EditionCitation(edition)
    library = bibtexparser.parse_string(citation.bibtex(language))
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry["version"] == "2024.1"
    assert entry["url"].endswith("/data/editions/2024.1/")
    assert entry["date"] == edition.published_at.date().isoformat()
    assert "2024" in entry["title"]

    (record,) = rispy.loads(citation.ris(language))
    assert record["type_of_reference"] == "DATA"
    assert record["edition"] == "2024.1"
    assert record["urls"] == [citation.address]
    assert record["date"] == edition.published_at.strftime("%Y/%m/%d")


def test_citation_text_in_french_and_english(edition):
    citation = EditionCitation(edition)
    french, english = citation.text("fr"), citation.text("en")
    assert "Inventaire des mutuelles de santé — édition 2024" in french
    assert "édition 2024.1, publiée le" in french
    assert "edition 2024.1, published on" in english
    assert citation.address in french and citation.address in english


def test_datacite_json_validates_against_the_schema(edition, secretariat):
    citation = EditionCitation(edition)
    metadata = citation.datacite()
    assert schema45.validate(metadata), list(schema45.validator.iter_errors(metadata))
    assert metadata["version"] == "2024.1"
    edition = edition_doi_record(edition=edition, user=secretariat, doi=DOI)
    metadata = EditionCitation(edition).datacite()
    assert schema45.validate(metadata)
    assert metadata["doi"] == DOI


def test_recorded_doi_appears_in_every_citation(client, edition, secretariat):
    edition_doi_record(edition=edition, user=secretariat, doi=f"https://doi.org/{DOI}")
    edition.refresh_from_db()
    citation = EditionCitation(edition)
    assert f"https://doi.org/{DOI}" in citation.text("fr")
    assert f"https://doi.org/{DOI}" in citation.text("en")
    assert bibtexparser.parse_string(citation.bibtex()).entries[0]["doi"] == DOI
    assert rispy.loads(citation.ris())[0]["doi"] == DOI
    csl = json.loads(client.get("/en/data/editions/2024.1/citation.csl.json").content)
    assert csl[0]["DOI"] == DOI and csl[0]["version"] == "2024.1"
    page = client.get("/fr/data/editions/2024.1/").content.decode()
    assert f"https://doi.org/{DOI}" in page


def test_doi_is_recorded_once_and_by_the_secretariat_only(
    edition, secretariat, visitor
):
    with pytest.raises(PermissionDenied):
        edition_doi_record(edition=edition, user=visitor, doi=DOI)
    with pytest.raises(ValidationError):
        edition_doi_record(edition=edition, user=secretariat, doi="not-a-doi")
    edition_doi_record(edition=edition, user=secretariat, doi=DOI)
    with pytest.raises(ValidationError):
        edition_doi_record(edition=edition, user=secretariat, doi="10.1234/other")
    edition.refresh_from_db()
    assert edition.doi == DOI


@pytest.mark.parametrize(
    ("extension", "content_type"),
    [
        ("bib", "application/x-bibtex"),
        ("ris", "application/x-research-info-systems"),
        ("datacite.json", "application/json"),
    ],
)
def test_citation_downloads(client, edition, extension, content_type):
    response = client.get(f"/fr/data/editions/2024.1/citation.{extension}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert b"2024.1" in response.content
