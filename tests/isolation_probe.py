"""Tests that ``tests/test_isolation.py`` runs in a pytest of its own (the
name keeps them out of the suite): one builds the open-data files as
``make run`` does, with one test record; one writes into the checkout and
swallows the error, as careless code would."""

import contextlib
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from opendata.exports.build import data_dir
from tests.factories import MHOFactory, YearlyRecordFactory

pytestmark = pytest.mark.django_db


def test_builds_the_open_data_files_with_one_record():
    YearlyRecordFactory(mho=MHOFactory(), year=2020)

    call_command("build_data_files", "--force", verbosity=0)

    built = data_dir() / "inventory.csv"
    assert len(built.read_text().splitlines()) == 2  # the header and the record


def test_writes_into_the_checkout():
    # In a folder that does not exist: harmless even if nothing refused it.
    target = Path(settings.BASE_DIR) / "media" / os.environ["PROBE_FOLDER"] / "x.csv"
    with contextlib.suppress(OSError):
        target.write_text("mho_code\nSN-0001\n")
