"""Every published synthesis figure equals an independent pandas recount from
what a researcher downloads (/data/inventory.csv, the mhos sheet of
/data/inventory.xlsx, the countries of the API), for seeded untidy data: and
the synthesis.csv file, the API and the HTML pages all say the same."""

import html as html_lib
import random
import re

import pytest
from django.core.cache import cache
from django.db import transaction

from inventory.demo import demo_generate
from inventory.models import MutualHealthOrganization, YearlyRecord
from opendata.exports.build import build_keys, data_build
from opendata.exports.columns_synthesis import SYNTHESIS_COLUMNS
from opendata.models import DirtySynthesis, SynthesisRow
from opendata.services.synthesis import synthesis_rebuild, synthesis_rebuild_dirty
from organizations.models import Country
from tests.factories import (
    MHOFactory,
    YearlyRecordFactory,
    record_delete,
    record_save,
)

from . import recount
from .recount import AFRICA, RATIOS, plain, same

pytestmark = pytest.mark.django_db

STATUSES = recount.STATUSES
# Stored (or computed) on SynthesisRow, compared with the recount one by one.
COMPARED = [
    column.name
    for column in SYNTHESIS_COLUMNS
    if not column.name.startswith("country_") and column.name != "year"
]


@pytest.fixture
def data_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.delete_many(build_keys())
    yield
    cache.delete_many(build_keys())


def scramble(rng: random.Random, last_year: int) -> None:
    """Make the generated data untidy the way real data is: unpublished
    records, gaps, other currencies, figures left empty (numerators and
    denominators alike), a zero denominator."""
    ids = list(YearlyRecord.objects.order_by("pk").values_list("pk", flat=True))
    picks = rng.sample(ids, k=len(ids) // 2)
    changes = [
        {"state": "submitted"},
        {"state": "draft"},
        {"currency": "EUR"},
        {"currency": "USD"},
        {"renewing_members": None},
        {"members": None, "renewing_members": None},
        {"target_population": None},
        {"target_population": 0},
        {"beneficiaries": None},
        {"contributions_expected": None},
        {"contributions_collected": None},
        {"benefits_paid": None},
        {"operating_costs": None},
        {"status": "inactive"},
        "delete",
    ]
    for index, pk in enumerate(picks):
        change = changes[index % len(changes)]
        records = YearlyRecord.objects.filter(pk=pk)
        if change == "delete":
            records.delete()
        else:
            records.update(**change)
    tricky_cases(last_year)


def tricky_cases(last_year: int) -> None:
    """Cases the synthesis has got wrong or could: a country with known MHOs
    and no published report, MHOs founded after the first years, MHOs not
    approved, a founding year changed after the MHO reported, two currencies
    used equally often."""
    cape_verde = Country.objects.get(iso2="CV")
    silent = MHOFactory(country=cape_verde, founded_year=2001, code="CV-0001")
    YearlyRecordFactory(mho=silent, year=last_year, state="submitted")
    YearlyRecordFactory(mho=silent, year=last_year - 1, state="draft")
    senegal = Country.objects.get(iso2="SN")
    young = MHOFactory(country=senegal, founded_year=last_year, code="SN-0900")
    YearlyRecordFactory(mho=young, year=last_year, members=321, beneficiaries=900)
    for number, approval in enumerate(["pending", "rejected"], start=902):
        hidden = MHOFactory(country=senegal, approval=approval, code=f"SN-0{number}")
        YearlyRecordFactory(
            mho=hidden, year=last_year, members=99_999, beneficiaries=99_999
        )
    late = MHOFactory(country=senegal, founded_year=2001, code="SN-0901")
    YearlyRecordFactory(mho=late, year=last_year - 1, members=77, beneficiaries=200)
    MutualHealthOrganization.objects.filter(pk=late.pk).update(founded_year=last_year)
    mali = Country.objects.get(iso2="ML")
    for number, currency in enumerate(["XAF", "GNF"], start=900):
        tie = MHOFactory(country=mali, founded_year=2001, code=f"ML-0{number}")
        YearlyRecordFactory(mho=tie, year=last_year + 1, currency=currency)
    Country.objects.filter(iso2__in=["SN", "ML", "CV"]).update(population=9_000_000)


def download(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content)


def api_rows(client) -> dict:
    rows, url = {}, "/api/v1/synthesis/"
    while url:
        page = client.get(url).json()
        for row in page["results"]:
            rows[(row["country"] or AFRICA, row["year"])] = row
        url = page["next"]
    return rows


def stored_rows() -> dict:
    return {
        (row.country.iso2 if row.country_id else AFRICA, row.year): row
        for row in SynthesisRow.objects.select_related("country")
    }


def mismatches(expected: dict, actual: dict, read, columns=COMPARED) -> list:
    return [
        (key, column, value, read(actual[key], column))
        for key, row in expected.items()
        for column in columns
        if not same(value := row[column], read(actual[key], column))
    ]


def recounted(client) -> dict:
    records = recount.read_csv(download(client, "/data/inventory.csv"))
    records["is_demo"] = records["is_demo"].astype(str).str.lower() == "true"
    mhos = recount.read_sheet(download(client, "/data/inventory.xlsx"), "mhos")
    countries = client.get("/api/v1/countries/?page_size=100").json()["results"]
    population = {c["iso2"]: c["population"] for c in countries if c["population"]}
    return recount.expected_synthesis(records, mhos, population)


@pytest.mark.parametrize("seed", [7, 2026])
def test_every_synthesis_figure_equals_a_recount_of_the_downloads(
    client, network, data_files, seed, record_property
):
    rng = random.Random(seed)
    summary_years = rng.randint(4, 6)
    demo_generate(mhos=rng.randint(50, 80), years=summary_years, seed=seed)
    last_year = YearlyRecord.objects.order_by("-year").values_list("year").first()[0]
    scramble(rng, last_year)
    synthesis_rebuild()
    data_build()

    expected = recounted(client)
    stored = stored_rows()
    synthesis_csv = recount.read_csv(download(client, "/data/synthesis.csv"))
    from_csv = {
        (plain(row["country_iso2"]) or AFRICA, int(row["year"])): row
        for row in synthesis_csv.to_dict("records")
    }
    from_api = api_rows(client)

    assert set(stored) == set(expected) == set(from_csv) == set(from_api)
    assert mismatches(expected, from_csv, lambda row, c: plain(row[c])) == []
    # includes_demo is a column of the files only.
    figures = [column for column in COMPARED if column != "includes_demo"]
    assert mismatches(expected, stored, getattr, figures) == []
    assert mismatches(expected, from_api, lambda row, c: row[c], figures) == []
    # The data reached the cases the rules are about.
    assert expected[("CV", last_year)]["mhos_reporting"] == 0
    assert expected[("CV", last_year)]["completeness"] == 0
    countries = [row for (c, y), row in expected.items() if y == last_year and c]
    assert expected[(AFRICA, last_year)]["mhos_known"] == sum(
        row["mhos_known"] for row in countries
    )
    assert expected[("ML", last_year + 1)]["currency"] == "GNF"  # a tie, A to Z
    assert any(row["retention_mhos"] < row["growth_mhos"] for row in expected.values())
    assert any(
        row["claims_ratio_mhos"] < row["money_records"] for row in expected.values()
    )
    assert_pages_agree(client, expected)
    record_property("total: synthesis rows recounted with pandas", len(expected))
    record_property(
        "total: synthesis figures recounted with pandas", len(expected) * len(COMPARED)
    )


def number(text: str) -> float:
    text = text.replace("\xa0", "").replace("\u202f", "").replace("&nbsp;", "")
    return float(text.replace("%", "").replace(",", ".").strip())


def table_cells(html: str, caption_id: str) -> dict[str, list[str]]:
    """Each body row of the table labelled ``caption_id``: its header cell's
    text, then the raw HTML of its cells."""
    start = html.index(f'aria-labelledby="{caption_id}"')
    body = html[html.index("<tbody>", start) : html.index("</tbody>", start)]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        header = re.search(r'<th scope="row">(.*?)</th>', row, re.S).group(1)
        header = html_lib.unescape(re.sub(r"<[^>]+>", "", header).strip())
        rows[header] = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    return rows


def ratio_cell(cell: str) -> tuple[float | None, int | None]:
    """(percent, over how many MHOs) of a ratio cell; (None, None) for a dash."""
    over = re.search(r'<span class="over">\D*(\d+)\D*</span>', cell)
    text = re.sub(r"<[^>]+>", "", re.sub(r'<span class="over">.*?</span>', "", cell))
    if text.strip() == "—":
        return None, None
    return number(text), int(over.group(1))


def check_ratio(cell: str, value, mhos, digits: int) -> bool:
    percent, over = ratio_cell(cell)
    if value is None:
        return percent is None
    return abs(percent - value * 100) <= 0.5 * 10**-digits + 1e-9 and over == mhos


def row_mismatches(key, cells: list[str], row: dict) -> list:
    """The cells of a row of the year's table against the recount: counts,
    completeness, statuses, members, beneficiaries, each ratio and its N,
    currency and contributions collected, coverage."""
    wrong = []
    counts = ["mhos_known", "mhos_reporting"]
    counts_after = [*(f"mhos_{s}" for s in STATUSES), "members", "beneficiaries"]
    shown = [number(cell) for cell in cells[:2] + cells[3:10]]
    if shown != [row[column] for column in counts + counts_after]:
        wrong.append((key, "counts", shown))
    if not same(number(cells[2]) if row["completeness"] is not None else None,
                None if row["completeness"] is None
                else round(row["completeness"] * 100, 1)):  # fmt: skip
        wrong.append((key, "completeness", cells[2], row["completeness"]))
    for name, cell in zip(RATIOS[:6], cells[10:16], strict=True):
        if not check_ratio(cell, row[name], row[f"{name}_mhos"], 1):
            wrong.append((key, name, cell, row[name], row[f"{name}_mhos"]))
    if key[0] != AFRICA:
        collected = row["contributions_collected"]
        if cells[16] != (row["currency"] or "—") or (
            (number(cells[17]) if collected is not None else None) != collected
        ):
            wrong.append((key, "money", cells[16:18], row["currency"], collected))
    if not check_ratio(cells[18], row["coverage"], row["coverage_mhos"], 2):
        wrong.append((key, "coverage", cells[18], row["coverage"]))
    return wrong


def assert_pages_agree(client, expected):
    """The French synthesis pages show the recounted figures: each year's
    table, every country with known MHOs, every ratio with its N."""
    countries = client.get("/api/v1/countries/?page_size=100").json()["results"]
    names = {c["name_fr"]: c["iso2"] for c in countries} | {"Afrique": AFRICA}
    wrong = []
    for year in sorted({y for _c, y in expected}):
        html = client.get("/fr/synthesis/", {"year": year}).content.decode()
        table = table_cells(html, "synthesis-caption")
        shown = {(names[name], year): cells for name, cells in table.items()}
        assert set(shown) == {key for key in expected if key[1] == year}
        for key, cells in shown.items():
            wrong += row_mismatches(key, cells, expected[key])
    assert wrong == []


def snapshot():
    fields = [f.attname for f in SynthesisRow._meta.concrete_fields]
    return sorted(
        (
            tuple(getattr(row, f) for f in fields if f not in {"id", "built_at"})
            for row in SynthesisRow.objects.all()
        ),
        key=repr,
    )


def test_rebuilding_the_dirty_pairs_equals_a_full_rebuild(network):
    rng = random.Random(11)
    demo_generate(mhos=30, years=4, seed=11)
    records = list(YearlyRecord.objects.order_by("pk"))
    for record in rng.sample(records, k=12):
        record.members = (record.members or 0) + rng.randint(1, 50)
        record.beneficiaries = max(record.beneficiaries or 0, record.members)
        record_save(record)  # the change path marks the pairs dirty
    for record in rng.sample(records, k=3):
        if record.pk and YearlyRecord.objects.filter(pk=record.pk).exists():
            record_delete(record)
    # A new year, reported by one MHO only, and a first MHO in a new country:
    # every other country with known MHOs gets its row in that year.
    last_year = max(record.year for record in records)
    YearlyRecordFactory(mho=records[0].mho, year=last_year + 1)
    MHOFactory(country=Country.objects.get(iso2="CV"), founded_year=2001)

    synthesis_rebuild_dirty()
    incremental = snapshot()
    synthesis_rebuild()

    assert snapshot() == incremental
    new_year = SynthesisRow.objects.filter(year=last_year + 1)
    assert new_year.filter(mhos_reporting=0).count() == new_year.count() - 2


def test_a_year_that_loses_its_last_record_loses_its_rows(network):
    demo_generate(mhos=10, years=2, seed=3)
    last_year = YearlyRecord.objects.order_by("-year").values_list("year").first()[0]
    only = YearlyRecordFactory(
        mho=MutualHealthOrganization.objects.first(), year=last_year + 1
    )
    synthesis_rebuild_dirty()
    assert SynthesisRow.objects.filter(year=last_year + 1).count() > 2

    record_delete(only)
    synthesis_rebuild_dirty()

    assert not SynthesisRow.objects.filter(year=last_year + 1).exists()


def test_a_rolled_back_change_does_not_stop_later_rebuilds(
    network, django_capture_on_commit_callbacks, without_broker
):
    demo_generate(mhos=3, years=2, seed=5)
    record = YearlyRecord.objects.first()
    try:
        with transaction.atomic():
            record_save(record)
            raise RuntimeError("the request failed")
    except RuntimeError:
        pass

    with django_capture_on_commit_callbacks(execute=True):
        record_save(record)
        record_save(record)

    # The later transaction's change was rebuilt (its rebuild ran at once, as
    # without a broker; with one, a rebuild queued and not started yet is not
    # queued again: tests/inventory/test_change_path.py).
    assert not DirtySynthesis.objects.exists()
