"""The Excel template is offered only while the record can be changed; a
manager's own later save does not spoil a template downloaded before, unless
it changed a field the file changes too (a real conflict, shown); errors name
the cell; figures show their digits grouped."""

import io

import pytest

from inventory.models import YearlyRecord
from inventory.services import records

from .conftest import CAMPAIGN_YEAR
from .test_template import download, fill, snapshot, upload, url, value_cells

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client, campaign, manager_a):
    client.force_login(manager_a)
    return manager_a


def save_online(manager, mho, version, **figures):
    record = records.record_for_edit(mho=mho, year=CAMPAIGN_YEAR)
    return records.record_save_draft(
        record=record,
        user=manager,
        data=figures,
        expected_version=version,
        source="form",
    )


def test_own_later_save_of_other_fields_keeps_a_new_records_template_usable(
    client, manager, mho_a
):
    workbook = download(client, mho_a)  # before the record exists: version 0
    save_online(manager, mho_a, 0, members=405, beneficiaries=1210)
    content = fill(workbook, {"reserves": 750_000})

    response = upload(client, mho_a, content, action="draft")

    assert response.status_code == 302
    record = YearlyRecord.objects.get(mho=mho_a, year=CAMPAIGN_YEAR)
    assert (record.members, record.beneficiaries) == (405, 1210)
    assert (record.reserves, record.version, record.source) == (750_000, 2, "template")


def test_own_later_save_of_other_fields_keeps_a_saved_records_template_usable(
    client, manager, mho_a
):
    save_online(manager, mho_a, 0, members=405, beneficiaries=1210)
    workbook = download(client, mho_a)  # version 1
    save_online(manager, mho_a, 1, operating_costs=310_000)  # version 2
    content = fill(workbook, {"members": 415})

    response = upload(client, mho_a, content, action="draft")

    assert response.status_code == 302
    record = YearlyRecord.objects.get(mho=mho_a, year=CAMPAIGN_YEAR)
    assert (record.members, record.operating_costs, record.version) == (
        415,
        310_000,
        3,
    )


def test_the_same_change_on_both_sides_is_no_conflict(client, manager, mho_a):
    save_online(manager, mho_a, 0, members=405, beneficiaries=1210)
    workbook = download(client, mho_a)
    save_online(manager, mho_a, 1, members=415)
    content = fill(workbook, {"members": 415, "reserves": 90_000})

    assert upload(client, mho_a, content, action="draft").status_code == 302
    record = YearlyRecord.objects.get(mho=mho_a, year=CAMPAIGN_YEAR)
    assert (record.members, record.reserves) == (415, 90_000)


def test_a_real_conflict_is_refused_and_shown_with_both_values_and_the_cell(
    client, manager, mho_a
):
    save_online(manager, mho_a, 0, members=405, beneficiaries=1210)
    workbook = download(client, mho_a)
    cell = value_cells(workbook)["members"].coordinate
    save_online(manager, mho_a, 1, members=430)
    content = fill(workbook, {"members": 420, "reserves": 90_000})
    before = snapshot()

    response = upload(client, mho_a, content, action="draft")

    html = response.content.decode()
    assert response.status_code == 400
    assert "Someone changed this record after you downloaded the template" in html
    assert (
        f'<tr><th scope="row">Members</th><td>record!{cell}</td><td>420</td>'
        "<td>430</td></tr>"
    ) in html
    assert "Reserves" not in html.split("<tbody>")[1].split("</tbody>")[0]
    assert snapshot() == before


def test_errors_name_the_cell_of_the_file(client, manager, mho_a):
    workbook = download(client, mho_a)
    cells = value_cells(workbook)
    content = fill(workbook, {"target_population": "many", "beneficiaries": 300})

    html = upload(client, mho_a, content).content.decode()

    population = cells["target_population"].coordinate
    row = html.split("<strong>Target population</strong>: ")[1].split("</li>")[0]
    assert row.endswith(f'<span class="cell">(cell record!{population})</span>')


def test_errors_name_the_cell_in_french(client, manager, mho_a):
    workbook = download(client, mho_a, language="fr")
    cell = value_cells(workbook)["covers_drugs"].coordinate
    content = fill(workbook, {"covers_drugs": "peut-être"})

    response = client.post(
        url("upload", mho_a, language="fr"),
        {"file": _file(content), "action": "draft"},
    )

    assert f"(cellule record!{cell})" in response.content.decode()


def _file(content):
    file = io.BytesIO(content)
    file.name = "rempli.xlsx"
    return file


def test_figures_show_their_digits_grouped(client, manager, mho_a):
    cells = value_cells(download(client, mho_a))

    assert cells["contributions_expected"].number_format == "#,##0"
    assert cells["benefits_paid"].number_format == "#,##0"
    assert cells["members"].number_format == "#,##0"
    assert cells["contributions_expected"].value == 2_400_000


def test_no_template_for_a_record_under_review(client, manager, mho_a):
    save_online(manager, mho_a, 0, members=405, beneficiaries=1210)
    record = YearlyRecord.objects.get(mho=mho_a, year=CAMPAIGN_YEAR)
    record.state = "submitted"
    record.save()

    page = client.get("/en/my/").content.decode()
    download_response = client.get(url("download", mho_a))
    upload_page = client.get(url("upload", mho_a))

    assert "template.xlsx" not in page and "/upload/" not in page
    assert f'href="/en/records/{record.pk}/"' in page
    assert download_response.status_code == 409
    assert download_response["Content-Type"].startswith("text/html")
    html = download_response.content.decode()
    assert "under review or validated: it cannot be changed" in html
    assert upload_page.status_code == 409
    assert 'type="file"' not in upload_page.content.decode()


def test_no_template_for_a_year_without_campaign(client, manager_a, mho_a):
    client.force_login(manager_a)  # no campaign open

    response = client.get(url("download", mho_a))

    assert response.status_code == 409
    assert f"No campaign is open for {CAMPAIGN_YEAR}" in response.content.decode()


def test_a_file_submitted_opens_the_read_only_record(client, manager, mho_a):
    content = fill(download(client, mho_a), {"members": 420, "beneficiaries": 1300})

    response = upload(client, mho_a, content, action="submit")

    record = YearlyRecord.objects.get(mho=mho_a, year=CAMPAIGN_YEAR)
    assert record.state == "submitted"
    assert response["Location"] == f"/en/records/{record.pk}/"
