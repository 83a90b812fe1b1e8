"""Login throttling (django-axes): failures count per account and client address.

Requests go through the whole stack (middleware, login view, axes backend and
its database handler); the client address is what the test client sends as
REMOTE_ADDR and X-Forwarded-For, as a socket and a proxy would.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from tests.concertation.test_settings import manage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse 42"
CLIENT_A = "203.0.113.10"
CLIENT_B = "198.51.100.20"
PROXY = "127.0.0.1"


def log_in(client, email, password=PASSWORD, language="fr", **meta):
    return client.post(
        f"/{language}/account/login/",
        {"username": email, "password": password},
        **meta,
    )


def fail(client, email, times=None, **meta):
    for _ in range(times or settings.AXES_FAILURE_LIMIT):
        response = log_in(client, email, password="wrong password", **meta)
        assert response.status_code in (200, 429)


def is_logged_in(response):
    return response.status_code == 302 and response["Location"] == "/fr/account/"


@pytest.fixture
def awa(db):
    return UserFactory(email="awa.diop@example.sn", language="fr")


@pytest.fixture
def moussa(db):
    return UserFactory(email="moussa.ba@example.sn", language="en")


def test_failure_limit_is_taken_from_the_environment_default():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_failures_below_the_limit_still_let_the_right_password_in(client, awa):
    fail(client, awa.email, times=settings.AXES_FAILURE_LIMIT - 1, REMOTE_ADDR=CLIENT_A)

    assert is_logged_in(log_in(client, awa.email, REMOTE_ADDR=CLIENT_A))


def test_the_limit_locks_the_account_for_that_address_in_french(client, awa):
    fail(client, awa.email, REMOTE_ADDR=CLIENT_A)

    response = log_in(client, awa.email, REMOTE_ADDR=CLIENT_A)

    assert response.status_code == 429
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "Trop de tentatives infructueuses" in page
    assert "_auth_user_id" not in client.session
    assert client.get("/fr/account/").status_code == 302


def test_the_locked_out_page_speaks_the_language_of_the_login_page(client, moussa):
    fail(client, moussa.email, REMOTE_ADDR=CLIENT_A)

    response = log_in(client, moussa.email, language="en", REMOTE_ADDR=CLIENT_A)

    assert response.status_code == 429
    assert '<html lang="en">' in response.content.decode()
    assert "Too many failed attempts" in response.content.decode()


def test_a_lockout_leaves_other_accounts_from_the_same_address_alone(
    client, awa, moussa
):
    fail(client, awa.email, REMOTE_ADDR=CLIENT_A)

    assert is_logged_in(log_in(client, moussa.email, REMOTE_ADDR=CLIENT_A))


def test_a_lockout_leaves_the_same_account_from_another_address_alone(client, awa):
    fail(client, awa.email, REMOTE_ADDR=CLIENT_A)

    assert log_in(client, awa.email, REMOTE_ADDR=CLIENT_A).status_code == 429
    assert is_logged_in(log_in(client, awa.email, REMOTE_ADDR=CLIENT_B))


def test_a_successful_login_resets_the_failure_count(client, awa):
    below = settings.AXES_FAILURE_LIMIT - 1
    fail(client, awa.email, times=below, REMOTE_ADDR=CLIENT_A)
    assert is_logged_in(log_in(client, awa.email, REMOTE_ADDR=CLIENT_A))
    client.post("/fr/account/logout/", REMOTE_ADDR=CLIENT_A)

    fail(client, awa.email, times=below, REMOTE_ADDR=CLIENT_A)

    assert is_logged_in(log_in(client, awa.email, REMOTE_ADDR=CLIENT_A))


def test_changing_the_case_of_the_address_does_not_buy_more_attempts(client, awa):
    variants = ["Awa.Diop@example.sn", "AWA.DIOP@EXAMPLE.SN", "awa.diop@Example.SN"]
    for index in range(settings.AXES_FAILURE_LIMIT):
        fail(client, variants[index % len(variants)], times=1, REMOTE_ADDR=CLIENT_A)

    response = log_in(client, "awa.diop@example.sn", REMOTE_ADDR=CLIENT_A)

    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {
        "awa.diop@example.sn"
    }


def test_the_admin_login_page_shares_the_lockout(client):
    staff = UserFactory(email="secretariat@example.sn", is_staff=True)
    fail(client, staff.email, REMOTE_ADDR=CLIENT_A)

    response = client.post(
        "/fr/admin/login/",
        {"username": staff.email, "password": PASSWORD},
        REMOTE_ADDR=CLIENT_A,
    )

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_ends_after_the_cool_off_time(client, awa):
    fail(client, awa.email, REMOTE_ADDR=CLIENT_A)
    assert log_in(client, awa.email, REMOTE_ADDR=CLIENT_A).status_code == 429

    cool_off = timedelta(hours=settings.AXES_COOLOFF_TIME)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - cool_off - timedelta(minutes=1)
    )

    assert is_logged_in(log_in(client, awa.email, REMOTE_ADDR=CLIENT_A))


def test_axes_reset_unlocks_an_account_at_once(client, awa, capsys):
    fail(client, awa.email, REMOTE_ADDR=CLIENT_A)

    call_command("axes_reset_ip_username", CLIENT_A, awa.email)

    assert "attempts removed" in capsys.readouterr().out
    assert is_logged_in(log_in(client, awa.email, REMOTE_ADDR=CLIENT_A))


# --- Client address ------------------------------------------------------------


def test_without_a_proxy_a_forged_forwarded_header_does_not_escape(client, awa):
    assert settings.LOGIN_NUM_PROXIES == 0
    for index in range(settings.AXES_FAILURE_LIMIT):
        fail(
            client,
            awa.email,
            times=1,
            REMOTE_ADDR=CLIENT_A,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{index + 1}",
        )

    response = log_in(
        client, awa.email, REMOTE_ADDR=CLIENT_A, HTTP_X_FORWARDED_FOR="192.0.2.99"
    )

    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT_A}


def test_behind_one_proxy_the_client_address_comes_from_the_forwarded_header(
    client, awa, settings
):
    settings.LOGIN_NUM_PROXIES = 1
    fail(client, awa.email, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT_A)

    locked = log_in(client, awa.email, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT_A)
    other_client = log_in(
        client, awa.email, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT_B
    )

    assert locked.status_code == 429
    assert is_logged_in(other_client)
    assert AccessAttempt.objects.get().ip_address == CLIENT_A


def test_behind_one_proxy_a_forged_entry_before_the_real_one_does_not_escape(
    client, awa, settings
):
    settings.LOGIN_NUM_PROXIES = 1
    # nginx appends the address it saw: what the client wrote stays on the left.
    for index in range(settings.AXES_FAILURE_LIMIT):
        fail(
            client,
            awa.email,
            times=1,
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{index + 1}, {CLIENT_A}",
        )

    response = log_in(
        client,
        awa.email,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"192.0.2.99, {CLIENT_A}",
    )

    assert response.status_code == 429


def test_a_malformed_forwarded_header_falls_back_to_the_socket_address(
    client, awa, settings
):
    settings.LOGIN_NUM_PROXIES = 1

    log_in(
        client,
        awa.email,
        password="wrong password",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="not-an-address",
    )

    assert AccessAttempt.objects.get().ip_address == PROXY


def test_an_empty_proxy_count_follows_the_apis():
    probe = "from django.conf import settings; print(settings.LOGIN_NUM_PROXIES)"

    result = manage("shell", "-c", probe, API_NUM_PROXIES="1", LOGIN_NUM_PROXIES="")

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "1"
