"""The map of the network on the home and synthesis pages: its weight, a text
alternative and a link for every country of the network, the figure chosen by
the address, the public year rule, and a constant number of queries."""

import gzip
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from inventory.models import Campaign
from opendata import map as drawing
from opendata.services.synthesis import synthesis_rebuild
from organizations.models import Country
from tests.factories import CountryFactory, MHOFactory, YearlyRecordFactory

pytestmark = pytest.mark.django_db

SVG = re.compile(r'<svg class="network-map".*?</svg>', re.S)
LINK = re.compile(r'<a href="([^"]+)"[^>]*><title>([^<]+)</title>(.*?)</a>', re.S)
MAX_GZIP = 30 * 1024


def record(country, year, **figures):
    mho = MHOFactory(country=country, founded_year=2000)
    return YearlyRecordFactory(mho=mho, year=year, **figures)


def svg_of(response) -> str:
    assert response.status_code == 200
    found = SVG.findall(response.content.decode())
    assert len(found) == 1, "one map on the page"
    return found[0]


def links_of(svg: str) -> dict[str, tuple[str, str]]:
    """ISO2 → (title, shapes) of each linked country."""
    found = {}
    for href, title, shapes in LINK.findall(svg):
        iso2 = re.fullmatch(r"/(?:fr|en)/synthesis/([A-Z]{2})/", href).group(1)
        found[iso2] = (title, shapes)
    return found


@pytest.fixture
def countries():
    return {
        "SN": CountryFactory(iso2="SN", name_fr="Sénégal", name_en="Senegal"),
        "BJ": CountryFactory(iso2="BJ", name_fr="Bénin", name_en="Benin"),
        "ML": CountryFactory(iso2="ML", name_fr="Mali", name_en="Mali"),
        "CV": CountryFactory(iso2="CV", name_fr="Cap-Vert", name_en="Cabo Verde"),
    }


@pytest.fixture
def figures(countries):
    """2022: Senegal 3 MHOs reporting, Benin 1, Cabo Verde 2, Mali 1 of its 2
    known MHOs (the other has no record)."""
    for _index in range(3):
        record(countries["SN"], 2022, members=100, beneficiaries=300)
    record(countries["BJ"], 2022, members=50, beneficiaries=100)
    record(countries["CV"], 2022, target_population=None)
    record(countries["CV"], 2022, target_population=None)
    record(countries["ML"], 2022)
    MHOFactory(country=countries["ML"], founded_year=2000)
    synthesis_rebuild()


@pytest.mark.parametrize("url", ["/fr/", "/fr/synthesis/", "/fr/synthesis/ML/"])
def test_every_country_of_the_network_has_a_link_and_a_text_alternative(
    client, figures, url
):
    svg = svg_of(client.get(url))
    links = links_of(svg)

    assert set(links) == {"SN", "BJ", "ML", "CV"}
    title, shapes = links["SN"]
    assert title == "Sénégal — Mutuelles déclarantes\u00a0: 3"
    assert 'class="m' in shapes
    # Cabo Verde is too small to see: its islands carry a marker.
    assert "<circle" in links["CV"][1]
    # The countries outside the network are grey and hidden from screen readers.
    hidden = re.search(r'<g aria-hidden="true">(.*?)</g>', svg, re.S).group(1)
    assert 'class="mo"' in hidden and "<a " not in hidden
    # One grey path draws them all (the outlines of 51 countries).
    assert len(re.findall(r"<path", hidden)) == 1
    assert len(re.findall(r"M\d", hidden)) >= 51
    # The svg is named, and the same figures are in a table.
    assert re.search(r'aria-labelledby="network-map-t"', svg)
    assert '<title id="network-map-t">Carte de l’Afrique' in svg


def test_a_country_page_marks_its_country_on_the_map(client, figures):
    svg = svg_of(client.get("/en/synthesis/BJ/?map=completeness"))

    marked = re.findall(r'<a href="([^"]+)" class="here" aria-current="page">', svg)
    assert marked == ["/en/synthesis/BJ/"]
    # Drawn last, so that its outline is above its neighbours'.
    assert svg.rindex("<a ") == svg.index('<a href="/en/synthesis/BJ/"')
    assert set(links_of(svg)) == {"SN", "BJ", "ML", "CV"}


def test_the_table_beside_the_map_gives_each_figure(client, figures):
    html = client.get("/fr/").content.decode()
    table = html[
        html.index('id="map-caption"') : html.index(
            "</table>", html.index('id="map-caption"')
        )
    ]

    rows = re.findall(
        r'<a href="/fr/synthesis/([A-Z]{2})/">([^<]+)</a></th>'
        r'<td class="num"[^>]*>([^<]+)</td>',
        table,
    )
    assert rows == [
        ("BJ", "Bénin", "1"),
        ("CV", "Cap-Vert", "2"),
        ("ML", "Mali", "1"),
        ("SN", "Sénégal", "3"),
    ]


def test_countries_are_shaded_by_the_figure_the_address_asks_for(client, figures):
    by_count = links_of(svg_of(client.get("/en/")))
    by_completeness = links_of(svg_of(client.get("/en/?map=completeness")))
    unknown = links_of(svg_of(client.get("/en/?map=nonsense")))

    # Counts: classes of round numbers up to the largest (1, 2, 3).
    assert 'class="m2"' in by_count["SN"][1] and 'class="m0"' in by_count["BJ"][1]
    # Completeness: Mali 1 of 2 is 50 %, in the 40–60 % class; the others 100 %.
    assert by_completeness["ML"][0] == "Mali — Completeness: 50.0\u00a0%"
    assert 'class="m2"' in by_completeness["ML"][1]
    assert 'class="m4"' in by_completeness["SN"][1]
    assert unknown == by_count


def test_a_country_without_the_figure_is_hatched_and_says_so(client, figures):
    links = links_of(svg_of(client.get("/en/?map=penetration")))

    # No target population was entered for Cabo Verde's records.
    cabo_verde = Country.objects.get(iso2="CV")
    assert cabo_verde.synthesis_rows.get(year=2022).penetration is None
    assert links["CV"][0] == "Cabo Verde — Penetration: no figure"
    assert 'class="mn"' in links["CV"][1]


def test_figure_links_and_legend_name_the_choice(client, figures):
    html = client.get("/en/synthesis/?year=2022&map=completeness").content.decode()

    assert '<strong aria-current="true">Completeness</strong>' in html
    assert 'href="?year=2022&amp;map=reporting#map"' in html
    assert 'href="?year=2022&amp;map=penetration#map"' in html
    legend = re.search(r'<ul class="map-legend".*?</ul>', html, re.S).group(0)
    assert "0–20\u00a0%" in legend and "80\u00a0% and over" in legend
    assert "no figure" in legend and "outside the network" in legend


def test_the_map_shows_the_default_year_and_the_provisional_one_when_asked(
    client, countries
):
    record(countries["SN"], 2022)
    record(countries["BJ"], 2023)  # the year of the open campaign: provisional
    today = timezone.localdate()
    Campaign.objects.create(
        year=2023,
        opens_on=today - timedelta(days=3),
        closes_on=today + timedelta(days=9),
    )
    synthesis_rebuild()

    def reporting(svg):
        return {
            iso2: title.rsplit(": ", 1)[1]
            for iso2, (title, _s) in links_of(svg).items()
        }

    # Both countries know an MHO each year: both are on the map, with their
    # figure of the year shown.
    assert reporting(svg_of(client.get("/en/"))) == {"SN": "1", "BJ": "0"}
    assert reporting(svg_of(client.get("/en/synthesis/"))) == {"SN": "1", "BJ": "0"}
    asked = svg_of(client.get("/en/synthesis/?year=2023"))
    assert reporting(asked) == {"SN": "0", "BJ": "1"}
    assert "2023" in re.search(r"<title id=[^>]*>([^<]+)", asked).group(1)
    assert "2022" in re.search(
        r"<title id=[^>]*>([^<]+)", svg_of(client.get("/en/"))
    ).group(1)


def every_african_country_reports():
    """One MHO reporting in each African country of the real directory: the
    largest map the network can draw."""
    for country in Country.objects.filter(iso2__in=drawing.outlines()["countries"]):
        record(country, 2022, members=100, beneficiaries=200)
    synthesis_rebuild()


@pytest.mark.parametrize("figure", ["reporting", "completeness", "penetration"])
@pytest.mark.parametrize("url", ["/fr/", "/fr/synthesis/", "/en/"])
def test_the_map_weighs_at_most_30_kib_compressed(client, network, url, figure):
    every_african_country_reports()

    svg = svg_of(client.get(f"{url}?map={figure}"))

    assert len(links_of(svg)) >= 50
    assert len(gzip.compress(svg.encode(), compresslevel=6)) <= MAX_GZIP


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    ("url", "added"),
    [("/fr/", 1), ("/fr/synthesis/", 0), ("/fr/synthesis/SN/", 1)],
)
def test_the_map_adds_a_constant_number_of_queries(
    client, network, settings, url, added
):
    settings.PAGE_CACHE_SECONDS = 0  # every request renders its page
    record(Country.objects.get(iso2="SN"), 2022)
    synthesis_rebuild()
    few = count_queries(client, url)
    every_african_country_reports()
    # Both counts read the public years again (the data changed in between).
    many = count_queries(client, f"{url}?map=penetration")

    assert few == many
    assert count_queries(client, f"{url}?map=reporting") == count_queries(
        client, f"{url}?map=completeness"
    )
    # Against the page without the map (the same page before any figure):
    # the home page reads the year's rows once, the synthesis page none.
    with CaptureQueriesContext(connection) as context:
        html = client.get(f"{url}?map=completeness").content.decode()
    # The map's own read: the countries' rows of the year.
    map_queries = [
        query["sql"]
        for query in context.captured_queries
        if re.search(
            r'WHERE \("\w*synthesisrow"."country_id" IS NOT NULL', query["sql"]
        )
    ]
    assert "network-map" in html
    assert len(map_queries) == added


def test_classes_of_counts_are_round_and_of_percentages_steps_of_20():
    assert drawing.count_classes([3, 1, 0]) == [1, 2, 3]
    assert drawing.count_classes([97, 12]) == [20, 40, 60, 80, 100]
    assert drawing.count_classes([]) == [1]
    counts = [20, 40, 60, 80, 100]
    assert [drawing.shade_of(v, counts, percent=False) for v in (0, 20, 21, 100)] == [
        0,
        0,
        1,
        4,
    ]
    percents = drawing.percent_classes()
    assert [
        drawing.shade_of(v, percents, percent=True) for v in (0, 19.9, 20, 100)
    ] == [
        0,
        0,
        1,
        4,
    ]
    assert drawing.shade_of(None, percents, percent=True) is None


def test_legend_labels_say_each_class():
    labels = [one.label for one in drawing.legend([1, 2, 3], percent=False)]
    assert labels[:3] == ["0–1", "2", "3"]
    with translation.override("en"):
        labels = [
            one.label for one in drawing.legend([20, 40, 60, 80, 100], percent=True)
        ]
    assert labels[0] == "0–20\u00a0%" and labels[4] == "80\u00a0% and over"
