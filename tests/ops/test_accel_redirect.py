"""Behind nginx the /data/ files are sent by nginx: with
DATA_FILES_ACCEL_REDIRECT set, the view answers with an empty body and an
X-Accel-Redirect to the internal location, keeping every header it sets when
it streams the file itself."""

import hashlib

import pytest
from django.utils.http import http_date

from opendata.exports.build import data_build
from opendata.models.exports import DataBuild

pytestmark = pytest.mark.django_db

LOCATION = "/_data_files/"


@pytest.fixture
def accel(settings):
    settings.DATA_FILES_ACCEL_REDIRECT = LOCATION


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("name", "content_type", "disposition"),
    [
        ("inventory.csv", "text/csv; charset=utf-8", "attachment"),
        (
            "inventory.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "attachment",
        ),
        ("synthesis.csv", "text/csv; charset=utf-8", "attachment"),
        ("datapackage.json", "application/json", "inline"),
    ],
)
def test_data_file_is_handed_to_nginx_with_the_streamed_files_headers(
    client, published, accel, data_root, name, content_type, disposition
):
    build = data_build()

    response = client.get(f"/data/{name}")

    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == f"/_data_files/{name}"
    assert response["Content-Type"] == content_type
    stem, extension = name.rsplit(".", 1)
    assert response["Content-Disposition"] == (
        f'{disposition}; filename="concertation-{stem}-{build.identifier}.{extension}"'
    )
    assert response["ETag"] == f'"{build.files[name]["sha256"]}"'
    assert response["Last-Modified"] == http_date(build.finished_at.timestamp())
    assert response["Cache-Control"] == "public, no-cache"
    # What nginx will send from DATA_ROOT is the very file of this build.
    assert _sha256(data_root / name) == build.files[name]["sha256"]


def test_accel_redirect_keeps_the_link_to_the_data_package(client, published, accel):
    data_build()

    response = client.get("/data/inventory.csv")

    assert response["Link"] == '</data/datapackage.json>; rel="describedby"'


def test_accel_redirect_leaves_conditional_requests_to_django(client, published, accel):
    data_build()
    first = client.get("/data/synthesis.csv")

    again = client.get("/data/synthesis.csv", headers={"if-none-match": first["ETag"]})

    assert again.status_code == 304
    assert "X-Accel-Redirect" not in again
    assert again["Cache-Control"] == "public, no-cache"


def test_head_request_is_redirected_too(client, published, accel):
    data_build()

    response = client.head("/data/inventory.xlsx")

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/_data_files/inventory.xlsx"
    assert response["Cache-Control"] == "public, no-cache"
    assert response["ETag"] == client.get("/data/inventory.xlsx")["ETag"]


def test_missing_file_is_not_handed_to_nginx_but_rebuilt(
    client, published, accel, data_root
):
    build = data_build()
    (data_root / "inventory.csv").unlink()

    response = client.get("/data/inventory.csv")

    assert response.status_code == 503
    assert "X-Accel-Redirect" not in response
    assert response["Retry-After"] == "120"
    build.refresh_from_db()
    assert build.is_stale


def test_without_the_setting_django_streams_the_file(client, published, settings):
    settings.DATA_FILES_ACCEL_REDIRECT = ""
    build = data_build()

    response = client.get("/data/inventory.csv")

    assert "X-Accel-Redirect" not in response
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == build.files["inventory.csv"]["sha256"]


def test_nothing_is_redirected_before_the_first_build(client, accel):
    response = client.get("/data/inventory.csv")

    assert response.status_code == 503
    assert "X-Accel-Redirect" not in response
    assert not DataBuild.objects.exists()
