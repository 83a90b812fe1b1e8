"""Two validations five seconds apart, without Celery beat: both reach
/data/inventory.csv within two minutes. Once as `make run` serves the portal
(SQLite, no broker: tasks in-process, the build waiting in a thread of the web
server), once with a real Redis broker and a real Celery worker.

Both runs shorten the countdown and the interval between builds (2 s and
20 s instead of 60 s and 60 s) so that the second validation falls inside the
interval of the first build: that build is skipped and must be queued again.
The product logic is the one of the defaults."""

import csv
import io
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.test import Client
from django.utils import timezone

from inventory.models import MHOManagement, YearlyRecord
from tests.celery_support import (
    CeleryWorker,
    RedisServer,
    celery_app_on,
    free_port,
    wait_for,
)
from tests.factories import UserFactory

from .conftest import CAMPAIGN_YEAR, LAST_YEAR_FIGURES, form_data

DEADLINE = 120  # seconds from the first validation
GAP = 5  # seconds between the two validations
BUILD_TIMING = {"DATA_BUILD_COUNTDOWN": "2", "DATA_BUILD_MIN_INTERVAL": "20"}
PASSWORD = "demo-password-for-this-test"
FIGURES = {**LAST_YEAR_FIGURES, "beneficiaries": 9000, "target_population": 30000}


def members_by_mho(content: bytes, year: int) -> dict[str, str]:
    rows = csv.DictReader(io.StringIO(content.decode()))
    return {row["mho_code"]: row["members"] for row in rows if row["year"] == str(year)}


def wait_until_both_are_published(read_csv, year, expected, started):
    """Poll the file until it holds both figures, within DEADLINE seconds of
    the first validation."""
    left = DEADLINE - (time.monotonic() - started)
    wait_for(
        lambda: expected.items() <= members_by_mho(read_csv(), year).items(),
        timeout=max(left, 0),
        interval=1,
        what=f"both validations in inventory.csv ({expected})",
    )


# ---------------------------------------------------------------------------
# As `make run` serves it: SQLite, no broker
# ---------------------------------------------------------------------------
class Visitor:
    """A browser session on the running site: cookies and CSRF token."""

    def __init__(self, base: str):
        self.base, self.session = base, requests.Session()

    def get(self, path: str) -> requests.Response:
        return self.session.get(self.base + path, timeout=60)

    def post(self, path: str, data: dict) -> requests.Response:
        self.get(path)  # the form, and its CSRF cookie
        token = self.session.cookies.get("csrftoken")
        response = self.session.post(
            self.base + path,
            data={**data, "csrfmiddlewaretoken": token},
            timeout=60,
            allow_redirects=False,
        )
        assert response.status_code == 302, response.text[-3000:]
        return response

    def log_in(self, email: str) -> None:
        self.post("/en/account/login/", {"username": email, "password": PASSWORD})


SETUP = (
    "from django.core.management import call_command as run;"
    "run('migrate', verbosity=0);"
    "run('load_network', verbosity=0);"
    f"run('seed_demo', mhos=30, years=2, seed=1, with_accounts=True, "
    f"password='{PASSWORD}')"
)


@pytest.fixture
def make_run_site(tmp_path):
    """The portal as `make run` serves it, on its own SQLite file and media
    folder, on a free port."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ENV"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="concertation.settings",
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        MEDIA_ROOT=str(tmp_path / "media"),
        **BUILD_TIMING,
    )
    setup = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", SETUP],
        cwd=settings.BASE_DIR, env=env, check=True, timeout=300,
        capture_output=True, text=True,
    )  # fmt: skip
    manager_mho = re.search(r"manager of (\S+)", setup.stdout).group(1)
    port = free_port()
    with open(tmp_path / "server.log", "ab") as log:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload",
             f"127.0.0.1:{port}"],
            cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _answers(base), timeout=60, what="runserver to answer")
        yield base, manager_mho, tmp_path / "media" / "data"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _answers(base: str) -> bool:
    try:
        return requests.get(base + "/healthz", timeout=5).status_code == 200
    except requests.ConnectionError:
        return False


def _record_ids(focal: Visitor) -> list[int]:
    page = focal.get("/en/review/").text
    return sorted({int(pk) for pk in re.findall(r"/en/review/records/(\d+)/", page)})


def _validate(focal: Visitor, pk: int) -> None:
    page = focal.get(f"/en/review/records/{pk}/").text
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    focal.post(f"/en/review/records/{pk}/", {"version": version, "validate": "1"})


def test_make_run_publishes_two_validations_five_seconds_apart(make_run_site):
    base, manager_mho, data_dir = make_run_site
    year = timezone.localdate().year  # the demo campaign's
    manager, secretariat, focal = Visitor(base), Visitor(base), Visitor(base)
    manager.log_in("manager@demo.concertation.local")
    secretariat.log_in("secretariat@demo.concertation.local")
    focal.log_in("focal@demo.concertation.local")
    listed = re.findall(r"/en/inventory/(SN-\d+)/", manager.get("/en/inventory/").text)
    other_mho = next(code for code in listed if code != manager_mho)
    for visitor, code, members in (
        (manager, manager_mho, 4431),
        (secretariat, other_mho, 4432),
    ):
        visitor.post(
            f"/en/my/{code}/{year}/",
            form_data(FIGURES, 0, members=members, confirm_warnings="on", submit="1"),
        )
    first, second = _record_ids(focal)

    started = time.monotonic()
    _validate(focal, first)
    time.sleep(GAP)  # the scenario itself, not a wait for a result
    _validate(focal, second)

    wait_until_both_are_published(
        lambda: requests.get(base + "/data/inventory.csv", timeout=60).content,
        year,
        {manager_mho: "4431", other_mho: "4432"},
        started,
    )
    assert not list(data_dir.glob(".*.tmp"))  # no build left half-written


# ---------------------------------------------------------------------------
# With a broker: a real Redis and a real Celery worker, no beat
# ---------------------------------------------------------------------------
@pytest.fixture
def worker_without_beat(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The worker's settings in this process too: it queues builds as well.
    for name, value in BUILD_TIMING.items():
        setattr(settings, name, int(value))
    server = RedisServer()
    server.start()
    # Broker and cache, shared with the worker as in production.
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": server.url}
    }
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = CeleryWorker(
        broker_url=server.url,
        queue=queue,
        log_path=tmp_path / "worker.log",
        env={"MEDIA_ROOT": str(settings.MEDIA_ROOT), **BUILD_TIMING},
    )
    try:
        with celery_app_on(server.url, queue):
            worker.start()
            yield Path(settings.MEDIA_ROOT) / "data"
    finally:
        worker.stop()
        server.stop()


def _submit(mho, members):
    manager = UserFactory()
    MHOManagement.objects.create(user=manager, mho=mho, status="approved")
    client = Client()
    client.force_login(manager)
    response = client.post(
        f"/en/my/{mho.code}/{CAMPAIGN_YEAR}/",
        form_data(FIGURES, 0, members=members, confirm_warnings="on", submit="1"),
    )
    assert response.status_code == 302
    return YearlyRecord.objects.get(mho=mho, year=CAMPAIGN_YEAR)


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_without_beat_publishes_two_validations_five_seconds_apart(
    worker_without_beat, mho_a, mho_b, focal_sn, campaign
):
    records = [_submit(mho_a, 4431), _submit(mho_b, 4432)]
    focal = Client()
    focal.force_login(focal_sn)

    started = time.monotonic()
    for number, record in enumerate(records):
        if number:
            time.sleep(GAP)  # the scenario itself, not a wait for a result
        response = focal.post(
            f"/en/review/records/{record.pk}/",
            {"version": record.version, "validate": "1"},
        )
        assert response.status_code == 302

    def read_csv():
        response = Client().get("/data/inventory.csv")
        return (
            b"".join(response.streaming_content) if response.status_code == 200 else b""
        )

    wait_until_both_are_published(
        read_csv,
        CAMPAIGN_YEAR,
        {mho_a.code: "4431", mho_b.code: "4432"},
        started,
    )
