"""PostgreSQL restarted under load, end to end: the test's own PostgreSQL
cluster, the portal migrated and seeded on it, gunicorn with two workers as a
real process, and a load of anonymous visitors on public pages and /healthz.

The database goes away three times: ``pg_ctl restart -m fast`` while the
visitors pause (nobody sees the outage, but every worker keeps a persistent
connection the restart broke), the same restart under load, then a stop with
three seconds down before the start. While it is away every request must get
an error page at once (no hang, no traceback shown); as soon as it accepts
connections again every request must succeed, from the same gunicorn
processes: CONN_HEALTH_CHECKS replaces the broken persistent connections
(CONN_MAX_AGE) before a request uses them.
"""

import http.client
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from tests.celery_support import free_port, wait_for
from tests.pg_support import PostgresServer

pytestmark = [pytest.mark.postgres]

PATHS = [
    "/healthz",
    "/fr/",
    "/fr/inventory/",
    "/fr/synthesis/",
    "/fr/synthesis/SN/",
    "/fr/focal-points/",
    "/en/organizations/",
    "/api/v1/synthesis/?country=SN",
]
CLIENT_TIMEOUT = 10  # seconds: a request without an answer by then has hung
VISITORS = 2
OUTAGE_SECONDS = 3
AFTER_RECOVERY_SECONDS = 3
SETUP = (
    "from django.core.management import call_command as run;"
    "run('migrate', verbosity=0);"
    "run('load_network', verbosity=0);"
    "run('seed_demo', mhos=40, years=3, seed=7, verbosity=0)"
)


def site_env(database_url: str, tmp_path: Path) -> dict:
    """The settings' own database options (CONN_MAX_AGE, CONN_HEALTH_CHECKS)
    on the test's cluster; no Redis (cache in memory, tasks in-process)."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ENV"}
        and not name.startswith("DATABASE_")
    }
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="concertation.settings",
        DJANGO_DEBUG="false",  # the production error pages
        MEDIA_ROOT=str(tmp_path / "media"),
        LOG_LEVEL="WARNING",
        # Every page reads the database: a page served from the cache would
        # pass through the outage and hide whether the connections recover.
        PAGE_CACHE_SECONDS="0",
        API_ANON_RATE="100000/minute",
    )
    return env


def gunicorn_pids(master: int) -> set[int]:
    """The master and its workers, from /proc."""
    pids = {master}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        if int(fields[1]) == master:
            pids.add(int(stat.parent.name))
    return pids


@pytest.fixture
def site(tmp_path):
    """The portal on gunicorn (2 workers) over the test's own PostgreSQL."""
    database = PostgresServer()
    port = free_port()
    gunicorn = None
    try:
        database.start()
        database.create_database("portal")
        env = site_env(database.url("portal"), tmp_path)
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-v", "0", "-c", SETUP],
            cwd=settings.BASE_DIR, env=env, check=True, timeout=300,
        )  # fmt: skip
        with open(tmp_path / "gunicorn.log", "ab") as log:
            gunicorn = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "concertation.wsgi:application",
                 "--workers", "2", "--bind", f"127.0.0.1:{port}",
                 "--timeout", "30", "--graceful-timeout", "5"],
                cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        wait_for(
            lambda: get(port, "/healthz").status == 200,
            timeout=60,
            what="gunicorn to answer",
        )
        yield database, gunicorn, port
    finally:
        if gunicorn and gunicorn.poll() is None:
            gunicorn.terminate()
            try:
                gunicorn.wait(timeout=20)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
                gunicorn.wait()
        database.remove()


@dataclass
class Result:
    path: str
    started: float
    ended: float
    status: int | None = None  # None: no HTTP answer (see error)
    body: bytes = b""
    error: str = ""


def get(port: int, path: str) -> Result:
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        result = Result(path, started, 0, response.status, response.read())
    except (OSError, http.client.HTTPException) as error:
        result = Result(path, started, 0, error=repr(error))
    finally:
        connection.close()
    result.ended = time.monotonic()
    return result


class Visitors:
    """Threads requesting PATHS in turn, one request at a time each."""

    def __init__(self, port: int, count: int):
        self.port, self.results = port, []
        self.stopping = threading.Event()
        self.going = threading.Event()
        self.going.set()
        self.idle = [threading.Event() for _ in range(count)]
        self.threads = [
            threading.Thread(target=self._visit, args=(offset,), daemon=True)
            for offset in range(count)
        ]

    def _visit(self, offset: int):
        number = offset
        while not self.stopping.is_set():
            if not self.going.is_set():
                self.idle[offset].set()
                self.going.wait()
                self.idle[offset].clear()
                continue
            self.results.append(get(self.port, PATHS[number % len(PATHS)]))
            number += 1
            time.sleep(0.01)

    def pause(self):
        """Return once no request is under way."""
        self.going.clear()
        for idle in self.idle:
            idle.wait(timeout=CLIENT_TIMEOUT + 5)

    def resume(self):
        self.going.set()

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.going.set()
        for thread in self.threads:
            thread.join(timeout=CLIENT_TIMEOUT + 5)


def overlaps(result: Result, down: float, up: float) -> bool:
    return result.started < up and result.ended > down


def test_site_recovers_from_a_postgres_restart_without_restarting_gunicorn(
    site, record_property
):
    database, gunicorn, port = site
    with Visitors(port, VISITORS) as visitors:
        wait_for(
            lambda: {r.path for r in visitors.results if r.status == 200} == set(PATHS),
            timeout=60,
            what="every page to be served once",
        )
        pids_before = gunicorn_pids(gunicorn.pid)

        visitors.pause()
        warm_up = list(visitors.results)
        database.restart(mode="fast")
        visitors.resume()
        time.sleep(AFTER_RECOVERY_SECONDS)
        after_idle_restart = visitors.results[len(warm_up) :]

        outages = []
        down = time.monotonic()
        database.restart(mode="fast")
        outages.append((down, time.monotonic()))
        time.sleep(AFTER_RECOVERY_SECONDS)

        down = time.monotonic()
        database.stop(mode="fast")
        time.sleep(OUTAGE_SECONDS)
        database.start()
        outages.append((down, time.monotonic()))
        time.sleep(AFTER_RECOVERY_SECONDS)
    pids_after = gunicorn_pids(gunicorn.pid)
    results = list(visitors.results)

    during = [[r for r in results if overlaps(r, *o)] for o in outages]
    failed_during = [[r for r in rs if r.status != 200] for rs in during]
    after = [
        [r for r in results if up <= r.started and r.ended < next_down]
        for (_, up), next_down in zip(
            outages, [outages[1][0], float("inf")], strict=True
        )
    ]
    failed_after = [r for rs in after for r in rs if r.status != 200]
    failed_after_idle_restart = [r for r in after_idle_restart if r.status != 200]
    figures = {
        "requests": len(results),
        "requests_after_the_quiet_restart": len(after_idle_restart),
        "failures_after_the_quiet_restart": len(failed_after_idle_restart),
        "restart_seconds_down": round(outages[0][1] - outages[0][0], 2),
        "restart_requests_overlapping": len(during[0]),
        "restart_failures": len(failed_during[0]),
        "stop_start_seconds_down": round(outages[1][1] - outages[1][0], 2),
        "stop_start_requests_overlapping": len(during[1]),
        "stop_start_failures": len(failed_during[1]),
        "requests_after_recovery": sum(len(rs) for rs in after),
        "failures_after_recovery": len(failed_after),
        "seconds_to_first_success_after_recovery": [
            round(min(r.ended for r in rs) - up, 2)
            for rs, (_, up) in zip(after, outages, strict=True)
        ],
        "slowest_request_seconds": round(max(r.ended - r.started for r in results), 2),
    }
    for name, value in figures.items():
        record_property(name, value)
    print(f"\nPostgreSQL restart figures: {figures}")

    assert [r.error for r in results if r.status is None] == []  # no hang
    assert gunicorn.poll() is None and pids_after == pids_before
    assert len(pids_before) == 3  # the master and its two workers
    assert [r for r in warm_up if r.status != 200] == []
    assert failed_after_idle_restart == []
    assert failed_during[1], "no visitor saw the three seconds without a database"
    for result in (r for rs in failed_during for r in rs):
        assert result.status in {500, 503}, (result.path, result.status)
        assert b"Traceback" not in result.body and b"psycopg" not in result.body
        if result.path == "/healthz":
            health = json.loads(result.body)
            assert result.status == 503 and health["database"].startswith("error")
    assert failed_after == []
    assert all({r.path for r in rs} == set(PATHS) for rs in after)
