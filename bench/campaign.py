"""A campaign day: visitors browse the public pages while managers save and
submit records and focal points validate them, on the production topology
(gunicorn with 2 sync workers and the page cache on, a Celery worker with 2
processes and Celery beat on a queue of their own, Redis); the synthesis and
the open-data files are rebuilt by the worker as in production
(``DATA_BUILD_COUNTDOWN`` and ``DATA_BUILD_MIN_INTERVAL`` at their defaults).

In each country of ``bench.cast.CAMPAIGN_COUNTRIES`` a manager, logged in
over HTTP, opens the yearly form of one of their MHOs, saves it as a draft,
opens it again and submits it (warnings confirmed), following each redirect
as a browser does; the country's focal point opens each submitted record and
validates it. Every POST (draft, submit, validate) waits for its turn at
``rate`` writes per second in all, for ``seconds`` seconds. Meanwhile 2
visitor connections browse ``bench.paths.CAMPAIGN_VISITS`` back to back,
and ``bench.freshness`` watches when each validated record shows in the
synthesis page and in /data/inventory.csv.

Baseline: the same visitor load on the bare hello-world app, before the day.
"""

import math
import os
import sys
import threading
import time

from ops.client import Client
from ops.processes import celery_beat, celery_worker

from . import cast
from .freshness import Freshness
from .load import run
from .pages import public_values
from .paths import CAMPAIGN_VISITS, FRESH_FILE, FRESH_SYNTHESIS
from .rows import statuses
from .server import collectstatic, gunicorn, product_env, redis_cleanup
from .stats import goal, median
from .writers import Day, Pacer

CONCURRENCY = 2
P95_LIMIT = 15
# Seconds within which a validated record must show in the synthesis and the
# files: the bound of the production smoke test (docs/deploy.md).
FRESHNESS_BOUND = 120
# Seconds of watching after the last write for records still not shown.
TAIL = 3 * FRESHNESS_BOUND
# Writes of one record: draft, submit, validate.
WRITES_PER_RECORD = 3


def _visit(paths):
    def send(conn, index):
        response, _ = conn.request("GET", paths[index % len(paths)])
        return response.status

    return send


def _files_current() -> None:
    """The synthesis rebuilt and the files built before the day starts, so
    that the day's worker starts from a served build (untimed)."""
    from opendata.exports.schedule import data_build_if_stale
    from opendata.services.refresh import synthesis_refresh_dirty

    synthesis_refresh_dirty()
    data_build_if_stale(min_interval=0)


def _task_failures(log) -> int:
    try:
        return log.read_text(errors="replace").count("Traceback")
    except FileNotFoundError:
        return 0


def measure(*, runs: int, context: dict) -> list[dict]:
    seconds, rate = context["campaign_seconds"], context["write_rate"]
    per_country = math.ceil(
        rate * seconds / WRITES_PER_RECORD / len(cast.CAMPAIGN_COUNTRIES)
    )
    data = cast.campaign_cast(records=per_country + 5)
    values = public_values()
    visits = [path.format(**values) for path in CAMPAIGN_VISITS]
    _files_current()
    env = product_env(context)
    collectstatic(env)
    env["CELERY_QUEUE"] = f"bench-{os.getpid()}"
    workers = {**env, "LOG_LEVEL": "INFO"}
    tmp = context["tmp"]
    try:
        with (
            gunicorn(
                "concertation.wsgi:application", env, tmp / "campaign.log"
            ) as port,
            gunicorn("bench.hello_wsgi:application", env, tmp / "hello.log") as hello,
            celery_worker(workers, tmp / "worker.log", queue=env["CELERY_QUEUE"]),
            celery_beat(workers, tmp / "beat.log", schedule=tmp / "beat-schedule"),
        ):
            for path in visits:  # each page once in the cache, every worker warm
                for _ in range(4):
                    Client(port).get(path)
            load = {"concurrency": CONCURRENCY, "max_requests": 10**7}
            duration = context["duration"]
            baseline = [
                run(hello, _visit(visits), duration=duration, **load)
                for _ in range(runs)
            ]
            day, freshness, visitors = _day(port, data, visits, seconds, rate)
    finally:
        redis_cleanup(env)
    failures = _task_failures(tmp / "worker.log")
    context["campaign_raw"] = {
        "visitors": visitors,
        "baseline": baseline,
        "writes": day.writes(),
        "errors": day.errors[:50],
        "freshness": freshness,
        "task_failures": failures,
    }
    return _goals(day, freshness, visitors, baseline, failures, seconds, rate)


def _day(port, data, visits, seconds, rate):
    """The day itself: writers and the freshness watch in threads, the
    visitors in this one; returns what each saw."""
    synthesis = {
        iso2: FRESH_SYNTHESIS.format(country=iso2) for iso2 in data["countries"]
    }
    freshness = Freshness(port, synthesis=synthesis, file=FRESH_FILE, year=data["year"])
    pacer = Pacer(rate, time.monotonic() + seconds)
    day = Day(port, data, pacer, freshness)
    writes_over = threading.Event()
    watch = threading.Thread(
        target=freshness.run, kwargs={"writes_over": writes_over, "tail": TAIL}
    )
    writers = threading.Thread(target=day.run)
    watch.start()
    writers.start()
    visitors = run(
        port,
        _visit(visits),
        concurrency=CONCURRENCY,
        duration=seconds,
        max_requests=10**7,
    )
    writers.join()
    writes_over.set()
    print(
        f"   campaign day: writes over, watching the synthesis and "
        f"{FRESH_FILE} for up to {TAIL} s",
        file=sys.stderr,
        flush=True,
    )
    watch.join()
    return day, freshness.summary(), visitors


def _goals(day, freshness, visitors, baseline, failures, seconds, rate):
    writes = day.writes()
    done = sum(writes.get(kind, {}).get("count", 0)
               for kind in ("draft", "submit", "validate"))  # fmt: skip
    label = "Campaign day"
    answered = statuses([visitors])
    b95 = median([r["p95"] for r in baseline])
    bad_visits = sum(n for status, n in answered.items() if status != 200)
    errors = bad_visits + len(day.errors) + failures
    rows = [
        goal(
            f"{label}: public pages p95 vs hello-world",
            product=visitors["p95"] * 1000,
            baseline=b95 * 1000,
            unit="ms",
            ratio=visitors["p95"] / b95,
            target=f"≤ {P95_LIMIT}",
            ok=visitors["p95"] / b95 <= P95_LIMIT,
            statuses=answered,
            requests=visitors["requests"],
            rps=visitors["rps"],
            baseline_rps=median([r["rps"] for r in baseline]),
        ),
        goal(
            f"{label}: errors (visitors, managers, focal points, tasks)",
            product=errors,
            baseline=None,
            unit="",
            ratio=None,
            target="0",
            ok=errors == 0,
            visitor_errors=bad_visits,
            writer_errors=day.errors[:20],
            task_failures=failures,
        ),
    ]
    validated = len(freshness["records"])
    for key, where in (("synthesis", "the synthesis page"), ("file", "inventory.csv")):
        worst, unseen = freshness[f"{key}_max_s"], freshness[f"{key}_unseen"]
        product = (
            worst if not unseen else f"{unseen} of {validated} unseen after {TAIL} s"
        )
        rows.append(
            goal(
                f"{label}: validated record in {where}, max delay",
                product=product if validated else "no record validated",
                baseline=None,
                unit="s",
                ratio=None,
                target=f"≤ {FRESHNESS_BOUND} s",
                ok=bool(validated) and not unseen and worst <= FRESHNESS_BOUND,
                validated=validated,
            )
        )
    p95s = [
        writes.get(kind, {}).get("p95_ms") for kind in ("draft", "submit", "validate")
    ]
    rows.append(
        goal(
            f"{label}: {done} writes in {seconds:.0f} s (asked: {rate:g}/s), "
            "p95 of draft / submit / validate (informative)",
            product=" / ".join("—" if v is None else f"{v:.0f}" for v in p95s),
            baseline=None,
            unit="ms",
            ratio=None,
            target="—",
            ok=None,
            writes=writes,
        )
    )
    return rows
