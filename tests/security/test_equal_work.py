"""Registration and login do the same work whatever the account, so the time
of the answer does not tell who is registered or unconfirmed; and the login
throttle counts failures, not unconfirmed owners, and lets a password reset
end a lockout.

The work is counted, not timed: passwords hashed (the cost that dominates,
by design) and mails sent. Everything goes through the real pages, the real
login backend and django-axes with its database handler.
"""

import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.test import Client

from concertation.services import email_verification_token_make
from tests.factories import UserFactory

from .hashers import CountingHasher

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse 42"  # UserFactory's
NEW_PASSWORD = "Mutuelle-de-sante-2027"
UNCONFIRMED_MESSAGE = "Please confirm your e-mail address first"


@pytest.fixture(autouse=True)
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = ["tests.security.hashers.CountingHasher"]
    CountingHasher.calls = 0


def hashes_for(action) -> int:
    CountingHasher.calls = 0
    action()
    return CountingHasher.calls


def log_in(client, email, password):
    return client.post("/en/account/login/", {"username": email, "password": password})


def register(client, email):
    return client.post(
        "/en/account/register/",
        {
            "email": email,
            "full_name": "Awa Diop",
            "language": "en",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )


@pytest.fixture
def active(db):
    return UserFactory(email="awa.diop@example.sn")


@pytest.fixture
def unconfirmed(db):
    return UserFactory(
        email="moussa.ba@example.sn", is_active=False, email_verified=False
    )


def test_registering_a_known_address_does_the_work_of_a_new_one(client, active):
    def new():
        assert register(client, "fatou.sow@example.sn").status_code == 200

    def known():
        assert register(client, active.email.upper()).status_code == 200

    work = {}
    for name, action in [("new", new), ("known", known)]:
        mail.outbox.clear()
        work[name] = (hashes_for(action), len(mail.outbox))

    assert work == {"new": (1, 1), "known": (1, 1)}


def test_every_login_attempt_checks_one_password(client, active, unconfirmed):
    attempts = {
        "unknown address": ("nobody@example.sn", PASSWORD),
        "wrong password": (active.email, "wrong password"),
        "right password": (active.email, PASSWORD),
        "unconfirmed, wrong password": (unconfirmed.email, "wrong password"),
        "unconfirmed, right password": (unconfirmed.email, PASSWORD),
    }

    # A new browser for each: a logged-in one is sent on without a check.
    work = {
        name: hashes_for(lambda e=email, p=password: log_in(Client(), e, p))
        for name, (email, password) in attempts.items()
    }

    assert work == dict.fromkeys(attempts, 1)


def test_an_unconfirmed_owner_is_told_to_confirm_and_never_locked_out(
    client, unconfirmed
):
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 2):
        response = log_in(client, unconfirmed.email, PASSWORD)
        assert response.status_code == 200
        assert UNCONFIRMED_MESSAGE in response.content.decode()
        assert "_auth_user_id" not in client.session

    assert not AccessAttempt.objects.exists()
    client.get(f"/en/account/verify/{email_verification_token_make(user=unconfirmed)}/")
    assert log_in(client, unconfirmed.email, PASSWORD).status_code == 302


def test_wrong_passwords_on_an_unconfirmed_account_still_lock_it(client, unconfirmed):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = log_in(client, unconfirmed.email, "wrong password")
        assert UNCONFIRMED_MESSAGE not in response.content.decode()

    assert log_in(client, unconfirmed.email, PASSWORD).status_code == 429


def test_a_blocked_account_is_refused_like_a_wrong_password(client, active):
    active.is_active = False
    active.save()

    response = log_in(client, active.email, PASSWORD)

    assert response.status_code == 200
    assert "Wrong e-mail address or password." in response.content.decode()
    assert "_auth_user_id" not in client.session


def reset_password(client, email):
    """The whole reset, as its owner does it: ask, open the mail, choose."""
    mail.outbox.clear()
    client.post("/en/account/password-reset/", {"email": email})
    link = re.search(r"https?://testserver(\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302, response.content.decode()


def test_a_password_reset_lifts_the_lockout_of_its_account(client, active):
    other = UserFactory(email="other@example.sn")
    for user in (active, other):
        for _attempt in range(settings.AXES_FAILURE_LIMIT):
            log_in(client, user.email, "wrong password")
    assert log_in(client, active.email, PASSWORD).status_code == 429

    reset_password(client, active.email)

    assert log_in(client, other.email, PASSWORD).status_code == 429
    assert log_in(client, active.email, NEW_PASSWORD).status_code == 302
