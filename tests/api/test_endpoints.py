import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.pagination import PageNumberPagination

from inventory.models import YearlyRecord
from inventory.models.record import DATA_FIELDS
from opendata.models import SynthesisRow
from tests.api.conftest import published_record
from tests.factories import CountryFactory, MHOFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

# Every list says which edition of the figures it serves ("live" by default).
PAGE_KEYS = {"edition", "count", "next", "previous", "results"}
LISTS = ["countries", "mhos", "records", "synthesis"]


def get_json(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_api_root_links_the_four_lists(client):
    links = get_json(client, "/api/v1/")

    assert links == {name: f"http://testserver/api/v1/{name}/" for name in LISTS}


def test_countries_list_those_with_approved_mhos_or_synthesis_and_count_mhos(
    client, inventory
):
    page = get_json(client, "/api/v1/countries/")

    assert set(page) == PAGE_KEYS
    assert page["results"] == [
        {
            "iso2": "ML",
            "name_fr": "Mali",
            "name_en": "Mali",
            "region": "west-africa",
            "population": None,
            "mhos": 1,
        },
        {
            "iso2": "SN",
            "name_fr": "Sénégal",
            "name_en": "Senegal",
            "region": "west-africa",
            "population": 17_000_000,
            "mhos": 2,
        },
    ]
    assert get_json(client, "/api/v1/countries/SN/")["mhos"] == 2
    assert client.get("/api/v1/countries/TG/").status_code == 404


def test_mhos_list_only_approved_ones_with_their_identity(client, inventory):
    page = get_json(client, "/api/v1/mhos/")

    assert page["count"] == 3
    assert [mho["code"] for mho in page["results"]] == [
        "ML-0001",
        "SN-0001",
        "SN-0002",
    ]
    thies = page["results"][1]
    assert thies == {
        "code": "SN-0001",
        "name": "Mutuelle de santé de Thiès",
        "acronym": "",
        "country": "SN",
        "region": "",
        "locality": "Thiès",
        "area": "",
        "founded_year": 2005,
        "type": "community",
        "membership_basis": "",
        "legal_status": "none",
        "network": "union-sn",
        "support_organizations": ["alpha", "zeta"],
        "is_demo": False,
        "url": "http://testserver/fr/inventory/SN-0001/",
    }
    assert page["results"][0]["is_demo"] is True
    assert page["results"][2]["network"] is None


def test_mho_detail_answers_approved_mhos_only(client, inventory):
    assert get_json(client, "/api/v1/mhos/SN-0002/")["name"] == "Mutuelle de Kaolack"
    assert client.get("/api/v1/mhos/TG-0001/").status_code == 404
    assert client.get("/api/v1/mhos/XX-9999/").status_code == 404
    assert client.get("/api/v1/mhos/not-a-code/").status_code == 404


def test_records_show_validated_records_of_approved_mhos_only(client, inventory):
    page = get_json(client, "/api/v1/records/")

    shown = [(record["mho"], record["year"]) for record in page["results"]]
    assert shown == [("ML-0001", 2021), ("SN-0001", 2020), ("SN-0001", 2021)]
    assert page["count"] == 3


def test_a_record_shows_its_figures_and_never_the_workflow(client, inventory):
    record = get_json(client, "/api/v1/records/", mho="SN-0001", year=2021)["results"][
        0
    ]

    assert list(record) == [
        "id",
        "mho",
        "country",
        "year",
        *DATA_FIELDS,
        "is_demo",
        "validated_at",
    ]
    assert record["country"] == "SN"
    assert record["members"] == 400 and record["contributions_collected"] == 1_600_000
    assert record["validated_at"] == "2022-03-01T09:30:00Z"
    detail = get_json(client, f"/api/v1/records/{record['id']}/")
    assert detail == {"edition": "live", **record}


def test_unpublished_records_have_no_detail_either(client, inventory):
    hidden = YearlyRecord.objects.exclude(pk__in=YearlyRecord.objects.public())

    assert hidden.count() == 4  # draft, submitted, returned, pending MHO's
    for record in hidden:
        assert client.get(f"/api/v1/records/{record.pk}/").status_code == 404
    assert client.get("/api/v1/records/99999999999999999/").status_code == 404


def test_synthesis_lists_rows_by_year_africa_first_with_indicators(client, inventory):
    page = get_json(client, "/api/v1/synthesis/")

    order = [(row["year"], row["country"]) for row in page["results"]]
    assert order == [(2020, None), (2021, None), (2021, "ML"), (2021, "SN")]
    senegal = page["results"][3]
    assert senegal["completeness"] == 0.5
    assert senegal["recovery"] == 0.8 and senegal["recovery_mhos"] == 1
    assert senegal["recovery_numerator"] == 1_600_000
    assert senegal["recovery_denominator"] == 2_000_000
    assert senegal["claims_ratio"] == pytest.approx(1_100_000 / 1_600_000)
    assert senegal["coverage"] == pytest.approx(1200 / 17_000_000)
    assert senegal["growth"] is None and senegal["penetration"] is None
    assert senegal["growth_mhos"] == 0 and senegal["growth_numerator"] is None
    assert senegal["provisional"] is False
    assert senegal["currency"] == "XOF" and senegal["money_records"] == 1
    africa = page["results"][1]
    assert africa["currency"] == "" and africa["contributions_collected"] is None


def test_pages_link_to_each_other(client, inventory, monkeypatch):
    monkeypatch.setattr(PageNumberPagination, "page_size", 2)

    first = get_json(client, "/api/v1/mhos/")
    second = client.get(first["next"]).json()

    assert first["count"] == second["count"] == 3
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/mhos/?page=2"
    assert second["next"] is None and second["previous"]
    assert [m["code"] for m in first["results"] + second["results"]] == [
        "ML-0001",
        "SN-0001",
        "SN-0002",
    ]
    assert client.get("/api/v1/mhos/", {"page": 9}).status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/countries/",
        "/api/v1/countries/SN/",
        "/api/v1/mhos/",
        "/api/v1/mhos/SN-0001/",
        "/api/v1/records/",
        "/api/v1/synthesis/",
    ],
)
def test_writes_are_refused_and_change_nothing(client, inventory, method, url):
    before = SynthesisRow.objects.count()

    response = getattr(client, method)(url, {}, content_type="application/json")

    assert response.status_code == 405
    assert SynthesisRow.objects.count() == before


def test_head_and_options_are_answered(client, inventory):
    assert client.head("/api/v1/mhos/").status_code == 200
    assert client.options("/api/v1/mhos/").status_code == 200


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def add_rows(how_many):
    country = CountryFactory()
    supporters = OrganizationFactory.create_batch(2)
    network = OrganizationFactory(kind="union")
    for _index in range(how_many):
        mho = MHOFactory(
            country=country, network=network, support_organizations=supporters
        )
        published_record(mho, 2020)
        published_record(mho, 2021)
    SynthesisRow.objects.create(country=country, year=2020, mhos_known=how_many)


@pytest.mark.parametrize("name", LISTS)
def test_each_list_runs_the_same_few_queries_for_few_or_many_rows(
    client, inventory, name
):
    url = f"/api/v1/{name}/"
    add_rows(2)
    few = count_queries(client, url)
    add_rows(30)
    many = count_queries(client, url)

    assert few == many <= 3
