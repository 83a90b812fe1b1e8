"""A pandas recount from an edition's own files reproduces that edition's
synthesis, even after later validations changed the live figures; the API
with ?edition= serves the same figures, and so do the public pages, which
show the latest edition by default."""

import pytest

from editions.services import edition_publish
from tests.inventory import recount
from tests.inventory.recount import AFRICA, plain
from tests.inventory.test_synthesis_pandas import COMPARED, download, mismatches

from .conftest import later_validations

pytestmark = pytest.mark.django_db


def _recounted(client, identifier):
    base = f"/data/editions/{identifier}"
    records = recount.read_csv(download(client, f"{base}/inventory.csv"))
    records["is_demo"] = records["is_demo"].astype(str).str.lower() == "true"
    mhos = recount.read_sheet(download(client, f"{base}/inventory.xlsx"), "mhos")
    return recount.expected_synthesis(records, mhos, {})


def _synthesis(client, url):
    table = recount.read_csv(download(client, url))
    return {
        (plain(row["country_iso2"]) or AFRICA, int(row["year"])): row
        for row in table.to_dict("records")
    }


def _api(client, identifier):
    rows, url = {}, f"/api/v1/synthesis/?edition={identifier}"
    while url:
        response = client.get(url)
        assert response["Data-Edition"] == identifier
        page = response.json()
        assert page["edition"] == identifier
        for row in page["results"]:
            rows[(row["country"] or AFRICA, row["year"])] = row
        url = page["next"]
    return rows


# includes_demo is a column of the files only.
FIGURES = [column for column in COMPARED if column != "includes_demo"]


def test_recount_of_an_edition_reproduces_its_synthesis(client, scenario, secretariat):
    edition_publish(year=2024, user=secretariat)
    later_validations(scenario)
    edition_publish(year=2024, user=secretariat)

    for identifier in ("2024.1", "2024.2"):
        expected = _recounted(client, identifier)
        published = _synthesis(client, f"/data/editions/{identifier}/synthesis.csv")
        assert set(expected) == set(published)
        assert mismatches(expected, published, lambda row, c: plain(row[c])) == []
        served = _api(client, identifier)
        assert set(served) == set(expected)
        assert mismatches(expected, served, lambda row, c: row[c], FIGURES) == []
    # The latest edition's figures are the synthesis page's by default.
    page = client.get("/en/synthesis/?year=2024").context["table"]
    latest = _recounted(client, "2024.2")
    for line in page.lines:
        key = (line.row.country.iso2 if line.row.country else AFRICA, 2024)
        assert (
            mismatches({key: latest[key]}, {key: line.row}, getattr, FIGURES) == []
        ), key
    first = _synthesis(client, "/data/editions/2024.1/synthesis.csv")
    second = _synthesis(client, "/data/editions/2024.2/synthesis.csv")
    assert (first[("SN", 2024)]["members"], second[("SN", 2024)]["members"]) == (
        850,
        500,
    )
