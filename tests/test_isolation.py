"""The test suite writes only in temporary folders: a test run leaves the
checkout, its media/ folder (the /data/ files `make run` serves) and the
folders the settings name untouched (``tests.isolation``)."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from opendata.exports.build import data_dir
from tests.isolation import CheckoutWriteError

BASE_DIR = Path(settings.BASE_DIR)


def missing_folder() -> Path:
    """A folder of the checkout that does not exist: a write there fails even
    if the guard let it through, so these tests cannot damage the checkout."""
    return BASE_DIR / "media" / f"isolation-probe-{uuid.uuid4().hex}"


def _write(target: Path, source: Path):
    target.write_text("1 test record")


def _rename(target: Path, source: Path):
    os.replace(source, target)


def _copy(target: Path, source: Path):
    shutil.copyfile(source, target)


def _mkdir(target: Path, source: Path):
    target.mkdir(parents=True)


def _remove(target: Path, source: Path):
    os.remove(target)


def _sqlite(target: Path, source: Path):
    sqlite3.connect(target).close()


WRITES = {
    "open for writing": _write,
    "rename into": _rename,
    "copy into": _copy,
    "make a folder": _mkdir,
    "remove": _remove,
    "open a SQLite file": _sqlite,
}


@pytest.mark.parametrize("write", WRITES)
def test_a_test_that_writes_into_the_checkout_is_refused(
    write, checkout_guard, request, tmp_path
):
    source = tmp_path / "inventory.csv"
    source.write_text("mho_code\n")
    target = missing_folder() / "inventory.csv"

    with pytest.raises(CheckoutWriteError, match="tests write only in temporary"):
        WRITES[write](target, source)

    (refused,) = checkout_guard.refused_by(request.node.nodeid)
    assert refused[1].startswith(str(missing_folder().parent))
    checkout_guard.forget(request.node.nodeid)  # refused on purpose: passes


def test_each_test_has_its_own_media_data_and_static_folders(tmp_path):
    for folder in (
        settings.MEDIA_ROOT,
        data_dir(),
        settings.STATIC_ROOT,
        os.environ["MEDIA_ROOT"],  # what the processes a test starts read
        os.environ["STATIC_ROOT"],
        os.environ["SQLITE_PATH"],
    ):
        assert Path(folder).is_relative_to(tmp_path), folder
    assert "DATA_ROOT" not in os.environ


def tree(folder: Path) -> dict[str, tuple]:
    """Every file under ``folder`` with its size, time and content digest."""
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): (
            path.stat().st_size,
            path.stat().st_mtime_ns,
            hashlib.sha256(path.read_bytes()).hexdigest(),
        )
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_a_test_run_leaves_the_served_files_and_the_checkout_untouched(tmp_path):
    # The files `make run` serves, in a MEDIA_ROOT named by the environment.
    served = tmp_path / "served"
    (served / "data").mkdir(parents=True)
    demo = "mho_code,year\n" + "".join(f"SN-{n:04d},2025\n" for n in range(2550))
    (served / "data" / "inventory.csv").write_text(demo)
    served_before, checkout_before = tree(served), tree(BASE_DIR / "media")
    probe_folder = f"isolation-probe-{uuid.uuid4().hex}"
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DATABASE_", "REDIS_", "PYTEST_", "DATA_ROOT"))
    }
    env.update(MEDIA_ROOT=str(served), PROBE_FOLDER=probe_folder)

    run = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/isolation_probe.py", "-n", "0",
         "-p", "no:cacheprovider", "--basetemp", str(tmp_path / "run"), "-q"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip

    assert "1 failed, 1 passed" in run.stdout, run.stdout[-3000:] + run.stderr[-3000:]
    assert "FAILED tests/isolation_probe.py::test_writes_into_the_checkout" in (
        run.stdout
    )
    assert "wrote outside its temporary folders" in run.stdout
    assert tree(served) == served_before
    assert tree(BASE_DIR / "media") == checkout_before
    assert not (BASE_DIR / "media" / probe_folder).exists()
