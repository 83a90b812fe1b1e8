"""The demonstration accounts of `seed_demo --with-accounts` (their password is
in the README) on a production site: refused at every login, their sessions
ended, and listed by `check --deploy`. On a development site they work."""

from io import StringIO

import pytest
from django.core.checks import run_checks
from django.core.management import call_command

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "demo-concertation"
MANAGER = "manager@demo.concertation.local"
FOCAL = "focal@demo.concertation.local"
SECRETARIAT = "secretariat@demo.concertation.local"
REFUSED_FR = "Les comptes de démonstration ne peuvent pas se connecter à ce site"
REFUSED_EN = "Demonstration accounts cannot log in to this site"


@pytest.fixture
def demo_accounts(network, settings, tmp_path):
    """As `make run` creates them, on a development site (the data files the
    demo data asks for are built in a temporary folder)."""
    settings.MEDIA_ROOT = tmp_path
    call_command(
        "seed_demo",
        "--mhos",
        "5",
        "--years",
        "2",
        "--with-accounts",
        "--password",
        PASSWORD,
        stdout=StringIO(),
    )


def log_in(client, email, path="/fr/account/login/"):
    return client.post(path, {"username": email, "password": PASSWORD})


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def deploy_warnings():
    return [
        message
        for message in run_checks(include_deployment_checks=True)
        if message.id == "concertation.W001"
    ]


def test_demo_accounts_log_in_on_a_development_site(client, demo_accounts):
    response = log_in(client, MANAGER)

    # The demonstration manager lands on their mutuals, as managers do.
    assert response.status_code == 302 and response["Location"] == "/fr/my/"
    assert logged_in(client)


@pytest.mark.parametrize(
    "email", [MANAGER, FOCAL, SECRETARIAT, " Secretariat@Demo.Concertation.LOCAL"]
)
def test_production_refuses_each_demo_account_at_login_and_says_why(
    client, demo_accounts, settings, email
):
    settings.PRODUCTION = True

    response = log_in(client, email)

    assert response.status_code == 200
    assert REFUSED_FR in response.content.decode()
    assert not logged_in(client)


def test_production_refuses_the_demo_secretariat_in_the_administration(
    client, demo_accounts, settings
):
    settings.PRODUCTION = True

    response = log_in(client, SECRETARIAT, "/en/admin/login/?next=/en/admin/")

    assert response.status_code == 200
    assert REFUSED_EN in response.content.decode()
    assert not logged_in(client)
    assert client.get("/en/admin/").status_code == 302  # to the admin login


def test_production_ends_a_demo_session_opened_before(client, demo_accounts, settings):
    client.post("/fr/account/login/", {"username": SECRETARIAT, "password": PASSWORD})
    assert client.get("/fr/admin/").status_code == 200

    settings.PRODUCTION = True

    account = client.get("/fr/account/")
    assert account.status_code == 302
    assert account["Location"].startswith("/fr/account/login/")
    admin = client.get("/fr/admin/")
    assert admin.status_code == 302
    assert admin["Location"].startswith("/fr/admin/login/")


def test_production_lets_other_accounts_log_in(client, demo_accounts, settings):
    settings.PRODUCTION = True
    UserFactory(email="awa@example.sn", password=PASSWORD)

    response = log_in(client, "awa@example.sn")

    assert response.status_code == 302 and logged_in(client)


def test_production_refuses_to_create_demo_accounts(network, settings):
    settings.PRODUCTION = True

    with pytest.raises(Exception, match="refused in production"):
        call_command("seed_demo", "--mhos", "5", "--with-accounts", "--password", "x")


def test_deploy_check_lists_the_demo_accounts_in_the_database(db, demo_accounts):
    (warning,) = deploy_warnings()

    assert "3 demonstration account(s)" in warning.msg
    for email in (MANAGER, FOCAL, SECRETARIAT):
        assert email in warning.msg
    assert "demo.concertation.local" in warning.hint


def test_deploy_check_says_nothing_without_demo_accounts(db):
    UserFactory(email="awa@example.sn")

    assert deploy_warnings() == []
