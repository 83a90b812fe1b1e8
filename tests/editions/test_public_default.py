"""The public pages show the latest edition's figures by default and say so;
the live figures are one click away (?live=1), marked provisional; with no
edition the pages show the live figures and say that no edition exists."""

import pytest

from editions.services import edition_publish, edition_withdraw
from tests.factories import MHOFactory, YearlyRecordFactory

from .conftest import later_validations

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_then_live(scenario, secretariat):
    """2024.1 froze SN at 850 members (Africa 1,150); since then SN has 500
    live members (one record corrected, one sent back)."""
    edition = edition_publish(year=2024, user=secretariat)
    later_validations(scenario)
    return edition


def _members(response, iso2=None):
    table = response.context["table"]
    if iso2 is None:
        return table.africa.row.members
    return next(
        line.row.members for line in table.countries if line.row.country.iso2 == iso2
    )


def test_without_edition_the_pages_show_live_figures_and_say_so(client, scenario):
    response = client.get("/fr/synthesis/?year=2024")
    text = response.content.decode()
    assert _members(response, "SN") == 850
    assert "Aucune édition de l’inventaire n’a encore été publiée" in text
    home = client.get("/fr/").content.decode()
    assert "Aucune édition de l’inventaire n’a encore été publiée" in home


def test_synthesis_shows_the_latest_edition_by_default(client, published_then_live):
    response = client.get("/fr/synthesis/?year=2024")
    text = response.content.decode()
    assert (_members(response, "SN"), _members(response)) == (850, 1150)
    assert "Édition 2024.1 de l’inventaire</a>, publiée le" in text
    assert 'href="/fr/data/editions/2024.1/"' in text
    assert 'href="?year=2024&amp;live=1"' in text
    # The countries of the table lead to their page, in the same view.
    assert 'href="/fr/synthesis/SN/"' in text

    live = client.get("/fr/synthesis/?year=2024&live=1")
    text = live.content.decode()
    assert (_members(live, "SN"), _members(live)) == (500, 1200)
    assert "Données en direct, provisoires" in text
    assert "Revenir à l’édition 2024.1" in text and 'href="?year=2024"' in text
    assert 'href="/fr/synthesis/SN/?live=1"' in text
    assert '<input type="hidden" name="live" value="1">' in text


def test_country_page_shows_the_edition_then_live(client, published_then_live):
    frozen = client.get("/fr/synthesis/SN/")
    members = {
        line.row.year: line.row.members for line in frozen.context["series"].lines
    }
    assert members[2024] == 850
    assert "Édition 2024.1 de l’inventaire" in frozen.content.decode()
    live = client.get("/en/synthesis/SN/?live=1")
    members = {line.row.year: line.row.members for line in live.context["series"].lines}
    assert members[2024] == 500
    assert "Live data, provisional" in live.content.decode()
    # The edition has no row of a country that appeared since.
    assert client.get("/fr/synthesis/GH/").status_code == 404


def test_home_figures_are_the_edition_s(client, published_then_live):
    home = client.get("/fr/")
    assert home.context["figures"].members == 1150
    assert "Édition 2024.1 de l’inventaire" in home.content.decode()
    live = client.get("/fr/?live=1")
    assert live.context["figures"].members == 1200
    assert "Données en direct, provisoires" in live.content.decode()


def test_a_withdrawn_edition_gives_way_to_the_one_before(
    client, published_then_live, secretariat
):
    second = edition_publish(year=2024, user=secretariat)
    assert _members(client.get("/fr/synthesis/?year=2024"), "SN") == 500
    edition_withdraw(edition=second, user=secretariat, reason="Erreur de calcul")
    response = client.get("/fr/synthesis/?year=2024")
    assert _members(response, "SN") == 850
    assert 'href="/fr/data/editions/2024.1/"' in response.content.decode()


def test_the_page_cache_keeps_the_two_views_apart(
    client, settings, published_then_live, secretariat
):
    settings.PAGE_CACHE_SECONDS = 300
    for _round in range(2):  # the second round is served from the cache
        default = client.get("/fr/synthesis/?year=2024").content.decode()
        live = client.get("/fr/synthesis/?year=2024&live=1").content.decode()
        assert "Édition 2024.1 de l’inventaire" in default
        assert "Données en direct, provisoires" in live
    edition_publish(year=2024, user=secretariat)
    default = client.get("/fr/synthesis/?year=2024").content.decode()
    assert "Édition 2024.2 de l’inventaire" in default


def _grow(scenario, count):
    """More MHOs with validated records, in a new country."""
    from tests.factories import CountryFactory

    ghana = CountryFactory(iso2="GH", name_fr="Ghana", name_en="Ghana")
    for number in range(count):
        mho = MHOFactory(code=f"GH-{number + 1:04d}", country=ghana)
        YearlyRecordFactory(mho=mho, year=2024)
        YearlyRecordFactory(mho=mho, year=2023)


@pytest.mark.parametrize(
    "address", ["/fr/synthesis/", "/fr/synthesis/SN/", "/fr/", "/fr/data/"]
)
def test_queries_of_the_edition_view_do_not_grow_with_the_data(
    client, settings, scenario, secretariat, address
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from opendata.services.synthesis import synthesis_rebuild

    settings.PAGE_CACHE_SECONDS = 0  # every request renders its page
    edition_publish(year=2024, user=secretariat)
    client.get(address)  # the shared values are read once per data change
    with CaptureQueriesContext(connection) as small:
        client.get(address)
    _grow(scenario, 12)
    synthesis_rebuild()
    edition_publish(year=2024, user=secretariat)
    client.get(address)
    with CaptureQueriesContext(connection) as large:
        response = client.get(address)
    assert len(large) == len(small) <= 12
    assert response.status_code == 200
    assert "2024.2" in response.content.decode()
