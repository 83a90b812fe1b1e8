"""Countries sort by their name in the reader's language, accents aside
(Bénin before Burkina Faso, Sénégal after Rwanda), in forms, filters and the
admin, on the database of the run."""

import re

import pytest
from django.utils import translation

from kernel.i18n import TranslatedSortKey
from organizations.models import Country
from tests.factories import UserFactory, secretariat_member

pytestmark = pytest.mark.django_db

# (ISO, French name, English name)
COUNTRIES = [
    ("SN", "Sénégal", "Senegal"),
    ("BF", "Burkina Faso", "Burkina Faso"),
    ("EG", "Égypte", "Egypt"),
    ("RW", "Rwanda", "Rwanda"),
    ("BJ", "Bénin", "Benin"),
    ("CI", "Côte d’Ivoire", "Ivory Coast"),
    ("ET", "Éthiopie", "Ethiopia"),
    ("DJ", "Djibouti", "Djibouti"),
]
FRENCH_ORDER = [
    "Bénin",
    "Burkina Faso",
    "Côte d’Ivoire",
    "Djibouti",
    "Égypte",
    "Éthiopie",
    "Rwanda",
    "Sénégal",
]
ENGLISH_ORDER = [
    "Benin",
    "Burkina Faso",
    "Djibouti",
    "Egypt",
    "Ethiopia",
    "Ivory Coast",
    "Rwanda",
    "Senegal",
]


@pytest.fixture
def countries(db):
    Country.objects.all().delete()
    for iso2, french, english in COUNTRIES:
        Country.objects.create(
            iso2=iso2, name_fr=french, name_en=english, region="west-africa"
        )


def in_page_order(html: str, names: list[str]) -> list[str]:
    return sorted(names, key=html.index)


@pytest.mark.parametrize(
    ("language", "order"), [("fr", FRENCH_ORDER), ("en", ENGLISH_ORDER)]
)
def test_the_sort_key_follows_the_readers_language(countries, language, order):
    with translation.override(language):
        names = [c.name for c in Country.objects.order_by(TranslatedSortKey("name"))]

    assert names == order


@pytest.mark.parametrize(
    ("language", "order"), [("fr", FRENCH_ORDER), ("en", ENGLISH_ORDER)]
)
def test_the_registration_form_lists_countries_in_order(
    client, countries, language, order
):
    client.force_login(UserFactory())

    html = client.get(f"/{language}/my/register/").content.decode()

    select = re.search(r'<select name="country".*?</select>', html, re.S).group(0)
    assert in_page_order(select, order) == order


@pytest.mark.parametrize(
    ("language", "order"), [("fr", FRENCH_ORDER), ("en", ENGLISH_ORDER)]
)
def test_the_admin_filter_lists_countries_in_order(client, countries, language, order):
    client.force_login(secretariat_member(email="secretariat@example.sn"))

    html = client.get(
        f"/{language}/admin/inventory/mutualhealthorganization/"
    ).content.decode()

    filter_block = html[html.index('id="changelist-filter"') :]
    assert in_page_order(filter_block, order) == order


def test_the_admin_country_list_follows_the_language(client, countries):
    client.force_login(secretariat_member(email="secretariat@example.sn"))

    html = client.get("/fr/admin/organizations/country/").content.decode()

    table = html[html.index('id="result_list"') :]
    isos = re.findall(r"/admin/organizations/country/(\d+)/change/", table)
    names = [Country.objects.get(pk=pk).name_fr for pk in isos]
    assert names == FRENCH_ORDER


def test_the_event_proposal_form_lists_countries_in_order(client, countries):
    client.force_login(UserFactory())

    html = client.get("/fr/events/propose/").content.decode()

    select = re.search(r'<select name="country".*?</select>', html, re.S).group(0)
    assert in_page_order(select, FRENCH_ORDER) == FRENCH_ORDER
