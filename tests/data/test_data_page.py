"""The open-data page (/fr/data/, /en/data/): dictionary, licence, citation,
files, in French and English, with a bounded number of queries; /data/ sends
visitors to it in their language."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opendata.exports.build import data_build
from opendata.exports.dictionary import dictionary
from tests.factories import MHOFactory, YearlyRecordFactory
from tests.xss import assert_no_active_content, load_payloads

pytestmark = pytest.mark.django_db


def page(client, language="fr"):
    response = client.get(f"/{language}/data/")
    assert response.status_code == 200
    return response.content.decode()


def test_data_page_shows_files_citation_licence_and_every_column(client, published):
    build = data_build()

    html = page(client, "en")

    assert '<html lang="en">' in html
    for name in (
        "inventory.csv",
        "inventory.xlsx",
        "synthesis.csv",
        "organizations.csv",
    ):
        assert f'href="/data/{name}"' in html
    assert "KB)" in html or "bytes)" in html  # sizes
    assert "4 validated yearly records of 3 mutuals" in html
    assert f'Version <code class="version">{build.identifier}</code>' in html
    assert f"version {build.identifier} (built on" in html
    key = build.identifier.replace("-", "_")
    assert f"@misc{{concertation_inventory_{key}," in html
    assert 'rel="license"' in html and "creativecommons.org/licenses/by/4.0" in html
    assert 'href="/api/docs/"' in html
    assert 'href="/en/inventory/"' in html
    for _sheet, columns in dictionary():
        for column in columns:
            assert f"<code>{column.name}</code>" in html
    assert "demo-notice" not in html


def test_data_page_reads_in_french_and_its_language_switch_opens_the_english_page(
    client, published
):
    data_build()

    french = page(client, "fr")
    english = page(client, "en")

    assert '<html lang="fr">' in french
    assert "enregistrements annuels validés" in french  # the citation
    assert 'href="/en/data/" hreflang="en"' in french  # the header's switch
    assert '<html lang="en">' in english and 'href="/fr/data/" hreflang="fr"' in english
    assert "validated yearly records" in english
    assert "Adhérents en fin d&#x27;année" in english  # both definitions shown


@pytest.mark.parametrize(
    ("headers", "query", "target"),
    [
        ({"accept-language": "en-GB,en;q=0.9"}, "", "/en/data/"),
        ({"accept-language": "fr-SN"}, "", "/fr/data/"),
        ({}, "", "/fr/data/"),  # French, the site's language
        ({"cookie": "django_language=en"}, "", "/en/data/"),
        ({"accept-language": "fr"}, "?lang=en", "/en/data/"),  # the old switch
        ({"accept-language": "en"}, "?lang=xx", "/en/data/"),
    ],
)
def test_old_data_address_sends_visitors_to_the_page_in_their_language(
    client, db, headers, query, target
):
    response = client.get(f"/data/{query}", headers=headers)

    assert response.status_code == 302
    assert response["Location"] == target
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]


def test_old_data_address_accepts_only_reading(client, db):
    assert client.post("/data/").status_code == 405


def test_data_page_says_when_files_include_demo_data(client, published):
    MHOFactory(code="SN-0100", is_demo=True)
    data_build()

    assert 'id="demo-notice"' in page(client, "en")


def test_data_page_before_the_first_build_says_files_are_coming(client, db):
    html = page(client, "en")

    assert "being prepared" in html and 'href="/data/inventory.csv"' in html


def test_data_page_runs_as_many_queries_for_many_rows_as_for_few(client, published):
    data_build()
    with CaptureQueriesContext(connection) as few:
        page(client)
    for number in range(40):
        YearlyRecordFactory(mho__code=f"SN-{number + 200:04d}", year=2024)
    data_build()

    with CaptureQueriesContext(connection) as many:
        page(client)

    # The third reads the latest edition (once per data version).
    assert len(few) == len(many) <= 3


def test_data_page_shows_no_mho_name(client, senegal):
    payloads = load_payloads()[:12]
    for number, payload in enumerate(payloads):
        mho = MHOFactory(
            code=f"SN-{number + 300:04d}", country=senegal, name=payload[:200]
        )
        YearlyRecordFactory(mho=mho, year=2024)
    data_build()

    html = page(client, "en")

    assert_no_active_content(html)
    assert not any(payload in html for payload in payloads)
