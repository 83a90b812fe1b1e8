"""Yes / no / not reported answers (the care covered, the general assembly,
the accounts) read the same everywhere: the form shows the stored answer, the
pages say Oui, Non or Non renseigné (never True, False or None), the API
gives true, false or null and the open-data CSV an empty cell when not
reported."""

import csv
import io
import re

import pytest

from inventory.models import YearlyRecord
from inventory.models.record import BENEFIT_FIELDS, TRI_STATE_FIELDS
from inventory.services import records
from opendata.exports.columns import RECORD_COLUMNS
from opendata.exports.csv_build import csv_write
from opendata.exports.rows import record_rows
from tests.security.html_forms import form_data

from .conftest import CAMPAIGN_YEAR, make_record

pytestmark = pytest.mark.django_db

ANSWERS = {
    "covers_primary_care": True,
    "covers_hospitalization": False,
    "covers_delivery": None,
    "covers_surgery": True,
    "covers_drugs": False,
    "covers_evacuation": None,
    "covers_specialist_care": None,
    "general_assembly_held": True,
    "accounts_approved": False,
}
assert set(ANSWERS) == set(TRI_STATE_FIELDS)
LABELS = {True: "Oui", False: "Non", None: "Non renseigné"}
RAW = re.compile(r">\s*(True|False|None)\s*<")


def main(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def selected_labels(html: str) -> dict[str, str]:
    """The label of the option shown in each drop-down of the page."""
    shown = {}
    for name, options in re.findall(
        r'<select name="(\w+)"[^>]*>(.*?)</select>', html, re.S
    ):
        chosen = re.search(r"<option[^>]*selected[^>]*>([^<]*)</option>", options)
        shown[name] = chosen.group(1) if chosen else None
    return shown


def test_record_form_shows_each_stored_answer(client, campaign, mho_a, manager_a):
    make_record(mho_a, CAMPAIGN_YEAR, state="draft", **ANSWERS)
    client.force_login(manager_a)

    response = client.get(f"/fr/my/{mho_a.code}/{CAMPAIGN_YEAR}/")

    shown = selected_labels(response.content.decode())
    assert {name: shown[name] for name in ANSWERS} == {
        name: LABELS[value] for name, value in ANSWERS.items()
    }
    posted = form_data(response.content.decode())
    assert {name: posted[name] for name in ANSWERS} == {
        name: [{True: "true", False: "false", None: ""}[value]]
        for name, value in ANSWERS.items()
    }


def test_record_form_refuses_an_answer_it_cannot_read(
    client, campaign, mho_a, manager_a
):
    record = make_record(mho_a, CAMPAIGN_YEAR, state="draft", **ANSWERS)
    client.force_login(manager_a)
    url = f"/fr/my/{mho_a.code}/{CAMPAIGN_YEAR}/"
    data = form_data(client.get(url).content.decode())

    response = client.post(url, {**data, "covers_drugs": "peut-être", "draft": "1"})

    assert response.status_code == 400
    assert "Choisissez Oui, Non ou Non renseigné." in main(response)
    record.refresh_from_db()
    assert record.covers_drugs is False


def test_review_page_words_every_answer(client, campaign, mho_a, focal_sn):
    record = make_record(mho_a, CAMPAIGN_YEAR, state="submitted", **ANSWERS)
    client.force_login(focal_sn)

    html = main(client.get(f"/fr/review/records/{record.pk}/"))

    assert not RAW.search(html), RAW.search(html)
    for name, value in ANSWERS.items():
        label = str(YearlyRecord._meta.get_field(name).verbose_name)
        # The label, maybe its "changed" tag, then this year's value.
        shown = rf"{label}(?: <span[^>]*>[^<]*</span>)?</th><td[^>]*>{LABELS[value]}<"
        assert re.search(shown, html, re.I), name


def test_history_words_the_answers_that_changed(client, campaign, mho_a, manager_a):
    record = make_record(mho_a, CAMPAIGN_YEAR, state="draft", **ANSWERS)
    changed = {"covers_primary_care": None, "covers_delivery": False}
    records.record_save_draft(
        record=record,
        user=manager_a,
        data=changed,
        expected_version=record.version,
        source="form",
    )
    client.force_login(manager_a)

    html = main(client.get(f"/fr/records/{record.pk}/history/"))

    assert not RAW.search(html), RAW.search(html)
    assert "<li>soins primaires: Oui → Non renseigné</li>" in html
    assert "<li>accouchement: Non renseigné → Non</li>" in html


def test_mho_page_says_which_care_is_covered_and_which_is_not_reported(client, mho_a):
    make_record(mho_a, CAMPAIGN_YEAR, **ANSWERS)
    make_record(mho_a, CAMPAIGN_YEAR - 2, **dict.fromkeys(BENEFIT_FIELDS, None))

    html = main(client.get(f"/en/inventory/{mho_a.code}/"))

    assert not RAW.search(html), RAW.search(html)
    row = html[html.index(f'<th scope="row">{CAMPAIGN_YEAR}</th>') :]
    assert (
        'primary care, surgery <span class="muted">(not reported: delivery, '
        "evacuation, specialist care)</span>"
    ) in row
    old = html[html.index(f'<th scope="row">{CAMPAIGN_YEAR - 2}</th>') :]
    assert re.search(r"<td[^>]*>Not reported</td>\s*</tr>", old)


def test_api_gives_null_for_an_answer_not_reported(client, mho_a):
    make_record(mho_a, CAMPAIGN_YEAR, **ANSWERS)

    response = client.get("/api/v1/records/", {"year": CAMPAIGN_YEAR})

    (record,) = response.json()["results"]
    assert {name: record[name] for name in ANSWERS} == ANSWERS


def test_open_data_csv_leaves_the_cell_empty_when_not_reported(mho_a):
    make_record(mho_a, CAMPAIGN_YEAR, **ANSWERS)
    stream = io.BytesIO()

    csv_write(stream, RECORD_COLUMNS, record_rows())

    rows = csv.DictReader(io.StringIO(stream.getvalue().decode()))
    (row,) = [row for row in rows if row["year"] == str(CAMPAIGN_YEAR)]
    assert {name: row[name] for name in ANSWERS} == {
        name: {True: "true", False: "false", None: ""}[value]
        for name, value in ANSWERS.items()
    }
