"""Every kind of response carries the security headers.

The responses go through the whole middleware stack of the settings in use;
HSTS, which only production sends and only over HTTPS, is checked in a fresh
process started with DJANGO_ENV=production, as a server would start.
"""

import json

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from opendata.exports.build import build_keys, data_build
from tests.concertation.test_settings import manage
from tests.factories import MHOFactory, UserFactory, YearlyRecordFactory
from tests.newsletter.factories import issue_with_editions

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy_of(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    directives = (part.strip().split(" ", 1) for part in header.split(";"))
    return {name: value for name, value in directives}


def assert_protected(response):
    assert policy_of(response) == POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.fixture
def published(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    cache.delete_many(build_keys())
    record = YearlyRecordFactory(mho=MHOFactory(code="SN-0042"), year=2020)
    data_build()
    yield record
    cache.delete_many(build_keys())


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    ("path", "status", "content_type"),
    [
        ("/fr/about/", 200, "text/html"),
        ("/en/inventory/", 200, "text/html"),
        ("/fr/no-such-page/", 404, "text/html"),
        ("/", 302, None),
        ("/fr/account/", 302, None),
        ("/api/v1/countries/", 200, "application/json"),
        ("/api/docs/", 200, "text/html"),
        ("/api/docs/?script=", 200, "application/javascript"),
        ("/fr/data/", 200, "text/html"),
        ("/data/", 302, None),
        ("/data/inventory.csv", 200, "text/csv"),
        ("/data/inventory-filtered.csv", 200, "text/csv"),
        ("/healthz", 200, "application/json"),
        ("/fr/admin/login/", 200, "text/html"),
    ],
)
def test_anonymous_responses_carry_the_headers(
    client, published, path, status, content_type
):
    response = client.get(path)

    assert response.status_code == status
    if content_type:
        assert response["Content-Type"].startswith(content_type)
    assert_protected(response)
    response.close()


def test_a_static_file_carries_the_headers(client):
    response = client.get("/static/css/site.css")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    # WhiteNoise answers before the inner middleware: the headers come from the
    # middleware placed above it.
    assert_protected(response)
    response.close()


def test_admin_pages_carry_the_headers(staff_client):
    record = YearlyRecordFactory()

    for path in [
        "/fr/admin/",
        "/fr/admin/inventory/yearlyrecord/",
        f"/fr/admin/inventory/yearlyrecord/{record.pk}/change/",
    ]:
        response = staff_client.get(path)
        assert response.status_code == 200, path
        assert_protected(response)


def test_post_errors_carry_the_headers(db):
    strict = Client(enforce_csrf_checks=True)

    forged = strict.post("/fr/account/login/", {"username": "x@example.org"})
    wrong_method = Client().post("/healthz")
    invalid_form = Client().post("/fr/account/register/", {"email": "not-an-email"})

    assert forged.status_code == 403
    assert wrong_method.status_code == 405
    assert invalid_form.status_code == 400
    assert "errorlist" in invalid_form.content.decode()
    for response in (forged, wrong_method, invalid_form):
        assert_protected(response)


def test_the_policy_allows_no_inline_script_and_no_other_host(client):
    header = client.get("/fr/about/")["Content-Security-Policy"]

    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert "http" not in header and "*" not in header


def test_the_mail_preview_may_style_inline_but_not_run_script(staff_client):
    """The preview shows a mail as mail clients render it: with its inline
    styles. Scripts stay forbidden."""
    issue = issue_with_editions()

    response = staff_client.get(f"/fr/admin/newsletter/issue/{issue.pk}/preview/fr/")

    assert response.status_code == 200
    assert 'style="' in response.content.decode()
    policy = policy_of(response)
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"


def test_development_sends_no_hsts_over_plain_http(client):
    response = client.get("/fr/about/")

    assert not settings.SECURE_HSTS_SECONDS
    assert "Strict-Transport-Security" not in response


# Runs inside a production process: the three ways a request reaches it.
PRODUCTION_PROBE = """
import json
from django.test import Client
client = Client(HTTP_HOST="portal.example.org")
answers = {
    "http": client.get("/healthz"),
    "https": client.get("/healthz", secure=True),
    "proxied_https": client.get("/healthz", HTTP_X_FORWARDED_PROTO="https"),
}
print(json.dumps({
    name: {"status": r.status_code, "headers": dict(r.headers)}
    for name, r in answers.items()
}))
"""


def test_production_sends_hsts_over_https_and_redirects_plain_http(tmp_path):
    result = manage(
        "shell",
        "-c",
        PRODUCTION_PROBE,
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="x7!" * 10 + "kQ9#mZ2$vL8@pR4^tW6&yB1*nH3(jF5)",
        DJANGO_ALLOWED_HOSTS="portal.example.org",
        SITE_URL="https://portal.example.org",
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
    )
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])

    plain = answers["http"]
    assert plain["status"] == 301
    assert plain["headers"]["Location"] == "https://portal.example.org/healthz"
    assert "Strict-Transport-Security" not in plain["headers"]
    for name in ("https", "proxied_https"):
        answer = answers[name]
        assert answer["status"] == 200, name
        assert (
            answer["headers"]["Strict-Transport-Security"]
            == "max-age=31536000; includeSubDomains; preload"
        )
        assert "frame-ancestors 'none'" in answer["headers"]["Content-Security-Policy"]
        assert answer["headers"]["X-Content-Type-Options"] == "nosniff"
        assert answer["headers"]["X-Frame-Options"] == "DENY"
