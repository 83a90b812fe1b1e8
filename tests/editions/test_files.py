"""An edition's files are built once and never change: not after later
validations, live rebuilds or a second edition."""

import hashlib

import pytest

from editions.files import FILE_NAMES, edition_dir
from editions.services import edition_publish
from opendata.exports.build import data_build, data_dir

from .conftest import later_validations

pytestmark = pytest.mark.django_db


def _state(folder):
    return {
        name: (
            hashlib.sha256((folder / name).read_bytes()).hexdigest(),
            (folder / name).stat().st_mtime_ns,
        )
        for name in FILE_NAMES
    }


def test_first_edition_files_stay_byte_identical_after_new_validations(
    scenario, secretariat, client
):
    live_before = data_build()
    first = edition_publish(year=2024, user=secretariat)
    served = {name: client.get(f"/data/editions/2024.1/{name}") for name in FILE_NAMES}
    before = _state(edition_dir("2024.1"))

    later_validations(scenario)
    live_after = data_build()
    second = edition_publish(year=2024, user=secretariat)

    assert _state(edition_dir("2024.1")) == before
    for name, response in served.items():
        again = client.get(f"/data/editions/2024.1/{name}")
        assert b"".join(again.streaming_content) == b"".join(response.streaming_content)
        assert again["ETag"] == f'"{first.files[name]["sha256"]}"'
    # The live files changed, and so did the second edition's.
    changed = live_before.files["inventory.csv"] != live_after.files["inventory.csv"]
    assert changed
    assert (
        hashlib.sha256((data_dir() / "inventory.csv").read_bytes()).hexdigest()
        == live_after.files["inventory.csv"]["sha256"]
    )
    assert second.identifier == "2024.2"
    assert second.supersedes == first
    assert second.files["inventory.csv"] != first.files["inventory.csv"]


def test_edition_files_are_served_for_good_with_their_sha256(
    scenario, secretariat, client
):
    edition = edition_publish(year=2024, user=secretariat)
    response = client.get("/data/editions/2024.1/inventory.csv")

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["ETag"] == f'"{edition.files["inventory.csv"]["sha256"]}"'
    assert "concertation-inventory-2024.1.csv" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == edition.files["inventory.csv"]["sha256"]
    again = client.get(
        "/data/editions/2024.1/inventory.csv",
        headers={"if-none-match": response["ETag"]},
    )
    assert again.status_code == 304


def test_unknown_edition_or_file_is_not_found(scenario, secretariat, client):
    edition_publish(year=2024, user=secretariat)
    assert client.get("/data/editions/2024.9/inventory.csv").status_code == 404
    assert client.get("/data/editions/2024.1/secrets.txt").status_code == 404


def test_datapackage_lists_every_file_with_its_sha256(scenario, secretariat, client):
    edition = edition_publish(year=2024, user=secretariat)
    package = client.get("/data/editions/2024.1/datapackage.json")
    package = b"".join(package.streaming_content)
    import json

    package = json.loads(package)
    assert package["version"] == "2024.1"
    hashes = {resource["path"]: resource["hash"] for resource in package["resources"]}
    for name in ("inventory.csv", "synthesis.csv", "changes.csv", "inventory.xlsx"):
        assert hashes[name] == f"sha256:{edition.files[name]['sha256']}"
    assert package["homepage"].endswith("/data/editions/2024.1/")
