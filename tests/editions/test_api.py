"""The API's records and synthesis lists serve an edition with ?edition=, the
live figures by default, and say which they serve."""

import pytest

from editions.services import edition_publish

from .conftest import later_validations

pytestmark = pytest.mark.django_db


@pytest.fixture
def first_then_live(scenario, secretariat):
    edition = edition_publish(year=2024, user=secretariat)
    later_validations(scenario)
    return edition


def test_records_default_to_live_and_say_so(client, first_then_live):
    live = client.get("/api/v1/records/?country=SN&year=2024").json()
    assert live["edition"] == "live"
    assert [(row["mho"], row["members"]) for row in live["results"]] == [
        ("SN-0001", 500)
    ]


def test_records_of_an_edition_are_its_frozen_figures(client, first_then_live):
    answer = client.get("/api/v1/records/?edition=2024.1&country=SN&year=2024").json()
    assert answer["edition"] == "2024.1"
    assert answer["count"] == 2
    thies, kaolack = answer["results"]
    assert (thies["mho"], thies["country"], thies["year"]) == ("SN-0001", "SN", 2024)
    assert thies["members"] == 450 and kaolack["mho"] == "SN-0002"
    assert thies["is_demo"] is False and isinstance(thies["beneficiaries"], int)
    live = client.get("/api/v1/records/?mho=SN-0001&year=2024").json()["results"][0]
    assert set(thies) == set(live) - {"id"}


def test_synthesis_of_an_edition_matches_its_file(client, first_then_live):
    answer = client.get("/api/v1/synthesis/?edition=2024.1&year=2024").json()
    assert answer["edition"] == "2024.1"
    rows = {row["country"]: row for row in answer["results"]}
    assert rows["SN"]["members"] == 850 and rows[None]["members"] == 1150
    live = client.get("/api/v1/synthesis/?year=2024").json()
    assert live["edition"] == "live"
    assert {row["country"]: row["members"] for row in live["results"]}["SN"] == 500
    africa = client.get("/api/v1/synthesis/?edition=2024.1&africa=true").json()
    assert {row["country"] for row in africa["results"]} == {None}


def test_unknown_or_malformed_edition_is_refused(client, first_then_live):
    assert client.get("/api/v1/records/?edition=2030.1").status_code == 404
    assert (
        client.get("/api/v1/records/?edition=2024.1&is_demo=false").json()["count"] == 4
    )
    assert client.get("/api/v1/records/?edition=latest").status_code == 400


def test_edition_lists_have_bounded_queries(
    client, first_then_live, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        client.get("/api/v1/records/?edition=2024.1")
    with django_assert_max_num_queries(4):
        client.get("/api/v1/synthesis/?edition=2024.1")
