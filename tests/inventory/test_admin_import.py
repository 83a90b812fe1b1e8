"""Bulk import and export of MHOs and yearly records through the admin."""

import csv
import io
import itertools

import openpyxl
import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from import_export.formats import base_formats

from inventory.imports import MHOResource, YearlyRecordResource
from inventory.models import MutualHealthOrganization, YearlyRecord
from opendata.models import DirtySynthesis
from organizations.models import Country, Organization

pytestmark = pytest.mark.django_db
USER_NUMBERS = itertools.count(1)

HEADER = [
    "mho",
    "year",
    "status",
    "members",
    "beneficiaries",
    "currency",
    "contributions_expected",
    "contributions_collected",
    "benefits_paid",
    "covers_primary_care",
    "state",
    "source",
]


def make_user(**fields):
    """A user without a password: hashing one takes most of a test's time."""
    fields.setdefault("email", f"user{next(USER_NUMBERS)}@example.org")
    return get_user_model().objects.create(**fields)


def admin_url(name, *args):
    with translation.override("en"):
        return reverse(f"admin:{name}", args=args)


def make_mhos(count, iso2="SN"):
    country, _ = Country.objects.get_or_create(
        iso2=iso2, defaults={"name_fr": iso2, "name_en": iso2, "region": "west-africa"}
    )
    MutualHealthOrganization.objects.bulk_create(
        MutualHealthOrganization(
            code=f"{iso2}-{number:04d}", name=f"Mutuelle {number}", country=country
        )
        for number in range(1, count + 1)
    )
    return list(MutualHealthOrganization.objects.filter(country=country))


def record_row(mho, year, **changes):
    row = {
        "mho": mho.code,
        "year": year,
        "status": "functional",
        "members": 100,
        "beneficiaries": 300,
        "currency": "XOF",
        "contributions_expected": 500_000,
        "contributions_collected": 450_000,
        "benefits_paid": 300_000,
        "covers_primary_care": 1,
        "state": "validated",
        "source": "form",
    }
    row.update(changes)
    return row


def to_csv(rows, header=HEADER):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def rows_for(mhos, years, **changes):
    return [record_row(mho, year, **changes) for mho in mhos for year in years]


def format_index(model):
    formats = admin.site._registry[model].get_import_formats()
    return str(formats.index(base_formats.CSV))


def upload(client, model, text, name="records.csv"):
    url = admin_url(f"inventory_{model._meta.model_name}_import")
    return client.post(
        url,
        {
            "resource": "0",
            "format": format_index(model),
            "import_file": SimpleUploadedFile(name, text.encode(), "text/csv"),
        },
    )


def confirm(client, model, preview):
    url = admin_url(f"inventory_{model._meta.model_name}_process_import")
    return client.post(url, preview.context["confirm_form"].initial)


def import_records(text, user, dry_run=False):
    dataset = base_formats.CSV(encoding="utf-8").create_dataset(text)
    with translation.override("en"):
        return YearlyRecordResource(user=user).import_data(
            dataset, dry_run=dry_run, user=user
        )


@pytest.fixture
def secretary(db):
    return make_user(email="secretariat@example.sn", is_staff=True, is_superuser=True)


@pytest.fixture
def secretariat(client, secretary):
    client.force_login(secretary)
    return client


# --- a. two-step import: preview, then confirm -------------------------------------


def test_admin_import_previews_the_rows_and_writes_only_when_confirmed(
    secretariat, secretary
):
    mhos = make_mhos(2)
    text = to_csv(rows_for(mhos, [2021, 2022]))

    preview = upload(secretariat, YearlyRecord, text)

    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Confirm import" in html
    assert html.count('<tr class="new">') == 4
    assert "SN-0001" in html and "SN-0002" in html
    assert YearlyRecord.objects.count() == 0
    assert YearlyRecord.history.count() == 0

    done = confirm(secretariat, YearlyRecord, preview)

    assert done.status_code == 302
    assert YearlyRecord.objects.count() == 4
    history = YearlyRecord.history.all()
    assert {(row.history_user, row.history_change_reason) for row in history} == {
        (secretary, "import")
    }


def test_staff_who_may_only_view_records_cannot_import(client):
    viewer = make_user(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_yearlyrecord"))
    client.force_login(viewer)
    (mho,) = make_mhos(1)

    response = upload(client, YearlyRecord, to_csv([record_row(mho, 2022)]))

    assert response.status_code == 403
    assert not YearlyRecord.objects.exists()


def test_xlsx_files_import_like_csv(secretary):
    (mho,) = make_mhos(1)
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(list(record_row(mho, 2022, covers_primary_care=True).values()))
    data = io.BytesIO()
    book.save(data)

    dataset = base_formats.XLSX().create_dataset(data.getvalue())
    result = YearlyRecordResource(user=secretary).import_data(dataset, user=secretary)

    assert not result.has_validation_errors()
    record = YearlyRecord.objects.get()
    assert (record.members, record.covers_primary_care) == (100, True)


# --- b. one bad row: nothing written, the row and column reported --------------------

BAD_ROWS = {
    "beneficiaries": {"members": 500, "beneficiaries": 100},
    "benefits_paid": {"benefits_paid": -5},
    "mho": {"mho": "ZZ-9999"},
    "covers_primary_care": {"covers_primary_care": "maybe"},
}


@pytest.mark.parametrize("column", BAD_ROWS)
def test_a_thousand_rows_with_one_bad_row_write_nothing(secretary, column):
    mhos = make_mhos(200)
    existing = YearlyRecord.objects.create(mho=mhos[0], year=2015, members=1)
    rows = rows_for(mhos, range(2019, 2024))
    rows[536].update(BAD_ROWS[column])
    history_before = YearlyRecord.history.count()

    result = import_records(to_csv(rows), secretary)

    assert len(rows) == 1000
    assert [row.number for row in result.invalid_rows] == [537]
    assert list(result.invalid_rows[0].field_specific_errors) == [column]
    assert list(YearlyRecord.objects.all()) == [existing]
    assert YearlyRecord.history.count() == history_before


def test_admin_page_names_the_bad_row_and_column_and_offers_no_confirm(secretariat):
    mhos = make_mhos(200)
    rows = rows_for(mhos, range(2019, 2024))
    rows[536].update(members=500, beneficiaries=100)

    preview = upload(secretariat, YearlyRecord, to_csv(rows))

    html = preview.content.decode()
    assert "Some rows failed to validate" in html
    assert "<td>537 </td>" in html
    assert 'validation-error-field-label">beneficiaries</span>' in html
    assert "Beneficiaries cannot be fewer than members" in html
    assert "confirm_form" not in preview.context
    assert YearlyRecord.objects.count() == 0


def test_the_confirm_step_also_writes_nothing_if_a_row_has_become_invalid(
    secretariat,
):
    mhos = make_mhos(3)
    preview = upload(secretariat, YearlyRecord, to_csv(rows_for(mhos, [2022])))
    # Between preview and confirm, the mutual's founding year moves after 2022.
    MutualHealthOrganization.objects.filter(pk=mhos[2].pk).update(founded_year=2023)

    confirm(secretariat, YearlyRecord, preview)

    assert YearlyRecord.objects.count() == 0
    assert YearlyRecord.history.count() == 0


# --- e. unknown choices and other cell errors -------------------------------------


def test_import_reports_an_unknown_status_with_its_row_and_column(secretary):
    mhos = make_mhos(3)
    rows = rows_for(mhos, [2022])
    rows[1]["status"] = "bogus"

    result = import_records(to_csv(rows), secretary)

    (invalid,) = result.invalid_rows
    assert invalid.number == 2
    assert invalid.field_specific_errors == {
        "status": ["Value 'bogus' is not a valid choice."]
    }
    assert YearlyRecord.objects.count() == 0


def test_import_reports_a_year_twice_in_the_file(secretary):
    (mho,) = make_mhos(1)
    rows = [record_row(mho, 2022), record_row(mho, 2022, members=120)]

    result = import_records(to_csv(rows), secretary)

    (invalid,) = result.invalid_rows
    assert invalid.number == 2
    assert invalid.field_specific_errors["year"] == [
        "Row 1 already holds this mutual's 2022 record."
    ]
    assert YearlyRecord.objects.count() == 0


def test_import_only_reaches_the_mutuals_the_user_may_edit(secretary):
    make_mhos(1)
    (other,) = make_mhos(1, iso2="ML")
    manager = make_user()
    own = MutualHealthOrganization.objects.get(code="SN-0001")
    own.managements.create(user=manager, status="approved")
    rows = [record_row(own, 2022), record_row(other, 2022)]

    result = import_records(to_csv(rows), manager)

    (invalid,) = result.invalid_rows
    assert invalid.number == 2
    assert invalid.field_specific_errors["mho"] == [
        "No mutual health organization you may edit has the code “ML-0001”."
    ]
    assert YearlyRecord.objects.count() == 0


# --- d. bulk import keeps the history ----------------------------------------------


def test_bulk_import_writes_one_history_row_per_record_with_its_importer(
    secretariat, secretary
):
    mhos = make_mhos(30)
    rows = rows_for(mhos, [2021, 2022])

    confirm(secretariat, YearlyRecord, upload(secretariat, YearlyRecord, to_csv(rows)))

    records = YearlyRecord.objects.all()
    assert records.count() == 60
    for record in records:
        (history,) = record.history.all()
        assert history.history_user == secretary
        assert history.history_change_reason == "import"
        assert history.history_type == "+"
        assert (record.source, record.version) == ("import", 1)


def test_reimport_with_changed_figures_updates_the_records_and_their_history(
    secretariat, secretary
):
    mhos = make_mhos(30)
    first = to_csv(rows_for(mhos, [2021, 2022]))
    confirm(secretariat, YearlyRecord, upload(secretariat, YearlyRecord, first))
    ids = set(YearlyRecord.objects.values_list("pk", flat=True))
    second = to_csv(rows_for(mhos, [2021, 2022], members=150, beneficiaries=450))

    preview = upload(secretariat, YearlyRecord, second)
    confirm(secretariat, YearlyRecord, preview)

    assert preview.content.decode().count('<tr class="update">') == 60
    assert set(YearlyRecord.objects.values_list("pk", flat=True)) == ids
    for record in YearlyRecord.objects.all():
        assert (record.members, record.beneficiaries, record.version) == (150, 450, 2)
        latest, earlier = record.history.all()
        assert (latest.history_type, latest.members) == ("~", 150)
        assert (latest.history_user, latest.history_change_reason) == (
            secretary,
            "import",
        )
        assert earlier.members == 100


def test_reimport_over_a_record_changed_meanwhile_writes_nothing(secretary):
    mhos = make_mhos(3)
    import_records(to_csv(rows_for(mhos, [2022])), secretary)

    class ManagerSavesDuringTheImport(YearlyRecordResource):
        def before_save_instance(self, instance, row, **kwargs):
            super().before_save_instance(instance, row, **kwargs)
            if instance.mho == mhos[1]:
                YearlyRecord.objects.filter(pk=instance.pk).update(version=5)

    dataset = base_formats.CSV(encoding="utf-8").create_dataset(
        to_csv(rows_for(mhos, [2022], members=150, beneficiaries=450))
    )
    with translation.override("en"):
        result = ManagerSavesDuringTheImport(user=secretary).import_data(
            dataset, user=secretary
        )
        assert "were changed during the import" in str(result.base_errors[0].error)
    assert set(YearlyRecord.objects.values_list("members", "version")) == {(100, 1)}
    assert YearlyRecord.history.count() == 3


def test_import_marks_the_synthesis_of_its_years_dirty_once_it_commits(
    secretary, django_capture_on_commit_callbacks
):
    mhos = make_mhos(3)
    text = to_csv(rows_for(mhos, [2021, 2022]))

    with django_capture_on_commit_callbacks() as previewed:
        import_records(text, secretary, dry_run=True)
    assert not DirtySynthesis.objects.exists() and previewed == []
    with django_capture_on_commit_callbacks() as imported:
        import_records(text, secretary)

    marked = DirtySynthesis.objects.values_list("country__iso2", "year")
    assert {("SN", 2021), ("SN", 2022)} <= set(marked)
    assert len(imported) == 1


def test_imported_rows_get_source_import_whatever_the_file_says(secretary):
    (mho,) = make_mhos(1)

    import_records(to_csv([record_row(mho, 2022, source="admin")]), secretary)

    assert YearlyRecord.objects.get().source == "import"


# --- MHO import -----------------------------------------------------------------------


def test_mho_import_finds_country_network_and_support_organizations_by_key(
    secretariat, secretary
):
    Country.objects.create(iso2="BF", name_fr="BF", name_en="BF", region="west-africa")
    for slug in ("umsb", "pamas", "wsm"):
        Organization.objects.create(slug=slug, name_fr=slug, name_en=slug, kind="ngo")
    header = ["code", "name", "country", "network", "support_organizations", "type"]
    text = to_csv(
        [
            {
                "code": "BF-0007",
                "name": "Mutuelle de Ouahigouya",
                "country": "bf",
                "network": "umsb",
                "support_organizations": "pamas|wsm",
                "type": "community",
            }
        ],
        header,
    )

    confirm(
        secretariat,
        MutualHealthOrganization,
        upload(secretariat, MutualHealthOrganization, text),
    )

    mho = MutualHealthOrganization.objects.get(code="BF-0007")
    assert mho.country.iso2 == "BF" and mho.network.slug == "umsb"
    assert set(mho.support_organizations.values_list("slug", flat=True)) == {
        "pamas",
        "wsm",
    }
    (history,) = mho.history.all()
    assert (history.history_user, history.history_change_reason) == (
        secretary,
        "import",
    )


def test_mho_import_reports_an_unknown_organization_with_its_column(secretary):
    Country.objects.create(iso2="BF", name_fr="BF", name_en="BF", region="west-africa")
    header = ["code", "name", "country", "support_organizations"]
    text = to_csv(
        [
            {
                "code": "BF-0007",
                "name": "M",
                "country": "BF",
                "support_organizations": "x",
            }
        ],
        header,
    )
    dataset = base_formats.CSV(encoding="utf-8").create_dataset(text)

    with translation.override("en"):
        result = MHOResource(user=secretary).import_data(dataset, user=secretary)

    (invalid,) = result.invalid_rows
    assert invalid.field_specific_errors == {
        "support_organizations": ["Unknown organization: x."]
    }
    assert not MutualHealthOrganization.objects.exists()


# --- c. exported formulas are escaped -------------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil.example","x")', "@SUM(1)", "+1", "-1"]


@pytest.fixture
def formula_mhos(db):
    country = Country.objects.create(
        iso2="SN", name_fr="Sénégal", name_en="Senegal", region="west-africa"
    )
    for number, name in enumerate(FORMULAS, 1):
        MutualHealthOrganization.objects.create(
            code=f"SN-{number:04d}", name=name, country=country
        )


def test_admin_csv_export_escapes_cells_that_start_a_formula(secretariat, formula_mhos):
    formats = admin.site._registry[MutualHealthOrganization].get_export_formats()
    fields = {f"mhoresource_{name}": "on" for name in MHOResource().get_export_order()}

    response = secretariat.post(
        admin_url("inventory_mutualhealthorganization_export"),
        {"resource": "0", "format": str(formats.index(base_formats.CSV)), **fields},
    )

    names = [
        row["name"] for row in csv.DictReader(io.StringIO(response.content.decode()))
    ]
    assert sorted(names) == sorted(f"'{name}" for name in FORMULAS)


def test_xlsx_export_writes_formulas_as_plain_text(formula_mhos, secretary):
    dataset = MHOResource(user=secretary).export()

    data = base_formats.XLSX().export_data(dataset)

    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [cell.value for cell in sheet[1]]
    column = header.index("name") + 1
    cells = [sheet.cell(row=row, column=column) for row in range(2, 6)]
    assert all(cell.data_type == "s" for cell in cells)
    assert sorted(cell.value for cell in cells) == sorted(f"'{n}" for n in FORMULAS)


def test_an_exported_file_imports_back_unchanged(formula_mhos, secretary):
    exported = MHOResource(user=secretary).export().export("csv")
    dataset = base_formats.CSV(encoding="utf-8").create_dataset(exported)

    result = MHOResource(user=secretary).import_data(dataset, user=secretary)

    assert not result.has_errors() and not result.has_validation_errors()
    assert sorted(MutualHealthOrganization.objects.values_list("name", flat=True)) == (
        sorted(FORMULAS)
    )


def test_an_xlsx_import_whose_headers_hide_its_size_is_refused(
    secretariat, monkeypatch
):
    from inventory.admin import CheckedXLSX
    from tests.lying_zips import Member, lying_zip, zeros

    monkeypatch.setattr(CheckedXLSX, "MAX_UNPACKED_BYTES", 8 * 2**20)
    bomb = lying_zip(
        [
            Member("[Content_Types].xml", [b"<Types/>"]),
            Member("xl/workbook.xml", [b"<workbook/>"]),
            Member("xl/worksheets/sheet1.xml", zeros(12), declared_size=1000),
        ]
    )
    formats = admin.site._registry[YearlyRecord].get_import_formats()

    response = secretariat.post(
        admin_url("inventory_yearlyrecord_import"),
        {
            "resource": "0",
            "format": str(formats.index(CheckedXLSX)),
            "import_file": SimpleUploadedFile("records.xlsx", bomb),
        },
    )

    assert response.status_code == 200
    assert "unpacks to more than 8 MB: split it" in response.content.decode()
    assert not YearlyRecord.objects.exists()
