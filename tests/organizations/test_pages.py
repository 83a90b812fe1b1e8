import json
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags

from organizations.models import Country
from tests.factories import (
    CountryFactory,
    FocalPointFactory,
    NationalCommitteeFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db

BROCHURE_FOCAL_POINTS = [
    f["fields"]
    for f in json.loads((Path(settings.BASE_DIR) / "fixtures/network.json").read_text())
    if f["model"] == "organizations.focalpoint"
]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    ("language", "senegal", "ivory_coast"),
    [("fr", "Sénégal", "Côte d&#x27;Ivoire"), ("en", "Senegal", "Côte d&#x27;Ivoire")],
)
def test_focal_point_directory_lists_the_twelve_brochure_contacts(
    client, network, language, senegal, ivory_coast
):
    response = client.get(f"/{language}/focal-points/")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    assert html.count('class="card" id="fp-') == 12
    # As read: addresses may wrap at their separators, numbers stay whole.
    text = strip_tags(html).replace("\xa0", " ")
    for point in BROCHURE_FOCAL_POINTS:
        for value in ("contact_person", "email", "phone", "fax"):
            assert point[value].replace("'", "&#x27;") in text, (point, value)
    assert f"<h2>{senegal}</h2>" in html
    assert "Djikine BABASSA" in html and "utm@<wbr>afibone.<wbr>net" in html
    assert '<a href="tel:+243998913716">+243\xa099\xa089\xa013\xa0716</a>' in html
    # Two numbers in one field: two tap-to-call links.
    assert '<a href="tel:+22522428282">' in html
    assert '<a href="tel:+22505962441">' in html


def test_focal_points_are_in_the_readers_alphabetical_order(client, network):
    html = client.get("/fr/focal-points/").content.decode()

    assert html.index("<h2>Bénin</h2>") < html.index("<h2>Burkina Faso</h2>")
    assert html.index("<h2>Rwanda</h2>") < html.index("<h2>Sénégal</h2>")


def test_organization_directory_filters_by_country_kind_and_text(client, network):
    guinea_response = client.get("/fr/organizations/", {"country": "GN"})
    guinea = guinea_response.content.decode()
    trade_unions = client.get("/en/organizations/", {"kind": "trade-union"})
    search = client.get("/en/organizations/", {"q": "African Mutuality Union"})

    assert "Confédération nationale des travailleurs de Guinée" in guinea
    assert "PPSOGUI" in guinea and "DynaM" in guinea
    assert all(
        "GN" in {country.iso2 for country in organization.countries.all()}
        for organization in guinea_response.context["page"]
    )
    assert "National Confederation of Guinean Workers" in trade_unions.content.decode()
    assert trade_unions.context["page"].paginator.count == 1
    assert {org.slug for org in search.context["page"]} == {"uam", "uam-afro"}


def test_organization_directory_reports_an_unknown_country_and_shows_all(
    client, network
):
    response = client.get("/en/organizations/", {"country": "XX"})

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert response.context["page"].paginator.count == 37


def test_organization_directory_paginates_and_keeps_the_filters(client, db):
    country = CountryFactory(iso2="ML", name_fr="Mali", name_en="Mali")
    OrganizationFactory.create_batch(30, countries=[country])

    first = client.get("/fr/organizations/", {"country": "ML"})
    second = client.get("/fr/organizations/", {"country": "ML", "page": 2})

    assert len(first.context["page"]) == 25
    assert 'href="?country=ML&amp;page=2"' in first.content.decode()
    assert len(second.context["page"]) == 5


def test_organization_page_shows_its_role_and_focal_point(client, network):
    response = client.get("/en/organizations/gtz/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "Promoters" in html
    assert "Rwanda" in html and "Guinea" in html


def test_unknown_organization_is_not_found(client, db):
    assert client.get("/fr/organizations/no-such-thing/").status_code == 404


def test_committee_directory_shows_the_togo_framework(client, network):
    html = client.get("/fr/committees/").content.decode()

    assert "Cadre national de concertation des mutualités au Togo" in html
    assert "CNCMUT" in html


def test_governance_page_lists_the_nine_promoters_and_the_secretariat(client, network):
    response = client.get("/en/governance/")
    html = response.content.decode()

    promoters = [r for r in response.context["roles"] if r.body == "promoter"]
    assert len(promoters) == 9
    assert "ILO/STEP" in html and "MGEN" in html and "WSM" in html
    assert "Technical Secretariat of the Concertation" in html


def test_home_and_about_pages_render_in_both_languages(client, network):
    home_fr = client.get("/fr/").content.decode()
    about_en = client.get("/en/about/").content.decode()

    assert "Abidjan" in home_fr
    assert "<strong>12</strong>" in home_fr
    assert "The Abidjan Platform, 1998" in about_en


def test_root_redirects_to_the_french_site(client, db):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/fr/"


@pytest.mark.parametrize(
    ("url", "bound"),
    [
        ("/fr/", 10),
        ("/fr/focal-points/", 6),
        ("/fr/organizations/", 6),
        ("/fr/committees/", 6),
        ("/fr/governance/", 6),
    ],
)
def test_directory_pages_run_a_fixed_number_of_queries(client, db, url, bound):
    def grow(n):
        for _ in range(n):
            country = CountryFactory()
            members = OrganizationFactory.create_batch(2, countries=[country])
            FocalPointFactory(country=country, organizations=members)
            NationalCommitteeFactory(country=country, members=members)

    grow(3)
    few = count_queries(client, url)
    grow(20)
    many = count_queries(client, url)

    assert few == many
    assert many <= bound


def test_organization_detail_runs_a_fixed_number_of_queries(
    client, db, django_assert_max_num_queries
):
    countries = [CountryFactory() for _ in range(5)]
    organization = OrganizationFactory(countries=countries)
    for country in countries:
        FocalPointFactory(country=country, organizations=[organization])
        NationalCommitteeFactory(country=country, members=[organization])

    with django_assert_max_num_queries(6):
        response = client.get(organization.get_absolute_url())

    assert response.status_code == 200


def test_country_table_holds_every_african_country(network):
    african = Country.objects.african()

    assert african.count() == 54
    assert set(african.values_list("iso2", flat=True)) >= {"SN", "ML", "CD", "ZA", "EG"}
