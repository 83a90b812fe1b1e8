import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "Mutuelle-de-sante-2026"


def register(client, email="awa.diop@example.sn", language="fr"):
    return client.post(
        f"/{language}/account/register/",
        {
            "email": email,
            "full_name": "Awa Diop",
            "language": language,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )


def link_in(message):
    return re.search(r"https?://\S+", message.body).group(0)


def test_registration_creates_an_inactive_account_and_mails_a_french_link(client):
    response = register(client)

    user = User.objects.get(email="awa.diop@example.sn")
    assert response.status_code == 200
    assert not user.is_active and not user.email_verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["awa.diop@example.sn"]
    assert "/fr/account/verify/" in link_in(mail.outbox[0])
    assert "Confirmez" in mail.outbox[0].subject or "confirm" in mail.outbox[0].subject


def test_confirmation_link_activates_the_account_and_login_works(client):
    register(client, email="Awa.Diop@Example.sn")
    verify_url = link_in(mail.outbox[0])

    verified = client.get(verify_url)
    login = client.post(
        "/fr/account/login/", {"username": "awa.diop@example.sn", "password": PASSWORD}
    )

    assert verified.status_code == 302 and verified["Location"] == "/fr/account/login/"
    assert User.objects.get().is_active
    assert login.status_code == 302 and login["Location"] == "/fr/account/"
    assert client.get("/fr/account/").context["user"].email == "awa.diop@example.sn"


def test_tampered_confirmation_link_is_refused(client):
    register(client)
    verify_url = link_in(mail.outbox[0])

    response = client.get(verify_url[:-3] + "abc/")

    assert response.status_code == 400
    assert not User.objects.get().is_active


def test_unconfirmed_account_is_told_to_confirm_before_logging_in(client):
    register(client, language="en")

    response = client.post(
        "/en/account/login/", {"username": "awa.diop@example.sn", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert "confirm your e-mail address first" in response.content.decode()


def test_registering_a_known_address_creates_nothing_and_warns_its_owner(client):
    UserFactory(email="awa.diop@example.sn", language="en")

    response = register(client)

    assert response.status_code == 200
    assert User.objects.count() == 1
    assert len(mail.outbox) == 1
    assert "already have an account" in mail.outbox[0].subject


def test_registration_refuses_mismatched_passwords_in_french(client):
    response = client.post(
        "/fr/account/register/",
        {
            "email": "x@example.org",
            "language": "fr",
            "password1": PASSWORD,
            "password2": PASSWORD + "x",
        },
    )

    assert response.status_code == 400
    assert "Les deux mots de passe" in response.content.decode()
    assert not User.objects.exists()


def test_wrong_password_is_refused_with_a_message(client):
    UserFactory(email="focal@example.org")

    response = client.post(
        "/en/account/login/", {"username": "focal@example.org", "password": "nope"}
    )

    assert response.status_code == 200
    assert "Wrong e-mail address or password." in response.content.decode()


def test_repeated_failures_lock_the_account_out(client):
    UserFactory(email="focal@example.org")
    for _ in range(5):
        client.post(
            "/en/account/login/", {"username": "focal@example.org", "password": "nope"}
        )

    response = client.post(
        "/en/account/login/",
        {"username": "focal@example.org", "password": "correct horse 42"},
    )

    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()


def test_password_reset_mails_a_link_that_sets_a_new_password(client):
    UserFactory(email="focal@example.org", language="en")

    client.post("/en/account/password-reset/", {"email": "focal@example.org"})
    reset_url = link_in(mail.outbox[0])
    form_url = client.get(reset_url)["Location"]
    done = client.post(
        form_url,
        {"new_password1": "Tontine-2027-ok", "new_password2": "Tontine-2027-ok"},
    )

    assert done.status_code == 302
    assert User.objects.get().check_password("Tontine-2027-ok")


def test_logout_ends_the_session(client):
    client.force_login(UserFactory())

    client.post("/fr/account/logout/")

    response = client.get("/fr/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/account/login/")


def test_profile_changes_the_preferred_language(client):
    user = UserFactory(language="fr")
    client.force_login(user)

    response = client.post("/fr/account/", {"full_name": "Awa Diop", "language": "en"})

    user.refresh_from_db()
    assert response.status_code == 302
    assert user.language == "en" and user.full_name == "Awa Diop"


def test_forms_are_protected_against_cross_site_requests(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)

    response = client.post("/fr/account/register/", {"email": "x@example.org"})

    assert response.status_code == 403
