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


ADDRESSES = [
    "/api/v1/countries/",
    "/api/v1/countries/SN/",
    "/api/v1/mhos/",
    "/api/v1/mhos/SN-0001/",
    "/api/v1/records/",
    "/api/v1/synthesis/",
]


@pytest.mark.parametrize("address", ADDRESSES)
def test_every_address_says_what_it_serves(client, settings, first_then_live, address):
    settings.PAGE_CACHE_SECONDS = 300  # the second answer comes from the cache
    for _round in range(2):
        live = client.get(address)
        assert live.status_code == 200
        assert live["Data-Edition"] == "live" and live.json()["edition"] == "live"
        frozen = client.get(f"{address}?edition=2024.1")
        assert frozen.status_code == 200
        assert frozen["Data-Edition"] == "2024.1"
        assert frozen.json()["edition"] == "2024.1"


def test_countries_of_an_edition_count_its_mhos(client, first_then_live):
    frozen = client.get("/api/v1/countries/?edition=2024.1").json()["results"]
    assert {row["iso2"]: row["mhos"] for row in frozen} == {"ML": 1, "SN": 2}
    live = client.get("/api/v1/countries/").json()["results"]
    assert {row["iso2"]: row["mhos"] for row in live} == {"ML": 2, "SN": 2}
    assert set(frozen[0]) == set(live[0]) - set() and "edition" not in frozen[0]
    detail = client.get("/api/v1/countries/ML/?edition=2024.1").json()
    assert (detail["name_fr"], detail["mhos"]) == ("Mali", 1)


def test_mhos_of_an_edition_are_those_of_its_records(client, first_then_live):
    frozen = client.get("/api/v1/mhos/?edition=2024.1").json()
    assert [row["code"] for row in frozen["results"]] == [
        "ML-0001",
        "SN-0001",
        "SN-0002",
    ]
    live = client.get("/api/v1/mhos/?code=x")
    assert live.status_code == 400
    live = client.get("/api/v1/mhos/").json()["results"]
    assert "ML-0002" in [row["code"] for row in live]
    thies = client.get("/api/v1/mhos/SN-0001/?edition=2024.1").json()
    live_thies = client.get("/api/v1/mhos/SN-0001/").json()
    assert thies == live_thies | {"edition": "2024.1"}
    assert client.get("/api/v1/mhos/ML-0002/?edition=2024.1").status_code == 404
    senegal = client.get("/api/v1/mhos/?edition=2024.1&country=sn").json()
    assert senegal["count"] == 2


def test_a_record_as_the_edition_froze_it(client, first_then_live, scenario):
    thies = scenario["thies_2024"].pk
    assert client.get(f"/api/v1/records/{thies}/").json()["members"] == 500
    frozen = client.get(f"/api/v1/records/{thies}/?edition=2024.1").json()
    assert (frozen["edition"], frozen["members"]) == ("2024.1", 450)
    # Sent back to its manager since: no longer public, still in the edition.
    kaolack = scenario["kaolack_2024"].pk
    assert client.get(f"/api/v1/records/{kaolack}/").status_code == 404
    assert client.get(f"/api/v1/records/{kaolack}/?edition=2024.1").status_code == 200
    assert client.get("/api/v1/records/999999/?edition=2024.1").status_code == 404
    refused = client.get(f"/api/v1/records/{thies}/?edition=2024.1&year=2024")
    assert refused.status_code == 400 and "year" in refused.json()


def test_a_withdrawn_edition_is_gone_with_its_reason(
    client, first_then_live, secretariat
):
    from editions.services import edition_withdraw

    edition_withdraw(edition=first_then_live, user=secretariat, reason="Doublons.")
    for address in ADDRESSES:
        answer = client.get(f"{address}?edition=2024.1")
        assert answer.status_code == 410, address
        assert "Doublons." in answer.json()["detail"]
        assert "Data-Edition" not in answer


def test_the_schema_documents_the_edition_everywhere(client):
    import yaml

    schema = yaml.safe_load(client.get("/api/schema/").content)
    for path, operations in schema["paths"].items():
        if not path.startswith("/api/v1/"):
            continue
        names = {parameter["name"] for parameter in operations["get"]["parameters"]}
        assert "edition" in names, path
        assert "Data-Edition" in operations["get"]["responses"]["200"]["headers"], path
        assert {"404", "410"} <= set(operations["get"]["responses"]), path


@pytest.mark.parametrize(
    ("address", "most"),
    [
        ("/api/v1/countries/?edition=2024.1", 4),
        ("/api/v1/countries/SN/?edition=2024.1", 3),
        ("/api/v1/mhos/?edition=2024.1", 4),
        ("/api/v1/mhos/SN-0001/?edition=2024.1", 3),
        ("/api/v1/records/1/?edition=2024.1", 4),
    ],
)
def test_edition_addresses_have_bounded_queries(
    client, first_then_live, django_assert_max_num_queries, address, most
):
    with django_assert_max_num_queries(most):
        client.get(address)
