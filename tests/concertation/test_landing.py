"""Where people land after logging in, and the portal's own 403 page."""

import pytest

from inventory.models import MHOManagement
from tests.factories import UserFactory, secretariat_member
from tests.inventory.conftest import make_country, make_mho

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse 42"


def log_in(client, email, **query):
    return client.post(
        "/fr/account/login/", {"username": email, "password": PASSWORD, **query}
    )


def test_a_manager_lands_on_my_mutuals(client):
    mho = make_mho("SN-0001", make_country("SN", "Sénégal"))
    manager = UserFactory(email="gerant@example.sn")
    MHOManagement.objects.create(user=manager, mho=mho, status="approved")

    response = log_in(client, manager.email)

    assert response.status_code == 302
    assert response["Location"] == "/fr/my/"


def test_a_manager_still_goes_where_the_login_link_said(client):
    mho = make_mho("SN-0001", make_country("SN", "Sénégal"))
    manager = UserFactory(email="gerant@example.sn")
    MHOManagement.objects.create(user=manager, mho=mho, status="approved")

    response = log_in(client, manager.email, next="/fr/inventory/")

    assert response["Location"] == "/fr/inventory/"


def test_others_land_where_they_did(client):
    mho = make_mho("SN-0001", make_country("SN", "Sénégal"))
    waiting = UserFactory(email="demande@example.sn")
    MHOManagement.objects.create(user=waiting, mho=mho)  # not approved yet
    secretariat = secretariat_member(email="secretariat@example.sn")

    assert log_in(client, waiting.email)["Location"] == "/fr/account/"
    client.logout()
    assert log_in(client, secretariat.email)["Location"] == "/fr/admin/"


@pytest.mark.parametrize(
    ("language", "title", "back"),
    [
        ("fr", "Accès refusé", "Retour à la page précédente"),
        ("en", "Access refused", "Back to the previous page"),
    ],
)
def test_the_403_page_is_the_portals_own_with_a_way_back(client, language, title, back):
    client.force_login(UserFactory())

    response = client.get(
        f"/{language}/review/", HTTP_REFERER=f"http://testserver/{language}/my/"
    )

    html = response.content.decode()
    assert response.status_code == 403
    assert f"<h1>{title}</h1>" in html
    assert f'<a href="http://testserver/{language}/my/">{back}</a>' in html
    assert 'class="site-header"' in html  # the portal's page, not Django's


def test_the_403_page_does_not_link_back_to_another_site(client):
    client.force_login(UserFactory())

    response = client.get("/en/review/", HTTP_REFERER="https://evil.example/")

    html = response.content.decode()
    assert response.status_code == 403
    assert "evil.example" not in html
    assert 'href="/en/"' in html  # home page, always
