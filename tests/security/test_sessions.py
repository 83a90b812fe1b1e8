"""Sessions end for real: a cookie saved before a logout or a password change
opens nothing afterwards."""

import re
from importlib import import_module

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse 42"
NEW_PASSWORD = "Tontine-de-Fandene-2027"
LOGIN_REQUIRED_PAGES = ["/fr/account/", "/fr/my/"]


def logged_in_client(email, password=PASSWORD):
    client = Client()
    response = client.post(
        "/fr/account/login/", {"username": email, "password": password}
    )
    assert response.status_code == 302, response.content
    return client


def replay(cookie_value):
    """A fresh browser that only has the saved session cookie."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie_value
    return client


def lands_on_login(client, path):
    response = client.get(path)
    return response.status_code == 302 and response["Location"].startswith(
        "/fr/account/login/"
    )


def session_exists(key):
    engine = import_module(settings.SESSION_ENGINE)
    return engine.SessionStore().exists(key)


@pytest.fixture
def awa(db):
    return UserFactory(email="awa.diop@example.sn")


def test_the_session_cookie_is_out_of_reach_of_scripts_and_other_sites(awa):
    client = logged_in_client(awa.email)

    cookie = client.cookies[settings.SESSION_COOKIE_NAME]

    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_a_cookie_replayed_after_logout_lands_on_the_login_page(awa):
    client = logged_in_client(awa.email)
    saved = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get("/fr/account/").status_code == 200

    logout = client.post("/fr/account/logout/")

    assert logout.status_code == 302
    assert not session_exists(saved)
    for path in LOGIN_REQUIRED_PAGES:
        assert lands_on_login(replay(saved), path), path


def test_logout_is_refused_over_get_so_a_link_cannot_log_someone_out(awa):
    client = logged_in_client(awa.email)

    response = client.get("/fr/account/logout/")

    assert response.status_code == 405
    assert client.get("/fr/account/").status_code == 200


def test_a_session_key_planted_before_login_is_not_the_one_logged_in(awa):
    engine = import_module(settings.SESSION_ENGINE)
    planted = engine.SessionStore()
    planted["language_hint"] = "fr"
    planted.save()
    client = replay(planted.session_key)

    client.post("/fr/account/login/", {"username": awa.email, "password": PASSWORD})

    assert client.cookies[settings.SESSION_COOKIE_NAME].value != planted.session_key
    assert client.get("/fr/account/").status_code == 200
    assert lands_on_login(replay(planted.session_key), "/fr/account/")


def test_a_password_reset_ends_the_other_sessions_of_the_user(awa):
    elsewhere = logged_in_client(awa.email)
    saved = elsewhere.cookies[settings.SESSION_COOKIE_NAME].value
    resetting = Client()

    resetting.post("/fr/account/password-reset/", {"email": awa.email})
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    form_url = resetting.get(link)["Location"]
    done = resetting.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert done.status_code == 302
    for path in LOGIN_REQUIRED_PAGES:
        assert lands_on_login(replay(saved), path), path
    assert lands_on_login(elsewhere, "/fr/account/")
    assert (
        logged_in_client(awa.email, NEW_PASSWORD).get("/fr/account/").status_code == 200
    )


def test_a_password_change_ends_the_other_sessions_but_keeps_the_current_one():
    staff = UserFactory(email="secretariat@example.sn", is_staff=True)
    laptop = logged_in_client(staff.email)
    phone = logged_in_client(staff.email)
    saved = phone.cookies[settings.SESSION_COOKIE_NAME].value

    changed = laptop.post(
        "/fr/admin/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert changed.status_code == 302
    assert laptop.get("/fr/account/").status_code == 200
    assert lands_on_login(phone, "/fr/account/")
    assert lands_on_login(replay(saved), "/fr/account/")


def test_a_password_set_by_the_secretariat_ends_the_users_sessions(awa):
    staff = UserFactory(
        email="secretariat@example.sn", is_staff=True, is_superuser=True
    )
    secretariat = logged_in_client(staff.email)
    user_browser = logged_in_client(awa.email)

    changed = secretariat.post(
        f"/fr/admin/concertation/user/{awa.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert changed.status_code == 302
    assert lands_on_login(user_browser, "/fr/account/")
    assert secretariat.get("/fr/account/").status_code == 200
