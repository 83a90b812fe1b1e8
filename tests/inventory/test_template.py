"""The offline Excel template: download it prefilled, fill it as a person would in
Excel (here with openpyxl), upload it; same rules and workflow as the online form."""

import io
import zipfile

import openpyxl
import pytest
from django.utils import translation
from django.utils.text import capfirst

from inventory.forms import RecordForm
from inventory.models import MHOManagement, YearlyRecord
from inventory.models.record import (
    AMOUNT_FIELDS,
    BENEFIT_FIELDS,
    COUNT_FIELDS,
    DATA_FIELDS,
)
from inventory.services import records
from inventory.xlsx_template import CHOICE_FIELDS, template_read, template_workbook
from tests.lying_zips import Member, lying_zip, zeros

from .conftest import CAMPAIGN_YEAR, LAST_YEAR_FIGURES, make_mho, make_record

pytestmark = pytest.mark.django_db

# What the manager reports this year, as values and as picked in Excel (labels).
THIS_YEAR = {
    "status": "difficulty",
    "members": 450,
    "beneficiaries": 1350,
    "target_population": 8500,
    "new_members": 90,
    "renewing_members": 360,
    "provider_agreements": 4,
    "currency": "XAF",
    "entry_fee": 1000,
    "contribution_amount": 600,
    "contribution_unit": "family",
    "contribution_periodicity": "quarterly",
    "contributions_expected": 2_700_000,
    "contributions_collected": 2_500_000,
    "benefits_paid": 1_800_000,
    "operating_costs": 350_000,
    "subsidies": 100_000,
    "reserves": 500_000,
    "covers_primary_care": True,
    "covers_hospitalization": True,
    "covers_delivery": False,
    "covers_surgery": True,
    "covers_drugs": False,
    "covers_evacuation": False,
    "covers_specialist_care": False,
    "payment_mode": "capitation",
    "general_assembly_held": True,
    "accounts_approved": False,
}
THIS_YEAR_IN_EXCEL = {
    **THIS_YEAR,
    "status": "In difficulty",
    "currency": "CFA franc (BEAC)",
    "contribution_unit": "Per family",
    "contribution_periodicity": "Quarterly",
    "payment_mode": "Capitation",
    **{
        name: "Yes" if THIS_YEAR[name] else "No"
        for name in [*BENEFIT_FIELDS, "general_assembly_held", "accounts_approved"]
    },
}


def url(kind, mho, year=CAMPAIGN_YEAR, language="en"):
    suffix = "template.xlsx" if kind == "download" else "upload/"
    return f"/{language}/my/{mho.code}/{year}/{suffix}"


def download(client, mho, year=CAMPAIGN_YEAR, language="en"):
    response = client.get(url("download", mho, year, language))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content))


def value_cells(workbook):
    """Field name → its cell in the Value column (C), found by the hidden key."""
    sheet = workbook["record"]
    return {r[0].value: r[2] for r in sheet.iter_rows() if r[0].value in DATA_FIELDS}


def fill(workbook, values) -> bytes:
    cells = value_cells(workbook)
    for name, value in values.items():
        cells[name].value = value
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def drop_down(workbook, cell) -> list[str]:
    """The choices of the list validation of a cell, read from their range."""
    sheet = cell.parent
    (validation,) = [
        v for v in sheet.data_validations.dataValidation if cell.coordinate in v.sqref
    ]
    assert validation.type == "list"
    sheet_name, cell_range = validation.formula1.split("!")
    return [row[0].value for row in workbook[sheet_name][cell_range.replace("$", "")]]


def upload(client, mho, content, action="submit", confirm=False, name="filled.xlsx"):
    file = io.BytesIO(content)
    file.name = name
    data = {"file": file, "action": action}
    if confirm:
        data["confirm_warnings"] = "on"
    return client.post(url("upload", mho), data)


def snapshot():
    return sorted(
        (r.mho.code, r.year, r.version, r.state, *(getattr(r, n) for n in DATA_FIELDS))
        for r in YearlyRecord.objects.select_related("mho")
    )


@pytest.fixture
def manager(client, campaign, manager_a):
    client.force_login(manager_a)
    return manager_a


def test_round_trip_submits_the_same_record_as_the_online_form(
    client, manager, mho_a, senegal
):
    workbook = download(client, mho_a)
    cells = value_cells(workbook)
    assert set(cells) == set(DATA_FIELDS)
    assert cells["members"].value == LAST_YEAR_FIGURES["members"]
    assert cells["currency"].value == "CFA franc (BCEAO)"
    assert cells["covers_delivery"].value == "Yes"
    assert cells["covers_surgery"].value == "Not reported"  # never answered
    assert cells["new_members"].value is None  # flows of the year start empty

    response = upload(client, mho_a, fill(workbook, THIS_YEAR_IN_EXCEL))

    uploaded = YearlyRecord.objects.get(mho=mho_a, year=CAMPAIGN_YEAR)
    assert response.status_code == 302
    assert response["Location"] == f"/en/records/{uploaded.pk}/"  # read-only
    twin = make_mho("SN-0003", senegal)
    make_record(twin, CAMPAIGN_YEAR - 1)
    MHOManagement.objects.create(user=manager, mho=twin, status="approved")
    # As the browser posts it: the yes/no drop-downs send true/false.
    posted = {
        name: str(value).lower() if isinstance(value, bool) else str(value)
        for name, value in THIS_YEAR.items()
    }
    form = RecordForm(
        data={**posted, "version": 0},
        instance=records.record_for_edit(mho=twin, year=CAMPAIGN_YEAR),
    )
    assert form.is_valid(), form.errors
    online = records.record_submit(
        record=form.instance,
        user=manager,
        data={name: form.cleaned_data[name] for name in DATA_FIELDS},
        expected_version=0,
        source=YearlyRecord.Source.FORM,
    )
    for name in DATA_FIELDS:
        assert getattr(uploaded, name) == getattr(online, name) == THIS_YEAR[name]
    assert uploaded.source == "template"
    assert uploaded.state == "submitted"
    assert uploaded.submitted_by == manager
    history = uploaded.history.get()
    assert history.history_user == manager
    assert history.history_change_reason == "submitted"


def test_an_upload_saved_as_draft_stays_editable(client, manager, mho_a):
    content = fill(download(client, mho_a), {"members": 420, "beneficiaries": 1300})

    response = upload(client, mho_a, content, action="draft")

    assert response.status_code == 302
    record = YearlyRecord.objects.get(mho=mho_a, year=CAMPAIGN_YEAR)
    assert (record.state, record.source, record.members) == ("draft", "template", 420)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_template_speaks_the_language_of_the_page(client, manager, mho_a, language):
    workbook = download(client, mho_a, language=language)

    sheet = workbook["record"]
    labels = {
        r[0]: r[1] for r in sheet.iter_rows(values_only=True) if r[0] in DATA_FIELDS
    }
    with translation.override(language):
        expected = {
            name: capfirst(str(YearlyRecord._meta.get_field(name).verbose_name))
            for name in DATA_FIELDS
        }
        status_labels = [str(label) for _v, label in YearlyRecord.Status.choices]
    assert labels == expected
    cells = value_cells(workbook)
    yes_no = drop_down(workbook, cells["covers_primary_care"])
    assert yes_no == (
        ["Oui", "Non", "Non renseigné"]
        if language == "fr"
        else ["Yes", "No", "Not reported"]
    )
    assert drop_down(workbook, cells["general_assembly_held"]) == yes_no
    assert drop_down(workbook, cells["status"]) == status_labels
    assert cells["covers_primary_care"].value == yes_no[0]


def test_template_has_drop_downs_whole_numbers_and_only_values_editable(
    client, manager, mho_a
):
    workbook = download(client, mho_a)

    sheet = workbook["record"]
    cells = value_cells(workbook)
    validations = sheet.data_validations.dataValidation

    def kinds(cell):
        return {v.type for v in validations if cell.coordinate in v.sqref}

    for name in [*CHOICE_FIELDS, *BENEFIT_FIELDS, "accounts_approved"]:
        assert kinds(cells[name]) == {"list"}, name
    for name in [*COUNT_FIELDS, *AMOUNT_FIELDS]:
        assert kinds(cells[name]) == {"whole"}, name
    assert sheet.protection.sheet
    assert sheet.column_dimensions["A"].hidden
    assert all(not cell.protection.locked for cell in cells.values())
    assert sheet[cells["members"].coordinate.replace("C", "B")].protection.locked
    assert workbook["meta"].sheet_state == "hidden"
    meta = dict(workbook["meta"].iter_rows(values_only=True))
    assert (meta["code"], meta["year"], meta["version"]) == (
        "SN-0001",
        CAMPAIGN_YEAR,
        0,
    )


def test_reader_takes_labels_in_either_language_and_raw_values(mho_a):
    record = records.record_for_edit(mho=mho_a, year=CAMPAIGN_YEAR)
    with translation.override("fr"):
        workbook = openpyxl.load_workbook(io.BytesIO(template_workbook(record=record)))
    content = fill(
        workbook,
        {
            "status": "IN DIFFICULTY",
            "currency": "xaf",
            "payment_mode": "capitation",
            "covers_drugs": "oui",
            "covers_surgery": "NO",
            "accounts_approved": None,
            "members": "1 200",
            "beneficiaries": 2400.0,
        },
    )

    filled = template_read(io.BytesIO(content), code="SN-0001", year=CAMPAIGN_YEAR)

    assert filled.values["status"] == "difficulty"
    assert filled.values["currency"] == "XAF"
    assert filled.values["payment_mode"] == "capitation"
    assert filled.values["covers_drugs"] == "true"
    assert filled.values["covers_surgery"] == "false"
    assert filled.values["accounts_approved"] == ""
    assert (filled.values["members"], filled.values["beneficiaries"]) == (
        "1200",
        "2400",
    )
    assert filled.problems == {}


def zip_bytes(members, method=zipfile.ZIP_DEFLATED) -> bytes:
    """A zip whose members hold that many zero bytes (written 1 MB at a time)."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", method) as archive:
        for name, size in members.items():
            with archive.open(name, "w") as member:
                while size > 0:
                    member.write(bytes(min(size, 2**20)))
                    size -= 2**20
    content = output.getvalue()
    assert len(content) < 2 * 1024 * 1024  # small on disk, huge unpacked
    return content


def foreign_workbook() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["members", "label", 500])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def renamed_meta(client, mho) -> bytes:
    workbook = download(client, mho)
    workbook["meta"].title = "notes"
    return fill(workbook, {})


REFUSALS = {
    "over 2 MB": (lambda c, a, b: bytes(2 * 1024 * 1024 + 1), "larger than 2 MB"),
    "pdf renamed": (
        lambda c, a, b: b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n",
        "not an Excel workbook",
    ),
    "text renamed": (lambda c, a, b: b"members;500\n", "not an Excel workbook"),
    "zip bomb": (
        lambda c, a, b: zip_bytes(
            {
                "[Content_Types].xml": 10,
                "xl/workbook.xml": 10,
                "xl/worksheets/sheet1.xml": 50 * 2**20,
            }
        ),
        "far too much data",
    ),
    "zip with one highly compressed part": (
        lambda c, a, b: zip_bytes(
            {"[Content_Types].xml": 10, "xl/workbook.xml": 5 * 2**20}
        ),
        "far too much data",
    ),
    "zip whose headers hide its size": (
        lambda c, a, b: lying_zip(
            [
                Member("[Content_Types].xml", [b"<Types/>"]),
                Member("xl/workbook.xml", [b"<workbook/>"]),
                Member("xl/worksheets/sheet1.xml", zeros(30), declared_size=1000),
            ]
        ),
        "far too much data",
    ),
    "zip compressed with bzip2": (
        lambda c, a, b: zip_bytes(
            {"[Content_Types].xml": 10, "xl/workbook.xml": 10}, zipfile.ZIP_BZIP2
        ),
        "not an Excel workbook",
    ),
    "workbook that is not ours": (lambda c, a, b: foreign_workbook(), "not a template"),
    "template without its meta sheet": (
        lambda c, a, b: renamed_meta(c, a),
        "not a template",
    ),
    "template of another mutual": (
        lambda c, a, b: fill(download(c, b), {}),
        f"belongs to SN-0002 for the year {CAMPAIGN_YEAR}, not to SN-0001",
    ),
    # Last year's template (made while its campaign was open: no longer offered).
    "template of another year": (
        lambda c, a, b: fill(
            openpyxl.load_workbook(
                io.BytesIO(
                    template_workbook(
                        record=records.record_for_edit(mho=a, year=CAMPAIGN_YEAR - 1)
                    )
                )
            ),
            {},
        ),
        f"belongs to SN-0001 for the year {CAMPAIGN_YEAR - 1}, not to SN-0001 for "
        f"{CAMPAIGN_YEAR}",
    ),
}


@pytest.mark.parametrize("kind", REFUSALS)
def test_refused_files_change_nothing(client, manager, mho_a, mho_b, kind):
    MHOManagement.objects.create(user=manager, mho=mho_b, status="approved")
    records.record_save_draft(
        record=records.record_for_edit(mho=mho_a, year=CAMPAIGN_YEAR),
        user=manager,
        data={"members": 410, "beneficiaries": 1250},
        expected_version=0,
        source="form",
    )
    build, message = REFUSALS[kind]
    content = build(client, mho_a, mho_b)
    before = snapshot()

    response = upload(client, mho_a, content)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Nothing was saved." in response.content.decode()
    assert snapshot() == before


def test_a_body_over_the_limit_is_refused_before_its_file_is_read(
    client, manager, mho_a
):
    file = io.BytesIO(bytes(3 * 1024 * 1024))
    file.name = "big.xlsx"

    response = client.post(url("upload", mho_a), {"file": file, "action": "submit"})

    assert response.status_code == 400
    assert "larger than 2 MB" in response.content.decode()
    assert not YearlyRecord.objects.filter(year=CAMPAIGN_YEAR).exists()


def test_managers_cannot_reach_the_template_of_another_mutual(
    client, manager, mho_a, mho_b, staff
):
    client.force_login(staff)
    content_b = fill(download(client, mho_b), {"members": 9999})
    client.force_login(manager)
    before = snapshot()

    assert client.get(url("download", mho_b)).status_code == 404
    assert client.get(url("upload", mho_b)).status_code == 404
    assert upload(client, mho_b, content_b).status_code == 404
    assert snapshot() == before


def test_anonymous_visitors_are_sent_to_log_in(client, mho_a):
    for kind in ("download", "upload"):
        response = client.get(url(kind, mho_a))

        assert response.status_code == 302
        assert response["Location"].startswith("/en/account/login/?next=")


def test_upload_page_links_the_template_and_asks_for_the_file(client, manager, mho_a):
    html = client.get(url("upload", mho_a)).content.decode()

    assert f'href="/en/my/SN-0001/{CAMPAIGN_YEAR}/template.xlsx"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "csrfmiddlewaretoken" in html
    assert 'type="file"' in html and 'name="confirm_warnings"' in html


def test_hard_errors_are_reported_with_the_field_label(client, manager, mho_a):
    content = fill(download(client, mho_a), {"members": 500, "beneficiaries": 300})

    response = upload(client, mho_a, content)

    html = response.content.decode()
    assert response.status_code == 400
    assert "<strong>Beneficiaries</strong>: Beneficiaries cannot be fewer" in html
    assert "nothing was saved" in html
    assert not YearlyRecord.objects.filter(year=CAMPAIGN_YEAR).exists()


def test_unreadable_cells_are_reported_with_the_field_label(client, manager, mho_a):
    content = fill(
        download(client, mho_a), {"target_population": "many", "covers_drugs": "?"}
    )

    html = upload(client, mho_a, content).content.decode()

    assert "<strong>Target population</strong>: Enter a whole number" in html
    assert "<strong>Drugs</strong>: Choose Yes, No or Not reported." in html
    assert not YearlyRecord.objects.filter(year=CAMPAIGN_YEAR).exists()


def test_warnings_are_shown_and_nothing_is_saved_until_confirmed(
    client, manager, mho_a
):
    content = fill(download(client, mho_a), {"members": 720, "beneficiaries": 1500})

    response = upload(client, mho_a, content)

    html = response.content.decode()
    assert 'id="warning-W01"' in html
    assert "<strong>Members</strong>: Changed by more than 50% since last year" in html
    assert "tick the confirmation box below and upload the same file again" in html
    assert not YearlyRecord.objects.filter(year=CAMPAIGN_YEAR).exists()

    response = upload(client, mho_a, content, confirm=True)

    assert response.status_code == 302
    record = YearlyRecord.objects.get(mho=mho_a, year=CAMPAIGN_YEAR)
    assert (record.members, record.state) == (720, "submitted")
    assert record.confirmed_warnings == "W01"


def test_a_record_changed_since_the_download_is_not_overwritten(client, manager, mho_a):
    content = fill(download(client, mho_a), {"members": 420, "beneficiaries": 1300})
    records.record_save_draft(
        record=records.record_for_edit(mho=mho_a, year=CAMPAIGN_YEAR),
        user=manager,
        data={"members": 405, "beneficiaries": 1210},
        expected_version=0,
        source="form",
    )

    response = upload(client, mho_a, content)

    html = response.content.decode()
    assert "Someone changed this record after you downloaded the template" in html
    assert f'href="/en/my/SN-0001/{CAMPAIGN_YEAR}/template.xlsx"' in html
    record = YearlyRecord.objects.get(mho=mho_a, year=CAMPAIGN_YEAR)
    assert (record.members, record.version, record.source) == (405, 1, "form")

    fresh = fill(download(client, mho_a), {"members": 420, "beneficiaries": 1300})
    assert upload(client, mho_a, fresh).status_code == 302
    record.refresh_from_db()
    assert (record.members, record.version, record.source) == (420, 2, "template")


def test_a_submitted_record_cannot_be_replaced_by_a_template(client, manager, mho_a):
    workbook = download(client, mho_a)
    content = fill(workbook, {"members": 420, "beneficiaries": 1300})
    assert upload(client, mho_a, content).status_code == 302
    again = fill(workbook, {"members": 430})
    before = snapshot()

    response = upload(client, mho_a, again)

    html = response.content.decode()
    assert response.status_code == 409
    assert "under review or validated: it cannot be changed" in html
    assert "offered only while the record can be changed" in html
    assert 'type="file"' not in html
    assert snapshot() == before
