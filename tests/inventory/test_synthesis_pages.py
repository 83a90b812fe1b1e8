import gzip
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inventory.models import Campaign
from opendata.services.synthesis import synthesis_rebuild
from tests.factories import CountryFactory, MHOFactory, YearlyRecordFactory

pytestmark = pytest.mark.django_db

LIST = "/en/synthesis/"


def html_of(response):
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def table_rows(html):
    """The first cell of each body row of the first table, tags removed; the
    synthesis table when there is one (the map's table comes before it)."""
    html = html[max(html.find('id="synthesis-caption"'), 0) :]
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    cells = re.findall(r'<th scope="row">(.*?)</th>', body, re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


@pytest.fixture
def countries():
    return {
        "SN": CountryFactory(iso2="SN", name_fr="Sénégal", name_en="Senegal"),
        "BJ": CountryFactory(iso2="BJ", name_fr="Bénin", name_en="Benin"),
        "ML": CountryFactory(iso2="ML", name_fr="Mali", name_en="Mali"),
    }


def record(country, year, **figures):
    mho = MHOFactory(country=country, founded_year=2000)
    return YearlyRecordFactory(mho=mho, year=year, **figures)


@pytest.fixture
def figures(countries):
    """Validated records of 2021 and 2022 in three countries, plus records that
    must not count (a draft, a pending MHO)."""
    record(countries["SN"], 2022, members=12_345, beneficiaries=40_000)
    record(countries["SN"], 2022, members=655, beneficiaries=2_000)
    record(countries["BJ"], 2022, members=1_000, beneficiaries=3_000)
    record(countries["ML"], 2022, members=500, beneficiaries=1_500)
    record(countries["SN"], 2021, members=7_000, beneficiaries=20_000)
    record(countries["SN"], 2022, members=99_999, beneficiaries=99_999, state="draft")
    pending = MHOFactory(country=countries["ML"], approval="pending")
    YearlyRecordFactory(mho=pending, year=2022, members=88_888, beneficiaries=88_888)
    synthesis_rebuild()


def test_list_shows_every_country_in_alphabetical_order_then_africa(client, figures):
    html = html_of(client.get(LIST))

    assert table_rows(html) == ["Benin", "Mali", "Senegal", "Africa"]
    assert 'href="/en/synthesis/SN/"' in html
    assert 'href="/en/synthesis/BJ/"' in html


def test_list_orders_countries_for_french_readers(client, figures):
    html = html_of(client.get("/fr/synthesis/"))

    rows = table_rows(html)
    assert rows[:3] == ["Bénin", "Mali", "Sénégal"] and len(rows) == 4


def test_list_shows_the_latest_year_by_default_with_validated_figures_only(
    client, figures
):
    html = html_of(client.get(LIST))

    assert "Figures of 2022" in html
    assert "13,000" in html  # Senegal: 12,345 + 655 validated; the draft is left out
    assert "14,500" in html  # Africa: 13,000 + 1,000 + 500
    assert "99,999" not in html and "88,888" not in html


def test_list_shows_the_year_chosen_in_the_selector(client, figures):
    html = html_of(client.get(LIST, {"year": "2021"}))

    assert "Figures of 2021" in html
    # Benin and Mali had MHOs (founded in 2000) but no report in 2021: they
    # are listed, with nothing reported.
    assert table_rows(html) == ["Benin", "Mali", "Senegal", "Africa"]
    assert "7,000" in html and "13,000" not in html
    assert '<select id="synthesis-year" name="year">' in html
    assert '<option value="2021" selected>2021</option>' in html
    assert '<option value="2022">2022</option>' in html
    assert '<label for="synthesis-year">Year</label>' in html


@pytest.mark.parametrize("year", ["abc", "1800", "2023", "-1", "2022.5"])
def test_list_falls_back_to_the_latest_year_when_the_year_is_unknown(
    client, figures, year
):
    html = html_of(client.get(LIST, {"year": year}))

    assert "There are no figures for that year: here are those of 2022." in html
    assert "Figures of 2022" in html


def test_list_without_any_figures_says_so(client, countries):
    html = html_of(client.get(LIST, {"year": "2020"}))

    assert "No validated figures yet." in html
    assert "<table" not in html


def test_africa_row_adds_no_money_across_currencies(client, countries):
    record(countries["SN"], 2022, contributions_collected=1_600_000, currency="XOF")
    record(countries["BJ"], 2022, contributions_collected=2_000_000, currency="XOF")
    synthesis_rebuild()

    html = html_of(client.get(LIST))
    africa = html[html.index('<th scope="row">Africa</th>') :]
    africa = africa[: africa.index("</tr>")]

    assert "1,600,000" in html and "2,000,000" in html
    assert "3,600,000" not in html
    assert "XOF" not in africa and 'href="#money-note"' in africa
    assert 'id="money-note"' in html


@pytest.mark.parametrize(
    ("language", "members", "completeness"),
    [("en", "12,345", "100.0&nbsp;%"), ("fr", "12\u202f345", "100,0&nbsp;%")],
)
def test_numbers_follow_the_readers_language(
    client, countries, language, members, completeness
):
    record(countries["SN"], 2022, members=12_345, beneficiaries=30_000)
    synthesis_rebuild()

    for url in (f"/{language}/synthesis/", f"/{language}/synthesis/SN/"):
        html = html_of(client.get(url))
        assert members in html, url
        assert completeness in html, url


def test_missing_indicators_show_a_dash(client, countries):
    record(countries["SN"], 2022, contributions_expected=None)
    synthesis_rebuild()

    html = html_of(client.get(LIST))
    table = html[html.index('id="synthesis-caption"') :]
    senegal = table[table.index("Senegal</a>") :]
    senegal = senegal[: senegal.index("</tr>")]

    # Growth and retention need last year; recovery needs the expected amount.
    assert len(re.findall(r'<td class="num"[^>]*>—</td>', senegal)) >= 3
    assert "A dash (—) means" in html


def test_pages_say_when_demonstration_data_is_present(client, countries, figures):
    assert 'id="demo-notice"' not in html_of(client.get(LIST))

    demo = MHOFactory(country=countries["BJ"], is_demo=True, founded_year=2000)
    YearlyRecordFactory(mho=demo, year=2022)
    synthesis_rebuild()

    assert 'id="demo-notice"' in html_of(client.get(LIST))
    assert 'id="demo-notice"' in html_of(client.get("/en/synthesis/BJ/"))
    assert 'id="demo-notice"' not in html_of(client.get("/en/synthesis/SN/"))


def open_campaign(year):
    today = timezone.localdate()
    return Campaign.objects.create(
        year=year,
        opens_on=today - timedelta(days=5),
        closes_on=today + timedelta(days=30),
    )


def test_list_shows_completeness_of_the_open_campaign(client, countries, figures):
    open_campaign(2023)
    senegal = countries["SN"]
    record(senegal, 2023, state="submitted")
    record(senegal, 2023, state="validated")
    record(senegal, 2023, state="draft")
    MHOFactory(country=senegal, founded_year=2024)  # not known yet in 2023
    synthesis_rebuild()

    html = html_of(client.get(LIST))
    section = html[html.index('id="campaign"') :]
    senegal_row = section[section.index("Senegal") :]
    senegal_row = senegal_row[: senegal_row.index("</tr>")]

    assert "Campaign 2023: reports received" in section
    # Senegal: 4 MHOs of 2021-2022 (one with a draft) + 3 of 2023 = 7 known;
    # 2 reports of 2023 received (submitted and validated).
    numbers = re.findall(r'<td class="num"[^>]*>([^<]*)</td>', senegal_row)
    assert numbers == ["7", "2", "28.6&nbsp;%"]
    assert table_rows(section) == ["Benin", "Mali", "Senegal"]


def test_list_has_no_campaign_section_when_no_campaign_is_open(client, figures):
    today = timezone.localdate()
    Campaign.objects.create(
        year=2021, opens_on=today - timedelta(days=90), closes_on=today - timedelta(1)
    )

    assert 'id="campaign"' not in html_of(client.get(LIST))


def test_country_page_draws_three_charts_with_their_tables(client, countries):
    for year in range(2018, 2023):
        record(countries["SN"], year, members=year, beneficiaries=3 * year)
    record(countries["SN"], 2022, status="difficulty", members=10)
    synthesis_rebuild()

    page = html_of(client.get("/en/synthesis/SN/"))
    # The long series (tests/editions/test_long_series.py) and the map of the
    # network (tests/opendata/test_map.py) follow the charts and the table.
    html = page[: page.index('<section class="long-series"')]

    assert "<h1>Senegal</h1>" in html
    assert html.count("<svg") == 3
    assert html.count("<figure") == 3 and html.count("<figcaption") == 3
    assert html.count('role="img"') == 3
    assert "MHOs of Senegal by status, 2018–2022" in html
    assert "Members of the MHOs of Senegal, 2018–2022" in html
    assert "Beneficiaries of the MHOs of Senegal, 2018–2022" in html
    # Three chart tables and the indicators table (cards on a phone), each
    # with a caption and one row per year.
    assert html.count("<table>") == 3 and html.count('<table class="stack">') == 1
    assert html.count("<caption") == 4
    assert html.count('<th scope="row">2020</th>') == 4
    assert "Indicators by year" in html
    assert "<script" not in html


def test_country_page_escapes_the_country_name_in_charts(client):
    country = CountryFactory(
        iso2="ZZ", name_fr="<script>alert(1)</script>", name_en="<script>x</script>"
    )
    record(country, 2022)
    synthesis_rebuild()

    html = html_of(client.get("/en/synthesis/ZZ/"))

    assert "<script" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_country_page_is_not_found_for_unknown_codes_or_countries_without_rows(
    client, figures, countries
):
    CountryFactory(iso2="TG", name_fr="Togo", name_en="Togo")

    assert client.get("/en/synthesis/XX/").status_code == 404
    assert client.get("/en/synthesis/TG/").status_code == 404
    assert client.get("/en/synthesis/SEN/").status_code == 404


def test_country_page_redirects_a_lowercase_code(client, figures):
    response = client.get("/en/synthesis/sn/")

    assert response.status_code == 301
    assert response["Location"] == "/en/synthesis/SN/"


def make_rows(countries: int, years: int):
    for _index in range(countries):
        country = CountryFactory()
        for year in range(2024 - years, 2024):
            record(country, year)
    synthesis_rebuild()


@pytest.mark.parametrize("url", [LIST, "/fr/synthesis/"])
def test_list_runs_the_same_few_queries_for_few_or_many_countries(client, url):
    open_campaign(2024)
    make_rows(countries=1, years=1)
    few = count_queries(client, url)
    make_rows(countries=8, years=3)
    many = count_queries(client, url)

    # 7: the data quality score per country; three more for the long series:
    # live rows, editions' rows, reference figures
    # (tests/editions/test_long_series.py).
    assert few == many <= 10


def test_country_page_runs_the_same_few_queries_for_few_or_many_years(client):
    senegal = CountryFactory(iso2="SN")
    record(senegal, 2020)
    synthesis_rebuild()
    few = count_queries(client, "/en/synthesis/SN/")
    for year in range(2000, 2020):
        record(senegal, year)
    synthesis_rebuild()
    many = count_queries(client, "/en/synthesis/SN/")

    # One more for the latest edition the page names (once per data version),
    # one more for the map of the network, which reads the year's rows, one
    # more for the data quality score of each year, three for the long series
    # (live rows, editions' rows, reference figures).
    assert few == many <= 9


def test_country_page_with_25_years_stays_light(client):
    senegal = CountryFactory(iso2="SN")
    for year in range(2000, 2025):
        for status in ("functional", "difficulty", "starting", "inactive"):
            record(senegal, year, status=status, members=123_456, beneficiaries=654_321)
    synthesis_rebuild()

    response = client.get("/fr/synthesis/SN/", headers={"accept-encoding": "gzip"})

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    # The page weight goal (docs/performance.md): HTML ≤ 30 KiB on the wire.
    assert len(response.content) <= 30 * 1024, len(response.content)
    # Uncompressed: the charts, the tables, the long series (about 15 KB at 25
    # years: its chart and table), the map of the network (about 12 KB of
    # outlines) and the data quality column (75.6 KB in all when written).
    # The indicators table then gave each cell its column's name (data-label)
    # for the cards a phone shows: 13 KB more, 88.6 KB in all as measured,
    # which gzip folds to 0.5 KB on the wire (12.0 KB against 11.5 KB).
    assert len(gzip.decompress(response.content)) < 95_000
