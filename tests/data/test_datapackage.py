"""datapackage.json as researchers' tools read it: every file and every sheet
of the workbook described, and the whole package valid for frictionless (the
Frictionless Data reference implementation), which checks the descriptor
against the Data Package and Table Schema profiles and each file against its
schema: header, types, enumerations, primary keys, foreign keys, sizes and
hashes. Also the organizations directory the records point to."""

import hashlib
import json
from io import BytesIO

import frictionless
import pandas as pd
import pytest
from openpyxl import load_workbook

from opendata.exports.build import data_build
from opendata.exports.dictionary import dictionary
from organizations.models import Organization
from tests.factories import CountryFactory, MHOFactory, OrganizationFactory

from .test_files import download, read_csv

pytestmark = pytest.mark.django_db

RESOURCES = {
    # name: (path, sheet of the workbook)
    "inventory": ("inventory.csv", None),
    "synthesis": ("synthesis.csv", None),
    "organizations": ("organizations.csv", None),
    "inventory-workbook": ("inventory.xlsx", "records"),
    "mhos": ("inventory.xlsx", "mhos"),
}


def sheet_header(content: bytes, sheet: str) -> list:
    workbook = load_workbook(BytesIO(content), read_only=True)
    header = next(workbook[sheet].iter_rows(values_only=True, max_row=1))
    workbook.close()
    return list(header)


def test_datapackage_describes_every_file_and_sheet_with_its_header_size_and_hash(
    client, published, data_root
):
    data_build()

    package = json.loads(download(client, "/data/datapackage.json"))

    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert "4 validated yearly records" in package["citation"]["en"]
    by_name = {resource["name"]: resource for resource in package["resources"]}
    assert set(by_name) == set(RESOURCES)
    for name, (path, sheet) in RESOURCES.items():
        resource, content = by_name[name], (data_root / path).read_bytes()
        assert resource["path"] == path
        assert resource["bytes"] == len(content)
        assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
        assert resource["mediatype"] and resource["format"] == path.split(".")[1]
        fields = [field["name"] for field in resource["schema"]["fields"]]
        if sheet is None:
            assert fields == content.decode().splitlines()[0].split(",")
        else:
            assert resource["dialect"]["sheetName"] == sheet
            assert fields == sheet_header(content, sheet)
        assert all(field["description"] for field in resource["schema"]["fields"])


def test_every_data_sheet_of_the_workbook_is_described_in_the_package(
    client, published, data_root
):
    data_build()
    package = json.loads((data_root / "datapackage.json").read_text())
    workbook = load_workbook(data_root / "inventory.xlsx", read_only=True)

    described = {
        resource["name"]: resource["schema"]["fields"]
        for resource in package["resources"]
    }
    for sheet, columns in dictionary():
        assert sheet in workbook.sheetnames
        # Each sheet is a resource, or the same columns as a CSV resource.
        same = {"records": "inventory"}.get(sheet, sheet)
        assert [field["name"] for field in described[same]] == [
            column.name for column in columns
        ], sheet


def _errors(report) -> list[str]:
    return [
        f"{task.name}: {error.type}: {error.message}"
        for task in report.tasks
        for error in task.errors
    ] + [f"package: {error.message}" for error in report.errors]


def test_frictionless_finds_the_package_and_every_file_valid(
    published, formula_mhos, data_root
):
    data_build()

    report = frictionless.validate(str(data_root / "datapackage.json"))

    assert _errors(report) == []
    assert report.valid
    assert {task.name for task in report.tasks} == set(RESOURCES)
    assert sum(task.stats["rows"] for task in report.tasks if task.name == "mhos") == 7


def test_frictionless_finds_the_demonstration_data_valid(network, data_root):
    from inventory.demo import demo_generate

    demo_generate(mhos=30, years=3, seed=11)
    data_build()

    report = frictionless.validate(str(data_root / "datapackage.json"))

    assert _errors(report) == []


def test_frictionless_reports_a_file_that_no_longer_matches_the_package(
    published, data_root
):
    data_build()
    organizations = data_root / "organizations.csv"
    kept = [
        line
        for line in organizations.read_text().splitlines()
        if not line.startswith("umsd,")
    ]
    organizations.write_text("\n".join(kept) + "\n")

    report = frictionless.validate(str(data_root / "datapackage.json"))

    found = {error.split(": ")[1] for error in _errors(report)}
    assert {"foreign-key", "hash-count", "byte-count"} <= found


def test_organizations_csv_names_every_organization_the_records_name(client, published):
    mali = CountryFactory(iso2="ML", name_fr="Mali", name_en="Mali")
    senegal = published["thies"].country
    supporter = Organization.objects.get(slug="alpha-ngo")
    supporter.countries.set([senegal, mali])
    OrganizationFactory(slug="unnamed-platform", kind="platform", founded_year=2003)
    MHOFactory(
        code="SN-0099", approval="pending", support_organizations=[supporter]
    )  # not counted: waiting for approval
    data_build()

    organizations = read_csv(download(client, "/data/organizations.csv"))
    records = read_csv(download(client, "/data/inventory.csv"))

    by_slug = organizations.set_index("organization_slug")
    named = set(records.network) | {
        slug for cell in records.support_organizations for slug in cell.split("|")
    }
    assert named - {""} <= set(by_slug.index)
    assert list(by_slug.index) == sorted(
        Organization.objects.values_list("slug", flat=True)
    )
    assert by_slug.loc["alpha-ngo", "countries"] == "ML|SN"
    assert by_slug.loc["alpha-ngo", "mhos_supported"] == "1"
    assert by_slug.loc["umsd", "mhos_in_network"] == "1"
    assert by_slug.loc["umsd", "kind"] == "union"
    assert by_slug.loc["unnamed-platform", "founded_year"] == "2003"
    assert by_slug.loc["unnamed-platform", "mhos_supported"] == "0"
    assert by_slug.loc["umsd", "page_url"].endswith("/fr/organizations/umsd/")


def test_the_workbook_has_the_organizations_sheet_of_organizations_csv(
    client, published
):
    data_build()

    workbook = load_workbook(
        BytesIO(download(client, "/data/inventory.xlsx")), read_only=True
    )
    rows = list(workbook["organizations"].iter_rows(values_only=True))
    csv = pd.read_csv(
        BytesIO(download(client, "/data/organizations.csv")),
        dtype=str,
        keep_default_na=False,
    )

    assert list(rows[0]) == list(csv.columns)
    assert [row[0] for row in rows[1:]] == list(csv.organization_slug)


def test_the_organization_kinds_are_defined_in_both_languages():
    from opendata.exports.columns_organizations import ORGANIZATION_COLUMNS

    (kind,) = [column for column in ORGANIZATION_COLUMNS if column.name == "kind"]

    assert "ngo (non-governmental organization)" in kind.definition_en
    assert "ngo (organisation non gouvernementale)" in kind.definition_fr
    assert set(kind.choices) == set(Organization.Kind.values)
