"""The long series: reference figures beside the portal's own yearly figures
on /synthesis/ and each country page, each point saying where it comes from,
the two kinds never added together; a country over time."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from editions.long_series import long_series
from editions.models import ReferenceFigure
from editions.services import edition_publish, edition_withdraw
from opendata.exports.build import data_build, data_dir
from opendata.models import SynthesisRow
from opendata.services.synthesis import synthesis_rebuild
from tests.factories import CountryFactory, MHOFactory, YearlyRecordFactory

from .conftest import later_validations

pytestmark = pytest.mark.django_db

SYNTHESIS_FIELDS = [
    field.name
    for field in SynthesisRow._meta.concrete_fields
    if field.name not in {"id", "built_at"}
]


@pytest.fixture
def reference_figures(db):
    call_command("loaddata", "reference_figures", verbosity=0)
    return ReferenceFigure.objects.order_by("year", "indicator")


@pytest.fixture
def edition_2024(scenario, secretariat):
    return edition_publish(year=2024, user=secretariat)


def _long_table(text: str) -> str:
    """The long series' table of a page."""
    start = text.index('<table class="long-series-table">')
    return text[start : text.index("</table>", start)]


def _rows(table: str) -> list[str]:
    return re.findall(r"<tr class=\"long-(?:reference|portal)\">.*?</tr>", table, re.S)


def test_shipped_reference_figures_name_their_source_and_caveat(reference_figures):
    figures = {(f.year, f.indicator): f for f in reference_figures}
    assert figures[1997, "mhos_functional"].value == 76
    assert figures[2003, "mhos_functional"].value == 366
    assert figures[2003, "mhos_project_or_gestation"].value == 220
    for figure in reference_figures:
        assert "Imagine" in figure.source and "Concertation" in figure.source
        assert figure.country is None
        assert "11 pays" in figure.scope_fr or figure.year == 1997
        assert not figure.verified  # reported second-hand
    assert "six pays" in figures[1997, "mhos_functional"].note_fr
    assert "six countries" in figures[1997, "mhos_functional"].note_en


@pytest.mark.parametrize(
    ("language", "reference", "live", "sources"),
    [
        ("fr", "Chiffre de référence", "en direct, provisoire", "Sources des chiffres"),
        ("en", "Reference figure", "live, provisional", "Sources of the reference"),
    ],
)
def test_synthesis_page_shows_the_long_series_with_its_sources(
    client, reference_figures, edition_2024, language, reference, live, sources
):
    response = client.get(f"/{language}/synthesis/")
    text = response.content.decode()
    assert response.status_code == 200
    table = _long_table(text)
    rows = _rows(table)
    # 1997 and 2003 from the magazine, 2023 live, 2024 from its edition.
    assert [re.search(r"<th scope=\"row\">(\d{4})", row)[1] for row in rows] == [
        "1997",
        "2003",
        "2023",
        "2024",
    ]
    assert reference in rows[0] and ">76<" in rows[0]
    assert ">366<" in rows[1] and ">220<" in rows[1]
    assert 'href="#long-source-1"' in rows[0]
    assert live in rows[2] and "2024.1" not in rows[2]
    assert f'href="/{language}/data/editions/2024.1/"' in rows[3]
    # The sources in full, and that they are not verified yet.
    assert sources in text
    assert 'id="long-source-1"' in text
    assert "Imagine (magazine)" in text
    assert "<svg" in text[text.index('id="long-series"') :]


def _api_figures(client) -> list[dict]:
    """The API's synthesis rows of 2024 without their build time."""
    rows = client.get("/api/v1/synthesis/?year=2024").json()["results"]
    return [{k: v for k, v in row.items() if k != "built_at"} for row in rows]


def test_reference_figures_never_enter_a_live_sum(
    client, scenario, secretariat, data_root
):
    """The Africa row, the synthesis file and the synthesis table are the same
    with and without reference figures, even one of the same country and year
    as validated records."""
    before_rows = list(
        SynthesisRow.objects.order_by("year", "country").values(*SYNTHESIS_FIELDS)
    )
    data_build()
    before_csv = (data_dir() / "synthesis.csv").read_bytes()
    before_api = _api_figures(client)
    before_page = client.get("/fr/synthesis/").content.decode()
    before_table = before_page[: before_page.index('id="long-series"')]

    call_command("loaddata", "reference_figures", verbosity=0)
    ReferenceFigure.objects.create(
        key="senegal-2024-functional",
        year=2024,
        country=scenario["senegal"],
        indicator="mhos_functional",
        value=1000,
        source="Ministère de la santé du Sénégal, rapport annuel 2024.",
    )
    synthesis_rebuild()
    data_build()

    after_rows = list(
        SynthesisRow.objects.order_by("year", "country").values(*SYNTHESIS_FIELDS)
    )
    assert after_rows == before_rows
    assert (data_dir() / "synthesis.csv").read_bytes() == before_csv
    assert _api_figures(client) == before_api
    after_page = client.get("/fr/synthesis/").content.decode()
    assert after_page[: after_page.index('id="long-series"')] == before_table
    # On Senegal's page the two 2024 figures stand in two rows, not one sum.
    senegal = _rows(_long_table(client.get("/fr/synthesis/SN/").content.decode()))
    row_2024 = [row for row in senegal if '<th scope="row">2024' in row]
    functional = SynthesisRow.objects.get(country=scenario["senegal"], year=2024)
    assert len(row_2024) == 2
    assert ">1\xa0000<" in row_2024[0]
    assert f">{functional.mhos_functional}<" in row_2024[1]
    total = f"{1000 + functional.mhos_functional:,}".replace(",", "\xa0")
    assert f">{total}<" not in "".join(senegal)


def test_each_year_comes_from_its_edition_and_stays_frozen(
    scenario, secretariat, reference_figures
):
    edition = edition_publish(year=2024, user=secretariat)
    frozen = SynthesisRow.objects.get(country=scenario["senegal"], year=2024).members
    later_validations(scenario)  # Thiès's 2024 members change, live
    live = SynthesisRow.objects.get(country=scenario["senegal"], year=2024).members
    assert live != frozen
    points = {point.year: point for point in long_series(iso2="SN").portal}
    assert points[2024].edition == edition.identifier
    assert points[2024].members == frozen
    assert points[2023].is_live
    # A correction of the year replaces it; a withdrawn edition is no source.
    correction = edition_publish(year=2024, user=secretariat)
    points = {point.year: point for point in long_series(iso2="SN").portal}
    assert (points[2024].edition, points[2024].members) == ("2024.2", live)
    edition_withdraw(edition=correction, user=secretariat, reason="Erreur")
    assert long_series(iso2="SN").portal[-1].edition == "2024.1"
    # Reference figures of the network are not on a country's series.
    assert not long_series(iso2="SN").references
    assert len(long_series().references) == 2  # 1997, and 2003's two figures


def test_country_over_time_gives_each_year_its_edition_and_indicators(
    client, edition_2024
):
    response = client.get("/fr/synthesis/SN/over-time/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Sénégal au fil des années" in text
    table = text[text.index('id="over-time-caption"') : text.index("</table>")]
    assert table.count('<th scope="row">') == 2  # 2023 and 2024
    assert 'href="/fr/data/editions/2024.1/"' in table
    assert "en direct, provisoire" in table
    assert "Taux de fidélisation" in table and "Taux de complétude" in table
    assert client.get("/fr/synthesis/sn/over-time/").status_code == 301
    assert client.get("/fr/synthesis/ZZ/over-time/").status_code == 404
    assert (
        "/fr/synthesis/SN/over-time/"
        in client.get("/fr/synthesis/SN/").content.decode()
    )
    english = client.get("/en/synthesis/SN/over-time/").content.decode()
    assert "Senegal over time" in english


def _queries(client, url) -> int:
    from kernel import pagecache

    pagecache.invalidate()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _grow(scenario, secretariat):
    """More years, countries, editions and reference figures."""
    countries = [CountryFactory(iso2=iso2) for iso2 in ("BF", "TG", "BJ")]
    for index, country in enumerate(countries):
        mho = MHOFactory(code=f"{country.iso2}-0001", country=country)
        for year in range(2015, 2023):
            YearlyRecordFactory(mho=mho, year=year)
        ReferenceFigure.objects.create(
            key=f"ref-{index}",
            year=2000 + index,
            country=scenario["senegal"],
            indicator="members",
            value=100 + index,
            source=f"Rapport {index}",
        )
    for year in range(2015, 2023):
        YearlyRecordFactory(mho=scenario["thies"], year=year)
    synthesis_rebuild()
    edition_publish(year=2022, user=secretariat)
    edition_publish(year=2024, user=secretariat)


@pytest.mark.parametrize(
    "url", ["/fr/synthesis/", "/fr/synthesis/SN/", "/fr/synthesis/SN/over-time/"]
)
def test_long_series_pages_queries_do_not_grow_with_years_and_countries(
    client, scenario, secretariat, reference_figures, url
):
    edition_publish(year=2024, user=secretariat)
    few = _queries(client, url)
    _grow(scenario, secretariat)
    assert _queries(client, url) == few
