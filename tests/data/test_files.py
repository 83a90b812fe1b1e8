"""The built files, read as a researcher reads them: inventory.csv with pandas,
inventory.xlsx with openpyxl, datapackage.json as JSON."""

from io import BytesIO

import pandas as pd
import pytest
from openpyxl import load_workbook

from inventory.models import MutualHealthOrganization, YearlyRecord
from inventory.models.record import DATA_FIELDS
from opendata.exports.build import data_build
from opendata.exports.columns import RECORD_COLUMNS
from opendata.models.synthesis import SynthesisRow
from opendata.services.synthesis import synthesis_rebuild

from .conftest import FORMULA_NAMES
from .expected import csv_row, csv_text, public_records, xlsx_row

pytestmark = pytest.mark.django_db


def download(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response
    return b"".join(response.streaming_content)


def read_csv(content: bytes) -> pd.DataFrame:
    return pd.read_csv(BytesIO(content), dtype=str, keep_default_na=False)


def read_sheet(content: bytes, name: str) -> tuple[list, list[dict]]:
    workbook = load_workbook(BytesIO(content), read_only=True)
    rows = list(workbook[name].iter_rows(values_only=True))
    workbook.close()
    header = list(rows[0])
    return header, [dict(zip(header, row, strict=True)) for row in rows[1:]]


def test_inventory_csv_read_by_pandas_equals_the_public_records(client, published):
    data_build()

    table = read_csv(download(client, "/data/inventory.csv"))

    assert list(table.columns) == [column.name for column in RECORD_COLUMNS]
    assert table.to_dict("records") == [csv_row(r) for r in public_records()]
    assert set(DATA_FIELDS) < set(table.columns)


def test_inventory_xlsx_read_by_openpyxl_equals_the_public_records(client, published):
    data_build()
    content = download(client, "/data/inventory.xlsx")

    header, rows = read_sheet(content, "records")

    assert header == [column.name for column in RECORD_COLUMNS]
    assert rows == [xlsx_row(record) for record in public_records()]
    sheets = load_workbook(BytesIO(content), read_only=True).sheetnames
    assert sheets == [
        "records",
        "mhos",
        "organizations",
        "synthesis",
        "dictionary",
        "citation",
    ]


def test_only_validated_records_of_approved_mhos_are_published(client, published):
    data_build()

    table = read_csv(download(client, "/data/inventory.csv"))
    _header, mhos = read_sheet(download(client, "/data/inventory.xlsx"), "mhos")

    pairs = set(zip(table.mho_code, table.year, strict=True))
    assert pairs == {
        ("ML-0001", "2024"),
        ("SN-0001", "2023"),
        ("SN-0001", "2024"),
        ("SN-0002", "2024"),
    }
    assert [mho["mho_code"] for mho in mhos] == ["ML-0001", "SN-0001", "SN-0002"]
    assert {mho["mho_code"]: mho["records_validated"] for mho in mhos} == {
        "ML-0001": 1,
        "SN-0001": 2,
        "SN-0002": 1,
    }
    assert mhos[1]["first_year"] == 2023 and mhos[1]["last_year"] == 2024
    assert mhos[1]["support_organizations"] == "alpha-ngo|zeta-ngo"


def test_formula_like_names_are_escaped_in_csv_and_plain_text_in_xlsx(
    client, formula_mhos
):
    data_build()

    table = read_csv(download(client, "/data/inventory.csv"))
    workbook = load_workbook(BytesIO(download(client, "/data/inventory.xlsx")))

    assert list(table.mho_name) == ["'" + name for name in FORMULA_NAMES]
    assert list(table.mho_acronym) == ["'" + name for name in FORMULA_NAMES]
    assert list(table.members) == ["400"] * 4  # numbers are never escaped
    names = [row[1] for row in workbook["records"].iter_rows(min_row=2)]
    assert [cell.value for cell in names] == FORMULA_NAMES
    assert {cell.data_type for cell in names} == {"s"}
    for sheet in workbook:
        assert not any(
            cell.data_type == "f" for row in sheet.iter_rows() for cell in row
        )


def test_text_escaping_leaves_ordinary_text_alone():
    assert csv_text("Mutuelle de Thiès") == "Mutuelle de Thiès"
    assert csv_text("\tx") == "'\tx"
    assert csv_text("") == ""


def test_synthesis_csv_has_a_row_per_country_year_and_africa(client, published):
    synthesis_rebuild()
    data_build()

    table = read_csv(download(client, "/data/synthesis.csv"))

    assert len(table) == SynthesisRow.objects.count()
    rows = {(row.country_iso2, row.year): row for row in table.itertuples()}
    africa, senegal = rows[("", "2024")], rows[("SN", "2024")]
    assert africa.country_name_en == "Africa" and africa.currency == ""
    assert africa.mhos_reporting == "3" and senegal.mhos_reporting == "2"
    assert senegal.members == "850" and senegal.mhos_difficulty == "1"
    assert senegal.includes_demo == "false"
    stored = SynthesisRow.objects.get(country__iso2="SN", year=2024)
    assert float(senegal.completeness) == pytest.approx(stored.completeness)
    assert senegal.contributions_collected == "3200000"


def test_random_demo_data_round_trips_through_the_csv(client, network):
    from inventory.demo import demo_generate

    demo_generate(mhos=25, years=4, seed=7)
    data_build()

    table = read_csv(download(client, "/data/inventory.csv"))
    _header, mhos = read_sheet(download(client, "/data/inventory.xlsx"), "mhos")

    assert len(table) == YearlyRecord.objects.public().count() > 25
    assert set(table.is_demo) == {"true"}
    assert table.members.replace("", "0").astype(int).sum() == sum(
        YearlyRecord.objects.public().values_list("members", flat=True)
    )
    assert len(mhos) == MutualHealthOrganization.objects.approved().count()
    expected = [csv_row(record) for record in public_records()]
    assert table.to_dict("records") == expected


def test_workbook_cites_the_source_and_says_when_data_is_demo(client, network):
    from inventory.demo import demo_generate

    demo_generate(mhos=3, years=2, seed=1)
    data_build()

    content = download(client, "/data/inventory.xlsx")

    workbook = load_workbook(BytesIO(content), read_only=True)
    rows = workbook["citation"].iter_rows(values_only=True)
    cells = " ".join(str(value) for row in rows for value in row)
    header, dictionary = read_sheet(content, "dictionary")

    assert "Demonstration data" in cells and "@misc{concertation_inventory" in cells
    assert "CC BY 4.0" in cells
    assert header[:5] == ["column", "sheet", "type", "definition_fr", "definition_en"]
    assert {(row["sheet"], row["column"]) for row in dictionary} >= {
        ("records", "members"),
        ("mhos", "records_validated"),
        ("synthesis", "completeness"),
    }
    assert all(row["definition_fr"] and row["definition_en"] for row in dictionary)
