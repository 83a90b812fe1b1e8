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


@pytest.fixture
def en_client(client):
    """The API speaks the client's language (French by default): ask for English."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/records/?country=", "country"),
        ("/api/v1/records/?mho=", "mho"),
        ("/api/v1/records/?year=", "year"),
        ("/api/v1/mhos/?q=", "q"),
        ("/api/v1/synthesis/?africa=", "africa"),
        ("/api/v1/records/?page=", "page"),
    ],
)
def test_an_empty_filter_is_refused_rather_than_ignored(
    en_client, inventory, url, field
):
    response = en_client.get(url)

    assert response.status_code == 400
    assert response.json() == {field: ["Give a value, or leave the parameter out."]}


def test_an_unknown_parameter_is_refused_and_the_accepted_ones_are_named(
    en_client, inventory
):
    response = en_client.get("/api/v1/records/", {"contry": "SN"})

    assert response.status_code == 400
    assert response.json() == {
        "contry": [
            "Unknown parameter: this list takes country, edition, is_demo, mho, "
            "page, page_size, status, year."
        ]
    }


def test_a_parameter_given_twice_is_refused(en_client, inventory):
    response = en_client.get("/api/v1/records/?country=SN&country=ML")

    assert response.status_code == 400
    assert response.json() == {"country": ["Give this parameter once."]}


def test_a_detail_takes_no_parameter_but_the_edition(en_client, inventory):
    response = en_client.get("/api/v1/mhos/SN-0001/", {"year": "2020"})

    assert response.status_code == 400
    assert "takes edition" in response.json()["year"][0]


def test_french_clients_read_the_reason_in_french(client, inventory):
    response = client.get("/api/v1/records/?country=", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 400
    assert response.json() == {
        "country": ["Donnez une valeur, ou retirez le paramètre."]
    }


def test_page_size_is_followed_up_to_its_maximum_and_kept_in_the_links(
    en_client, inventory
):
    first = en_client.get("/api/v1/mhos/", {"page_size": 2}).json()
    second = en_client.get(first["next"]).json()

    assert [m["code"] for m in first["results"]] == ["ML-0001", "SN-0001"]
    assert first["next"] == "http://testserver/api/v1/mhos/?page=2&page_size=2"
    assert [m["code"] for m in second["results"]] == ["SN-0002"]
    assert en_client.get("/api/v1/mhos/", {"page_size": 1000}).status_code == 200


@pytest.mark.parametrize("value", ["0", "1001", "-5", "abc", "2.5", "１０"])
def test_a_page_size_out_of_its_range_is_refused(en_client, inventory, value):
    response = en_client.get("/api/v1/mhos/", {"page_size": value})

    assert response.status_code == 400
    assert response.json() == {"page_size": ["Give a whole number from 1 to 1000."]}


@pytest.mark.parametrize("value", ["0", "last", "-1", "x"])
def test_a_page_that_is_not_a_number_from_one_is_refused(en_client, inventory, value):
    response = en_client.get("/api/v1/mhos/", {"page": value})

    assert response.status_code == 400
    assert response.json() == {"page": ["Give a whole number from 1."]}


def test_a_page_past_the_end_is_not_found_in_json(en_client, inventory):
    response = en_client.get("/api/v1/mhos/", {"page": "99999999999999999999"})

    assert response.status_code == 404
    assert response.json() == {
        "detail": "There is no page 99999999999999999999: this list has 1 page."
    }


@pytest.mark.parametrize(
    "url",
    [
        "/api/",
        "/api/v1/nothing/",
        "/api/v1/mhos/not-a-code/",
        "/api/v1/countries/%C2%84/",
        "/api/v1/records/12345678901234567890/",
    ],
)
def test_an_address_the_api_does_not_have_answers_json(en_client, inventory, url):
    response = en_client.get(url)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "/api/docs/" in response.json()["detail"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/v1/records/999999/", "No published record has this id."),
        ("/api/v1/mhos/ZZ-0001/", "No approved MHO has this code."),
        ("/api/v1/countries/ZZ/", "No country of the inventory has this code."),
    ],
)
def test_an_object_that_is_not_published_is_not_found_in_json(
    en_client, inventory, url, message
):
    response = en_client.get(url)

    assert response.status_code == 404
    assert response.json() == {"detail": message}


def test_pages_of_the_site_still_answer_their_html_404(client, db):
    response = client.get("/fr/nothing-here/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
