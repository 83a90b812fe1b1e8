"""Bad input gets a clear answer, never a server error.

Each input below once ended in a 500 on SQLite (or on PostgreSQL), or was
stored whatever its size. It is posted through the real pages, as a browser
would, and must be refused with a 4xx and a message that says what is wrong;
nothing may be written. The same tests run on SQLite and PostgreSQL.
"""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import get_resolver
from django.urls.converters import IntConverter

from inventory.models import MHOManagement, MutualHealthOrganization, YearlyRecord
from newsletter.models import Subscription
from organizations.models import Country, Organization
from resources.models import Resource
from tests.factories import OrganizationFactory, UserFactory
from tests.inventory.conftest import CAMPAIGN_YEAR, make_country, make_mho, make_record

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # past 64 bits: SQLite's driver overflows
VERY_LONG = "a" * 100_000
User = get_user_model()


def text_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def senegal(db):
    return make_country("SN", "Sénégal")


@pytest.fixture
def member(client, senegal):
    user = UserFactory(email="awa.diop@example.sn")
    client.force_login(user)
    return user


def test_a_100000_character_login_address_is_refused_with_its_limit(client, db):
    response = client.post(
        "/en/account/login/", {"username": VERY_LONG, "password": "whatever"}
    )

    assert response.status_code == 400
    assert (
        "An e-mail address has at most 254 characters (this one has 100000)."
        in text_of(response)
    )
    assert 'maxlength="254"' in text_of(response)


def test_the_login_address_limit_is_explained_in_french(client, db):
    response = client.post(
        "/fr/account/login/", {"username": VERY_LONG, "password": "whatever"}
    )

    assert response.status_code == 400
    assert "Une adresse électronique a au plus 254 caractères" in text_of(response)


@pytest.mark.parametrize("page", ["register", "newsletter"])
def test_an_address_longer_than_the_accounts_hold_is_refused(client, db, page):
    address = "a" * 250 + "@example.org"  # 262 characters: valid, but too long
    if page == "register":
        url, data = "/en/account/register/", {"language": "en"}
        data |= {"password1": "Mutuelle-2026", "password2": "Mutuelle-2026"}
    else:
        url, data = "/en/newsletter/subscribe/", {"language": "en"}

    response = client.post(url, {"email": address, **data})

    assert response.status_code == 400
    assert "at most 254 characters (it has 262)" in text_of(response)
    assert not User.objects.exists() and not Subscription.objects.exists()
    assert mail.outbox == []


def test_an_out_of_range_support_organization_is_an_invalid_choice(
    client, member, senegal
):
    OrganizationFactory(slug="aim")
    response = client.post(
        "/en/my/register/",
        {
            "name": "Mutuelle de santé de Mbour",
            "country": senegal.pk,
            "area": "urban",
            "type": "community",
            "membership_basis": "family",
            "legal_status": "pending",
            "founded_year": "2010",
            "support_organizations": [HUGE],
        },
    )

    assert response.status_code == 400
    assert f"Select a valid choice. {HUGE} is not one of the available choices." in (
        text_of(response)
    )
    assert not MutualHealthOrganization.objects.exists()


def test_an_out_of_range_country_of_a_new_mutual_is_an_invalid_choice(client, member):
    response = client.post(
        "/fr/my/register/", {"name": "Mutuelle", "country": HUGE, "type": "community"}
    )

    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in text_of(response)
    assert not MutualHealthOrganization.objects.exists()


def test_an_out_of_range_country_of_a_proposed_resource_is_an_invalid_choice(
    client, member
):
    response = client.post(
        "/en/resources/propose/",
        {
            "title": "Guide de gestion",
            "type": "guide",
            "language": "fr",
            "link": "https://example.org/guide",
            "countries": [HUGE],
        },
    )

    assert response.status_code == 400
    assert f"Select a valid choice. {HUGE} is not one of the available choices." in (
        text_of(response)
    )
    assert not Resource.objects.exists()


def test_an_out_of_range_organization_of_a_delegation_is_an_invalid_choice(
    client, member
):
    response = client.post("/en/my/delegation/", {"organization": HUGE})

    assert response.status_code == 400
    assert "Select a valid choice" in text_of(response)


def test_out_of_range_ids_match_no_row_in_any_in_lookup(senegal):
    assert list(Country.objects.filter(pk__in=[int(HUGE), senegal.pk])) == [senegal]
    assert not Country.objects.filter(pk__in=[int(HUGE), -int(HUGE)]).exists()
    assert not Organization.objects.filter(pk__in=[2**63]).exists()


def test_a_request_message_past_its_limit_is_refused(client, member, senegal):
    make_mho("SN-0001", senegal)

    response = client.post(
        "/en/my/request/", {"code": "SN-0001", "message": "x" * 2001}
    )

    assert response.status_code == 400
    assert "at most 2000 characters (it has 2001)" in text_of(response)
    assert 'maxlength="2000"' in text_of(response)
    assert not MHOManagement.objects.exists()


def test_a_review_comment_past_its_limit_is_refused(client, senegal):
    from organizations.models import FocalPoint

    focal = UserFactory(email="focal@example.sn")
    FocalPoint.objects.create(country=senegal, contact_person="PF").reviewers.add(focal)
    record = make_record(make_mho("SN-0001", senegal), CAMPAIGN_YEAR, "submitted")
    client.force_login(focal)

    response = client.post(
        f"/en/review/records/{record.pk}/",
        {"version": record.version, "comment": VERY_LONG, "return": "1"},
    )

    assert response.status_code == 400
    assert "at most 2000 characters (it has 100000)" in text_of(response)
    record.refresh_from_db()
    assert record.state == YearlyRecord.State.SUBMITTED
    assert record.review_comment == ""


def test_a_resource_description_past_its_limit_is_refused(client, member):
    response = client.post(
        "/en/resources/propose/",
        {
            "title": "Guide",
            "type": "guide",
            "language": "fr",
            "link": "https://example.org/guide",
            "description_fr": VERY_LONG,
        },
    )

    assert response.status_code == 400
    assert "at most 5000 characters (it has 100000)" in text_of(response)
    assert not Resource.objects.exists()


def test_an_event_description_past_its_limit_is_refused(client, member):
    from forum.models import Event

    response = client.post(
        "/en/events/propose/",
        {
            "text_language": "fr",
            "title": "Atelier",
            "kind": "workshop",
            "starts_on": date(2027, 3, 1),
            "ends_on": date(2027, 3, 2),
            "description": VERY_LONG,
        },
    )

    assert response.status_code == 400
    assert "at most 5000 characters (it has 100000)" in text_of(response)
    assert not Event.objects.exists()


def test_the_models_refuse_overlong_text_on_every_write_path(senegal):
    from django.core.exceptions import ValidationError

    request = MHOManagement(
        user=UserFactory(), mho=make_mho("SN-0001", senegal), message="x" * 2001
    )
    with pytest.raises(ValidationError) as refused:
        request.full_clean()
    assert "message" in refused.value.message_dict


@pytest.mark.parametrize(
    "url", ["/en/inventory/", "/en/organizations/", "/en/resources/"]
)
def test_a_search_past_100_characters_is_refused_with_its_limit(client, db, url):
    response = client.get(url, {"q": "a" * 60_000})

    assert response.status_code == 400
    assert "at most 100 characters (it has 60000)" in text_of(response)


def _int_routes():
    """Every address of the site with a whole number in it, as a path."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern.pattern.converters

    fill = {"code": "SN-0001", "language": "fr"}
    for route, converters in walk(get_resolver().url_patterns):
        if any(isinstance(c, IntConverter) for c in converters.values()):
            path = route
            for name, converter in converters.items():
                value = HUGE if isinstance(converter, IntConverter) else fill[name]
                path = path.replace(f"<{converter_name(converter)}:{name}>", value)
            yield "/" + path


def converter_name(converter) -> str:
    return {"IntConverter": "int", "StringConverter": "str"}[type(converter).__name__]


def answer(client, route) -> int:
    status = client.get(route).status_code
    return client.post(route).status_code if status == 405 else status


def test_every_address_with_a_huge_number_answers_not_found(client, senegal):
    make_mho("SN-0001", senegal)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    routes = sorted(set(_int_routes()))
    assert len(routes) >= 8

    answers = {route: answer(client, route) for route in routes}

    assert {route: s for route, s in answers.items() if s not in (403, 404)} == {}


@pytest.fixture
def secretariat(client, senegal):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/en/admin/inventory/mutualhealthorganization/",
        "/en/admin/concertation/user/",
        "/en/admin/axes/accessattempt/",
    ],
)
def test_an_admin_search_past_200_characters_is_refused_with_its_limit(
    secretariat, url
):
    response = secretariat.get(url, {"q": "a" * 60_000}, follow=True)

    assert response.redirect_chain == [(f"{url}?", 302)]
    assert "A search holds at most 200 characters." in text_of(response)


def test_an_admin_autocomplete_past_200_characters_is_refused(secretariat):
    response = secretariat.get(
        "/en/admin/autocomplete/",
        {
            "app_label": "inventory",
            "model_name": "mutualhealthorganization",
            "field_name": "country",
            "term": "a" * 60_000,
        },
    )

    assert response.status_code == 400


def test_admin_forms_filters_and_actions_take_out_of_range_ids(secretariat, senegal):
    mho = make_mho("SN-0001", senegal)
    url = f"/en/admin/inventory/mutualhealthorganization/{mho.pk}/change/"
    form = secretariat.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }

    changed = secretariat.post(url, {**data, "support_organizations": [HUGE]})
    listed = secretariat.get(
        "/en/admin/inventory/mutualhealthorganization/", {"id__in": HUGE}
    )
    acted = secretariat.post(
        "/en/admin/inventory/mutualhealthorganization/",
        {"action": "delete_selected", "_selected_action": [HUGE]},
    )

    assert changed.status_code == 200
    assert f"Select a valid choice. {HUGE} is not one of the available choices." in (
        text_of(changed)
    )
    assert listed.status_code == 200 and acted.status_code in (200, 302)
    assert MutualHealthOrganization.objects.filter(pk=mho.pk).exists()
