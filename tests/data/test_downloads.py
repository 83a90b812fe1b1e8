"""Serving the built files: headers, conditional GET, 503 before the first
build, and the inventory list's "download these rows"."""

from io import BytesIO

import pandas as pd
import pytest
from django.utils.http import http_date

from kernel.queue import tasks_pending, tasks_run_pending
from opendata.exports.build import data_build
from opendata.exports.columns import RECORD_COLUMNS
from opendata.exports.schedule import TASK_NAME
from opendata.models.exports import DataBuild

from .expected import csv_row, public_records

pytestmark = pytest.mark.django_db

FILES = {
    "/data/inventory.csv": ("text/csv; charset=utf-8", "inventory", "csv"),
    "/data/inventory.xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "inventory",
        "xlsx",
    ),
    "/data/synthesis.csv": ("text/csv; charset=utf-8", "synthesis", "csv"),
}


@pytest.mark.parametrize("url", [*FILES, "/data/datapackage.json"])
def test_downloads_are_unavailable_until_the_first_build(client, url, data_root):
    response = client.get(url)

    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert "no-store" in response["Cache-Control"]
    assert not DataBuild.objects.exists()  # never built while the visitor waits
    assert not data_root.exists()


def test_first_downloads_queue_one_build_in_the_background(
    client, published, without_broker
):
    client.get("/data/inventory.csv")
    client.get("/data/inventory.xlsx")
    client.get("/data/")

    assert [task.name for task in tasks_pending()] == [TASK_NAME]
    assert not DataBuild.objects.exists()  # not in the visitor's request
    tasks_run_pending()
    assert client.get("/data/inventory.csv").status_code == 200


@pytest.mark.parametrize("url", FILES)
def test_downloads_carry_etag_last_modified_and_the_versioned_file_name(
    client, published, url
):
    build = data_build()
    content_type, stem, extension = FILES[url]

    response = client.get(url)

    name = url.rsplit("/", 1)[1]
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["ETag"] == f'"{build.files[name]["sha256"]}"'
    assert response["Last-Modified"] == http_date(build.finished_at.timestamp())
    assert response["Content-Disposition"] == (
        f'attachment; filename="concertation-{stem}-{build.identifier}.{extension}"'
    )
    assert response["Link"] == '</data/datapackage.json>; rel="describedby"'
    assert int(response["Content-Length"]) == build.files[name]["bytes"]


def test_datapackage_is_served_inline_as_json(client, published):
    data_build()

    response = client.get("/data/datapackage.json")

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["ETag"]


ALL_FILES = [*FILES, "/data/organizations.csv", "/data/datapackage.json"]


@pytest.mark.parametrize("url", ALL_FILES)
def test_browsers_and_proxies_must_check_the_files_before_each_use(
    client, published, url
):
    build = data_build()
    name = url.rsplit("/", 1)[1]

    response = client.get(url)
    again = client.get(url, headers={"if-none-match": response["ETag"]})

    # Kept, but asked again each time: never a file of the build before.
    assert response["Cache-Control"] == "public, no-cache"
    assert "max-age" not in response["Cache-Control"]
    assert response["ETag"] == f'"{build.files[name]["sha256"]}"'
    assert again.status_code == 304
    assert again["Cache-Control"] == "public, no-cache"
    assert again["ETag"] == response["ETag"]


@pytest.mark.parametrize("url", ALL_FILES)
def test_head_answers_the_headers_of_the_download(client, published, url):
    data_build()
    got = client.get(url)

    head = client.head(url)

    assert head.status_code == 200
    assert not b"".join(head.streaming_content)
    for header in ("ETag", "Cache-Control", "Content-Type", "Content-Disposition"):
        assert head[header] == got[header], header
    assert head["Content-Length"] == got["Content-Length"]


def test_conditional_get_answers_not_modified(client, published):
    data_build()
    first = client.get("/data/inventory.csv")

    by_etag = client.get(
        "/data/inventory.csv", headers={"if-none-match": first["ETag"]}
    )
    by_date = client.get(
        "/data/inventory.csv", headers={"if-modified-since": first["Last-Modified"]}
    )
    other = client.get("/data/inventory.csv", headers={"if-none-match": '"other"'})

    assert by_etag.status_code == 304 and by_etag["ETag"] == first["ETag"]
    assert by_date.status_code == 304
    assert other.status_code == 200


def test_a_new_build_with_changed_data_changes_the_etag(client, published):
    data_build()
    before = client.get("/data/inventory.csv")["ETag"]
    published["kaolack"].records.filter(year=2024).update(members=999)

    data_build()
    after = client.get("/data/inventory.csv", headers={"if-none-match": before})

    assert after.status_code == 200 and after["ETag"] != before
    assert b",999," in b"".join(after.streaming_content)


def read_streamed_csv(response) -> pd.DataFrame:
    content = b"".join(response.streaming_content)
    return pd.read_csv(BytesIO(content), dtype=str, keep_default_na=False)


def test_download_these_rows_streams_only_the_filtered_rows(client, published):
    response = client.get(
        "/data/inventory-filtered.csv?country=SN&year=2024&status=functional"
    )

    table = read_streamed_csv(response)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="concertation-inventory-selection-'
    )
    assert list(table.columns) == [column.name for column in RECORD_COLUMNS]
    expected = public_records().filter(mho__code="SN-0001", year=2024)
    assert table.to_dict("records") == [csv_row(record) for record in expected]


def test_download_these_rows_follows_the_lists_default_year_and_search(
    client, published
):
    everything = read_streamed_csv(client.get("/data/inventory-filtered.csv"))
    searched = read_streamed_csv(
        client.get("/data/inventory-filtered.csv?q=kaolack&page=2")
    )

    assert list(everything.mho_code) == ["ML-0001", "SN-0001", "SN-0002"]
    assert set(everything.year) == {"2024"}  # the latest year, as on the list
    assert list(searched.mho_code) == ["SN-0002"]


def test_download_these_rows_refuses_invalid_filters(client, published):
    response = client.get("/data/inventory-filtered.csv?country=ZZ")

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
