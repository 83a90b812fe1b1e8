"""Building the files after data changes: debounced, idempotent, atomic."""

import json
import re
from datetime import UTC
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from openpyxl import load_workbook

from inventory.models.record import DATA_FIELDS
from opendata.exports.build import DataBuildRunning, data_build
from opendata.exports.columns import RECORD_COLUMNS
from opendata.exports.dictionary import dictionary
from opendata.exports.schedule import data_build_if_stale, data_mark_stale
from opendata.models.exports import DataBuild

pytestmark = pytest.mark.django_db


def test_build_if_stale_builds_once_then_waits_for_a_change(published):
    first = data_build_if_stale(min_interval=0)
    again = data_build_if_stale(min_interval=0)
    data_mark_stale()
    after_change = data_build_if_stale(min_interval=0)

    assert first is not None and first.records == 4 and first.mhos == 3
    assert again is None
    assert after_change is not None and after_change.pk != first.pk
    assert after_change.stale_since is None
    assert DataBuild.objects.get(pk=first.pk).stale_since is not None


def test_bursts_of_changes_give_one_build_per_interval(published):
    data_build()
    data_mark_stale()

    assert data_build_if_stale(min_interval=3600) is None
    assert data_build_if_stale(min_interval=0) is not None


def test_a_change_during_a_build_is_built_next_time(published, monkeypatch):
    from opendata.exports import build as build_module

    write_files = build_module._write_files

    def change_while_writing(*args, **kwargs):
        data_mark_stale()
        return write_files(*args, **kwargs)

    monkeypatch.setattr(build_module, "_write_files", change_while_writing)
    build = data_build()

    assert build.finished_at is not None and build.stale_since is not None


def test_only_one_build_runs_at_a_time(published, monkeypatch):
    from opendata.exports import build as build_module

    def nested(*args, **kwargs):
        with pytest.raises(DataBuildRunning):
            data_build()
        assert data_build_if_stale(min_interval=0) is None
        raise RuntimeError("stop")

    monkeypatch.setattr(build_module, "_write_files", nested)
    with pytest.raises(RuntimeError):
        data_build()

    failed = DataBuild.objects.get()
    assert failed.finished_at is None and "stop" in failed.error


def test_a_failed_build_keeps_the_files_being_served(published, monkeypatch, data_root):
    from opendata.exports import build as build_module

    good = data_build()
    served = (data_root / "inventory.csv").read_bytes()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(build_module, "inventory_xlsx_write", broken)
    with pytest.raises(RuntimeError):
        data_build()

    assert (data_root / "inventory.csv").read_bytes() == served
    assert sorted(path.name for path in data_root.iterdir()) == [
        "datapackage.json",
        "inventory.csv",
        "inventory.xlsx",
        "organizations.csv",
        "synthesis.csv",
    ]  # no temporary file left behind
    latest = DataBuild.objects.filter(finished_at__isnull=False).latest("finished_at")
    assert latest.pk == good.pk


def test_build_data_files_command_builds_when_stale_or_forced(published):
    def run(*args):
        out = StringIO()
        call_command("build_data_files", *args, stdout=out)
        return out.getvalue()

    first = run()
    unchanged = run()
    forced = run("--force")

    assert "Built 5 files" in first and "from 4 records of 3 MHOs" in first
    assert "up to date" in unchanged
    assert "Built 5 files" in forced
    assert DataBuild.objects.filter(finished_at__lte=timezone.now()).count() == 2


def test_the_dictionary_defines_every_column_in_both_languages():
    names = [column.name for column in RECORD_COLUMNS]

    assert set(DATA_FIELDS) <= set(names)
    assert len(names) == len(set(names))
    for _sheet, columns in dictionary():
        for column in columns:
            assert column.definition_fr and column.definition_en, column.name
            assert column.name.islower() and " " not in column.name


def test_two_builds_never_share_an_identifier(published, client):
    builds = [data_build() for _ in range(3)]
    published["kaolack"].records.filter(year=2024).update(members=777)
    builds.append(data_build())

    identifiers = [build.identifier for build in builds]
    assert len(set(identifiers)) == 4
    for build in builds:
        start = build.started_at.astimezone(UTC)
        assert re.fullmatch(rf"{start:%Y%m%dT%H%M%SZ}-[0-9a-f]{{6}}", build.identifier)
    # The hash says whether the data differ; the time tells builds apart.
    suffixes = [identifier.rsplit("-", 1)[1] for identifier in identifiers]
    assert suffixes[0] == suffixes[1] == suffixes[2] != suffixes[3]
    with pytest.raises(IntegrityError), transaction.atomic():
        DataBuild.objects.create(started_at=timezone.now(), identifier=identifiers[0])


def test_the_identifier_names_the_version_everywhere_it_is_cited(published, client):
    build = data_build()
    key = "concertation_inventory_" + build.identifier.replace("-", "_")

    package = json.loads(b"".join(client.get("/data/datapackage.json")))
    workbook = load_workbook(
        BytesIO(b"".join(client.get("/data/inventory.xlsx").streaming_content)),
        read_only=True,
    )
    citation = {
        row[0]: row[1] for row in workbook["citation"].iter_rows(values_only=True)
    }
    page = client.get("/fr/data/").content.decode()

    assert package["version"] == build.identifier
    assert f"version {build.identifier} (built on" in package["citation"]["en"]
    assert f"version {build.identifier} (construite le" in package["citation"]["fr"]
    assert package["citation"]["bibtex"].startswith(f"@misc{{{key},")
    assert f"version = {{{build.identifier}}}" in package["citation"]["bibtex"]
    assert citation["Version"] == build.identifier
    assert citation["BibTeX"].startswith(f"@misc{{{key},")
    assert f'<code class="version">{build.identifier}</code>' in page
    for name in ("inventory.csv", "organizations.csv", "synthesis.csv"):
        disposition = client.get(f"/data/{name}")["Content-Disposition"]
        stem = name.removesuffix(".csv")
        assert f'filename="concertation-{stem}-{build.identifier}.csv"' in disposition
