import pytest

pytestmark = pytest.mark.django_db


def results(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def codes(client, url, **params):
    return [row["code"] for row in results(client, url, **params)]


@pytest.mark.parametrize("country", ["SN", "sn", "Sn"])
def test_country_filter_ignores_case(client, inventory, country):
    assert codes(client, "/api/v1/mhos/", country=country) == ["SN-0001", "SN-0002"]
    records = results(client, "/api/v1/records/", country=country)
    assert {record["mho"] for record in records} == {"SN-0001"}
    rows = results(client, "/api/v1/synthesis/", country=country)
    assert [(row["country"], row["year"]) for row in rows] == [("SN", 2021)]


def test_an_unknown_country_gives_no_rows_rather_than_an_error(client, inventory):
    assert codes(client, "/api/v1/mhos/", country="ZZ") == []


def test_mhos_filter_by_type_text_and_demo(client, inventory):
    assert codes(client, "/api/v1/mhos/", q="kaolack") == ["SN-0002"]
    assert codes(client, "/api/v1/mhos/", q="ML-0") == ["ML-0001"]
    assert codes(client, "/api/v1/mhos/", type="company") == []
    assert codes(client, "/api/v1/mhos/", type="community") == [
        "ML-0001",
        "SN-0001",
        "SN-0002",
    ]
    assert codes(client, "/api/v1/mhos/", is_demo="true") == ["ML-0001"]
    assert codes(client, "/api/v1/mhos/", is_demo="false") == ["SN-0001", "SN-0002"]


def test_records_filter_by_year_status_mho_and_demo(client, inventory):
    def shown(**params):
        return [
            (r["mho"], r["year"]) for r in results(client, "/api/v1/records/", **params)
        ]

    assert shown(year=2020) == [("SN-0001", 2020)]
    assert shown(year=2021) == [("ML-0001", 2021), ("SN-0001", 2021)]
    assert shown(status="difficulty") == [("SN-0001", 2020)]
    assert shown(status="starting", year=2021) == [("ML-0001", 2021)]
    assert shown(mho="sn-0001") == [("SN-0001", 2020), ("SN-0001", 2021)]
    assert shown(is_demo="true") == [("ML-0001", 2021)]
    # Unpublished records stay hidden whatever the filters ask for.
    assert shown(mho="SN-0002") == []
    assert shown(year=2022) == []
    assert shown(country="TG") == []


def test_synthesis_filters_by_year_and_africa(client, inventory):
    def shown(**params):
        rows = results(client, "/api/v1/synthesis/", **params)
        return [(row["country"], row["year"]) for row in rows]

    assert shown(year=2021) == [(None, 2021), ("ML", 2021), ("SN", 2021)]
    assert shown(africa="true") == [(None, 2020), (None, 2021)]
    assert shown(africa="false", year=2021) == [("ML", 2021), ("SN", 2021)]
    assert shown(country="ML") == [("ML", 2021)]


def test_countries_filter_by_region(client, inventory):
    assert results(client, "/api/v1/countries/", region="east-africa") == []
    assert len(results(client, "/api/v1/countries/", region="west-africa")) == 2


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/api/v1/records/", {"year": "abc"}, "year"),
        ("/api/v1/records/", {"year": "2020.5"}, "year"),
        ("/api/v1/records/", {"year": "1800"}, "year"),
        ("/api/v1/records/", {"year": "99999999999999999999999"}, "year"),
        ("/api/v1/records/", {"country": "SEN"}, "country"),
        ("/api/v1/records/", {"country": "1"}, "country"),
        ("/api/v1/records/", {"status": "thriving"}, "status"),
        ("/api/v1/records/", {"mho": "SN42"}, "mho"),
        ("/api/v1/records/", {"is_demo": "yes"}, "is_demo"),
        ("/api/v1/mhos/", {"country": "Sénégal"}, "country"),
        ("/api/v1/mhos/", {"type": "cooperative"}, "type"),
        ("/api/v1/mhos/", {"q": "a\x00b"}, "q"),
        ("/api/v1/mhos/", {"q": "x" * 101}, "q"),
        ("/api/v1/synthesis/", {"africa": "1"}, "africa"),
        ("/api/v1/synthesis/", {"year": "-1"}, "year"),
        ("/api/v1/countries/", {"region": "oceania"}, "region"),
    ],
)
def test_invalid_filter_values_are_refused_with_the_reason(
    client, inventory, url, params, field
):
    response = client.get(url, params)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    errors = response.json()
    assert list(errors) == [field]
    assert all(isinstance(message, str) for message in errors[field])
