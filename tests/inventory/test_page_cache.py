"""The shared cache of public pages: served without queries, never stale after
a change, never shared with logged-in users or across languages and queries."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from import_export.formats import base_formats

from inventory.imports import YearlyRecordResource
from inventory.models import YearlyRecord
from tests.factories import record_save

from .conftest import CAMPAIGN_YEAR

YEAR = CAMPAIGN_YEAR - 1
PAGE = "/fr/inventory/SN-0001/"


def test_a_repeated_anonymous_page_is_served_without_queries(
    client, mho_a, django_assert_num_queries
):
    first = client.get(PAGE)
    with django_assert_num_queries(0):
        second = client.get(PAGE)

    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_a_saved_record_shows_at_once(client, mho_a):
    assert "400" in client.get(PAGE).content.decode()
    record = YearlyRecord.objects.get(mho=mho_a, year=YEAR)
    record.members = 777
    record_save(record)

    assert "777" in client.get(PAGE).content.decode()


def test_a_renamed_mho_shows_at_once(client, mho_a):
    assert "Renamed mutual" not in client.get(PAGE).content.decode()
    mho_a.name = "Renamed mutual"
    mho_a.save()

    assert "Renamed mutual" in client.get(PAGE).content.decode()


def test_an_import_without_signals_shows_at_once(client, mho_a):
    secretary = get_user_model().objects.create_superuser(
        email="import@example.org", password="x" * 12
    )
    assert "400" in client.get(PAGE).content.decode()
    dataset = base_formats.CSV().create_dataset(
        f"mho,year,members,beneficiaries\nSN-0001,{YEAR},888,2000\n"
    )
    result = YearlyRecordResource(user=secretary).import_data(dataset, user=secretary)

    assert not result.has_errors() and not result.has_validation_errors()
    assert "888" in client.get(PAGE).content.decode()


def test_logged_in_users_get_their_own_page(client, manager_a, mho_a):
    anonymous = client.get(PAGE).content.decode()
    client.force_login(manager_a)
    mine = client.get(PAGE).content.decode()
    again = client.get(PAGE).content.decode()

    assert 'action="/fr/account/logout/"' not in anonymous
    assert (
        'action="/fr/account/logout/"' in mine
        and 'action="/fr/account/logout/"' in again
    )


def test_languages_and_query_strings_are_cached_apart(client, mho_a):
    french = client.get("/fr/inventory/SN-0001/").content.decode()
    english = client.get("/en/inventory/SN-0001/").content.decode()
    senegal = client.get("/fr/inventory/?country=SN").content.decode()
    nowhere = client.get("/fr/inventory/?q=Kaolack").content.decode()

    assert '<html lang="fr">' in french and '<html lang="en">' in english
    assert "SN-0001" in senegal and "SN-0001" not in nowhere


def test_a_page_that_hands_out_a_csrf_token_is_not_cached(client, db):
    # The newsletter archive carries the subscription form.
    first = client.get("/fr/newsletter/")
    client.cookies.clear()
    second = client.get("/fr/newsletter/")

    assert "csrfmiddlewaretoken" in first.content.decode()
    assert first.cookies and second.cookies  # each visitor gets a token of their own
    assert first.content != second.content


def test_the_api_is_cached_and_fresh(client, mho_a, django_assert_num_queries):
    url = "/api/v1/records/?country=SN"
    first = client.get(url).json()
    with django_assert_num_queries(0):
        assert client.get(url).json() == first
    record = YearlyRecord.objects.get(mho=mho_a, year=YEAR)
    record.members = 555
    record_save(record)

    assert [row["members"] for row in client.get(url).json()["results"]] == [555]


def test_zero_seconds_turns_the_cache_off(client, mho_a, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(PAGE)
    with CaptureQueriesContext(connection) as queries:
        client.get(PAGE)

    assert queries.captured_queries  # rendered again


def test_each_allowed_host_gets_its_own_links(client, mho_a, settings):
    settings.ALLOWED_HOSTS = ["portal.example.org", "mirror.example.net"]
    url = "/api/v1/mhos/?country=SN"

    first = client.get(url, HTTP_HOST="portal.example.org").json()
    second = client.get(url, HTTP_HOST="mirror.example.net").json()
    again = client.get(url, HTTP_HOST="portal.example.org").json()

    assert first["results"][0]["url"].startswith("http://portal.example.org/")
    assert second["results"][0]["url"].startswith("http://mirror.example.net/")
    assert again == first


def test_one_allowed_host_shares_one_copy(
    client, mho_a, settings, django_assert_num_queries
):
    settings.ALLOWED_HOSTS = ["portal.example.org"]
    client.get(PAGE, HTTP_HOST="portal.example.org")

    with django_assert_num_queries(0):
        response = client.get(PAGE, HTTP_HOST="portal.example.org")
    assert response.status_code == 200
