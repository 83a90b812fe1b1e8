"""The synthesis kept current by a real Celery worker on a real Redis broker.
Redis stopped in the middle of saves is tests/faults/test_redis_outage.py."""

import csv
import io
import uuid

import pytest
from django.test import Client

from inventory.models import YearlyRecord
from opendata.models import DirtySynthesis, SynthesisRow
from tests.celery_support import CeleryWorker, RedisServer, celery_app_on, wait_for
from tests.inventory.conftest import CAMPAIGN_YEAR, LAST_YEAR_FIGURES, form_data

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def senegal_members(year):
    row = SynthesisRow.objects.filter(country__iso2="SN", year=year).first()
    return row.members if row else None


def submit_and_validate(manager, focal, mho, members):
    manager_client, focal_client = Client(), Client()
    manager_client.force_login(manager)
    focal_client.force_login(focal)
    submitted = manager_client.post(
        f"/en/my/{mho.code}/{CAMPAIGN_YEAR}/",
        form_data(LAST_YEAR_FIGURES, 0, members=members, confirm_warnings="on",
                  submit="1"),
    )  # fmt: skip
    record = YearlyRecord.objects.get(mho=mho, year=CAMPAIGN_YEAR)
    validated = focal_client.post(
        f"/en/review/records/{record.pk}/",
        {"version": record.version, "validate": "1"},
    )
    return submitted.status_code, validated.status_code


@pytest.fixture
def broker(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The worker's settings in this process too: it queues builds as well.
    settings.DATA_BUILD_COUNTDOWN = settings.DATA_BUILD_MIN_INTERVAL = 0
    server = RedisServer()
    server.start()
    # The worker's cache too, as in production: web and workers share the
    # marks of queued work.
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": server.url}
    }
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = CeleryWorker(
        broker_url=server.url,
        queue=queue,
        log_path=tmp_path / "worker.log",
        env={
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "DATA_BUILD_COUNTDOWN": "0",
            "DATA_BUILD_MIN_INTERVAL": "0",
        },
    )
    try:
        with celery_app_on(server.url, queue):
            worker.start()
            yield server, worker
    finally:
        worker.stop()
        server.stop()


def downloaded_members(client, year):
    response = client.get("/data/inventory.csv")
    if response.status_code != 200:
        return None
    rows = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    return [row["members"] for row in rows if row["year"] == str(year)]


def test_worker_updates_the_synthesis_and_the_downloads_after_validation(
    broker, manager_a, mho_a, focal_sn, campaign, client
):
    statuses = submit_and_validate(manager_a, focal_sn, mho_a, members=450)

    assert statuses == (302, 302)
    # The rebuild writes the rows, then clears the marks: wait for both.
    wait_for(
        lambda: (
            senegal_members(CAMPAIGN_YEAR) == 450
            and not DirtySynthesis.objects.exists()
        ),
        what="the worker to rebuild the Senegal row and clear the marks",
    )
    wait_for(
        lambda: downloaded_members(client, CAMPAIGN_YEAR) == ["450"],
        what="the worker to rebuild the download files",
    )
    synthesis_csv = b"".join(client.get("/data/synthesis.csv").streaming_content)
    assert b"SN" in synthesis_csv
