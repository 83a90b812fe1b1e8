import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opendata.services.synthesis import synthesis_rebuild
from tests.factories import (
    CountryFactory,
    MHOFactory,
    OrganizationFactory,
    YearlyRecordFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/en/inventory/"


def count_queries(client, url, data=None):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return len(context.captured_queries)


def main_content(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def codes(response):
    return [mho.code for mho in response.context["page"]]


@pytest.fixture
def senegal():
    return CountryFactory(iso2="SN", name_fr="Sénégal", name_en="Senegal")


@pytest.fixture
def mali():
    return CountryFactory(iso2="ML", name_fr="Mali", name_en="Mali")


def test_inventory_lists_only_approved_mhos(client, senegal):
    shown = MHOFactory(country=senegal, name="Mutuelle de santé de Thiès")
    MHOFactory(country=senegal, name="Mutuelle en attente", approval="pending")
    MHOFactory(country=senegal, name="Mutuelle refusée", approval="rejected")
    YearlyRecordFactory(mho=shown, year=2022)

    response = client.get(LIST)
    html = response.content.decode()

    assert codes(response) == [shown.code]
    assert f'href="/en/inventory/{shown.code}/"' in html
    assert "Mutuelle en attente" not in html and "Mutuelle refusée" not in html


def test_inventory_shows_the_latest_validated_year_by_default(client, senegal):
    mho = MHOFactory(country=senegal)
    YearlyRecordFactory(mho=mho, year=2021, members=401, beneficiaries=1001)
    YearlyRecordFactory(mho=mho, year=2022, members=402, beneficiaries=1002)
    YearlyRecordFactory(mho=mho, year=2023, members=403, state="submitted")
    YearlyRecordFactory(mho=mho, year=2024, members=404, state="draft")
    synthesis_rebuild()  # the years offered are those the synthesis covers

    response = client.get(LIST)
    html = response.content.decode()

    assert response.context["year"] == 2022
    assert [
        value
        for value, _label in response.context["filter"].form.fields["year"].choices
    ] == [2022, 2021]
    row = response.context["page"][0]
    assert (row.year_status_label, row.year_members, row.year_beneficiaries) == (
        "Functional",
        402,
        1002,
    )
    assert '<td class="num">402</td>' in html and ">1,002</td>" in html
    assert "1,001" not in html and "403" not in html and "404" not in html


def test_inventory_shows_the_figures_of_the_chosen_year(client, senegal):
    mho = MHOFactory(country=senegal)
    YearlyRecordFactory(mho=mho, year=2021, members=401, beneficiaries=1001)
    YearlyRecordFactory(mho=mho, year=2022, members=402, beneficiaries=1002)
    other = MHOFactory(country=senegal)
    YearlyRecordFactory(mho=other, year=2022)
    synthesis_rebuild()

    response = client.get(LIST, {"year": 2021})

    rows = {mho.code: mho for mho in response.context["page"]}
    assert rows[mho.code].year_members == 401
    assert rows[other.code].year_members is None  # listed, with no 2021 figures
    assert ">401</td>" in response.content.decode()


def test_status_filter_reads_the_record_of_the_chosen_year(client, senegal):
    recovering = MHOFactory(country=senegal)
    YearlyRecordFactory(mho=recovering, year=2021, status="difficulty")
    YearlyRecordFactory(mho=recovering, year=2022, status="functional")
    sinking = MHOFactory(country=senegal)
    YearlyRecordFactory(mho=sinking, year=2021, status="functional")
    YearlyRecordFactory(mho=sinking, year=2022, status="difficulty")
    hidden = MHOFactory(country=senegal)
    YearlyRecordFactory(mho=hidden, year=2022, status="difficulty", state="returned")
    synthesis_rebuild()

    in_2021 = client.get(LIST, {"year": 2021, "status": "difficulty"})
    in_2022 = client.get(LIST, {"year": 2022, "status": "difficulty"})

    assert codes(in_2021) == [recovering.code]
    assert codes(in_2022) == [sinking.code]


def test_inventory_filters_by_country_type_and_text(client, senegal, mali):
    thies = MHOFactory(
        country=senegal, name="Mutuelle de santé de Thiès", locality="Thiès"
    )
    teachers = MHOFactory(
        country=senegal,
        name="Mutuelle des enseignants",
        acronym="MUTEN",
        type="socio-professional",
        locality="Kaolack",
    )
    bamako = MHOFactory(country=mali, name="Mutuelle de Bamako", locality="Bamako")

    assert codes(client.get(LIST, {"country": "ML"})) == [bamako.code]
    assert codes(client.get(LIST, {"type": "socio-professional"})) == [teachers.code]
    assert codes(client.get(LIST, {"q": "muten"})) == [teachers.code]
    assert codes(client.get(LIST, {"q": "kaolack"})) == [teachers.code]
    assert codes(client.get(LIST, {"q": "thiès"})) == [thies.code]
    assert codes(client.get(LIST, {"q": bamako.code})) == [bamako.code]
    both = client.get(LIST, {"country": "SN", "type": "community"})
    assert codes(both) == [thies.code]


def test_country_choices_hold_only_countries_with_approved_mhos_in_order(client):
    burkina = CountryFactory(iso2="BF", name_fr="Burkina Faso", name_en="Burkina")
    benin = CountryFactory(iso2="BJ", name_fr="Bénin", name_en="Benin")
    togo = CountryFactory(iso2="TG", name_fr="Togo", name_en="Togo")
    CountryFactory(iso2="NE", name_fr="Niger", name_en="Niger")
    for country in (togo, burkina, benin):
        MHOFactory(country=country)
    MHOFactory(country=CountryFactory(iso2="GH"), approval="pending")

    response = client.get("/fr/inventory/")

    choices = response.context["filter"].form.fields["country"].choices
    assert [value for value, _label in choices] == ["", "BJ", "BF", "TG"]


def test_inventory_reports_an_unknown_year_and_keeps_the_default(client, senegal):
    YearlyRecordFactory(mho=MHOFactory(country=senegal), year=2022)
    synthesis_rebuild()

    response = client.get(LIST, {"year": "1800"})

    assert response.status_code == 400
    assert response.context["year"] == 2022
    assert "Select a valid choice" in response.content.decode()


def test_inventory_paginates_fifty_a_page_and_keeps_the_filters(client, senegal):
    MHOFactory.create_batch(55, country=senegal)

    first = client.get(LIST, {"country": "SN"})
    second = client.get(LIST, {"country": "SN", "page": 2})

    assert len(first.context["page"]) == 50
    assert re.search(r'href="\?country=SN&amp;page=2"', first.content.decode())
    assert len(second.context["page"]) == 5


def grow(country, n, organizations):
    for _ in range(n):
        mho = MHOFactory(
            country=country,
            network=organizations[0],
            support_organizations=organizations,
        )
        YearlyRecordFactory(mho=mho, year=2021)
        YearlyRecordFactory(mho=mho, year=2022)


def test_inventory_runs_a_fixed_number_of_queries(client, senegal, mali):
    organizations = OrganizationFactory.create_batch(2, countries=[senegal])
    grow(senegal, 3, organizations)
    few = count_queries(client, LIST)
    few_filtered = count_queries(client, LIST, {"status": "functional", "q": "Mut"})
    grow(mali, 27, organizations)
    many = count_queries(client, LIST)
    many_filtered = count_queries(client, LIST, {"status": "functional", "q": "Mut"})

    assert few == many <= 8
    assert few_filtered == many_filtered <= 8


def test_demo_notice_shows_when_a_listed_mho_is_demo_data(client, senegal):
    MHOFactory(country=senegal, name="Mutuelle réelle")
    MHOFactory(country=senegal, name="Mutuelle de démonstration", is_demo=True)

    with_demo = client.get(LIST).content.decode()
    without_demo = client.get(LIST, {"q": "réelle"}).content.decode()

    assert 'id="demo-notice"' in with_demo
    assert "not real figures" in with_demo
    assert 'id="demo-notice"' not in without_demo


# --- detail page ------------------------------------------------------------------


def test_mho_page_shows_identity_and_links_to_support_organizations(client, senegal):
    supporter = OrganizationFactory(name_en="Health Support", slug="health-support")
    union = OrganizationFactory(name_en="Union of Mutuals", slug="union", kind="union")
    mho = MHOFactory(
        country=senegal,
        name="Mutuelle de santé de Thiès",
        acronym="MUSAT",
        region="Thiès",
        locality="Thiès",
        area="rural",
        founded_year=2003,
        type="community",
        membership_basis="family",
        legal_status="recognized",
        registration_number="042/2004",
        network=union,
        support_organizations=[supporter],
    )

    response = client.get(f"/en/inventory/{mho.code}/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "<h1>Mutuelle de santé de Thiès (MUSAT)</h1>" in html
    for text in ("Senegal", "Rural", "2003", "Community-based", "Family"):
        assert text in html
    assert "Legally recognized (registration no. 042/2004)" in html
    assert '<a href="/en/organizations/health-support/">' in html
    assert '<a href="/en/organizations/union/">' in html
    assert "No validated figures yet." in html
    assert 'id="demo-notice"' not in html


def test_mho_page_shows_only_validated_records(client, senegal):
    mho = MHOFactory(country=senegal)
    YearlyRecordFactory(mho=mho, year=2020, members=111, beneficiaries=1111)
    YearlyRecordFactory(mho=mho, year=2021, members=222, state="draft")
    YearlyRecordFactory(mho=mho, year=2022, members=333, state="submitted")
    YearlyRecordFactory(mho=mho, year=2023, members=444, state="returned")

    response = client.get(f"/en/inventory/{mho.code}/")
    html = main_content(response)

    assert [row.record.year for row in response.context["rows"]] == [2020]
    assert ">111</td>" in html
    for hidden in ("222", "333", "444", "2021", "2022", "2023"):
        assert hidden not in html


def test_mho_page_shows_figures_and_indicators_per_year(client, senegal):
    mho = MHOFactory(country=senegal)
    YearlyRecordFactory(mho=mho, year=2021, members=400)
    YearlyRecordFactory(
        mho=mho,
        year=2022,
        members=440,
        beneficiaries=1320,
        target_population=5280,
        renewing_members=300,
        contributions_expected=2_000_000,
        contributions_collected=1_500_000,
        benefits_paid=1_000_000,
        operating_costs=225_000,
        currency="XOF",
        covers_primary_care=True,
        covers_delivery=True,
    )

    english = client.get(f"/en/inventory/{mho.code}/").content.decode()
    french = client.get(f"/fr/inventory/{mho.code}/").content.decode()

    assert "1,500,000&nbsp;XOF" in english
    assert "primary care, delivery" in english
    row_2022 = english[english.rindex('<th scope="row">2022</th>') :]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", row_2022)[:6]
    assert cells == [
        "10.0&nbsp;%",
        "75.0&nbsp;%",
        "25.0&nbsp;%",
        "75.0&nbsp;%",
        "66.7&nbsp;%",
        "15.0&nbsp;%",
    ]
    assert "10,0&nbsp;%" in french and "66,7&nbsp;%" in french


@pytest.mark.parametrize("approval", ["pending", "rejected"])
def test_mho_page_is_not_found_unless_approved(client, senegal, approval):
    mho = MHOFactory(country=senegal, approval=approval)
    YearlyRecordFactory(mho=mho, year=2022)

    assert client.get(f"/en/inventory/{mho.code}/").status_code == 404


def test_unknown_mho_is_not_found(client, db):
    assert client.get("/en/inventory/SN-9999/").status_code == 404
    assert client.get("/en/inventory/not-a-code/").status_code == 404


def test_mho_page_runs_a_fixed_number_of_queries(client, senegal):
    organizations = OrganizationFactory.create_batch(3, countries=[senegal])

    def mho_with_records(count):
        mho = MHOFactory(
            country=senegal,
            network=organizations[0],
            support_organizations=organizations,
        )
        for year in range(2025 - count, 2025):
            YearlyRecordFactory(mho=mho, year=year)
        return mho

    few = count_queries(client, mho_with_records(2).get_absolute_url())
    many = count_queries(client, mho_with_records(15).get_absolute_url())

    assert few == many <= 8


def test_mho_page_of_demo_data_says_so(client, senegal):
    mho = MHOFactory(country=senegal, is_demo=True)
    YearlyRecordFactory(mho=mho, year=2022)

    html = client.get(f"/en/inventory/{mho.code}/").content.decode()

    assert 'id="demo-notice"' in html
    assert "generated automatically for testing" in html
