"""``python -m ops.loadtest``: the portal under load, as in production.

Creates its own PostgreSQL database (``concertation_loadtest``), fills it as
``seed_demo --mhos 1000 --years 10``, ``load_network`` and
``build_data_files`` would, serves it with gunicorn (production settings,
deploy/gunicorn.conf.py, Redis cache on a Redis database nobody uses),
checks each path once, loads it 10 s unmeasured (every worker warm), then
runs ``wrk -t2 -c50 -d60s --latency`` with ops/loadtest.lua rotating over the
public pages and the API. Prints a table, writes loadtest-results.json, drops
the database. Exit code 1 when any answer was not 2xx/3xx.

One load generator is one address: the API's anonymous throttle
(API_ANON_RATE, 120/minute) would refuse nearly all of its requests, so the
server runs with API_ANON_RATE=1000000/minute. Everything else is as in
production.
"""

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.env import ROOT, database_create, database_drop, django_setup, prepare
from bench.load import Connection
from bench.server import collectstatic, redis_cleanup

from .processes import close_connections, gunicorn, production_env

LUA = ROOT / "ops" / "loadtest.lua"
THROTTLE = "1000000/minute"
# What nginx tells gunicorn; production settings redirect plain HTTP.
HTTPS = {"X-Forwarded-Proto": "https"}


def _arguments(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m ops.loadtest",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument(
        "--warmup", type=int, default=10, help="seconds of load before measuring"
    )
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--mhos", type=int, default=1000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--workers",
        type=int,
        help="gunicorn workers (default: deploy/gunicorn.conf.py, 2 × cores + 1)",
    )
    parser.add_argument("--database", default="concertation_loadtest")
    parser.add_argument("--json", default="loadtest-results.json")
    return parser.parse_args(argv)


def _say(message: str) -> None:
    print(f"[loadtest] {message}", flush=True)


def load_paths() -> list[str]:
    """Public pages and API reads over the data of the load-test database."""
    from django.db.models import Count

    from inventory.models import MutualHealthOrganization, YearlyRecord

    mhos = MutualHealthOrganization.objects.approved().order_by("code")
    codes = list(mhos.values_list("code", flat=True)[::97][:10])
    countries = list(
        mhos.values("country__iso2")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("country__iso2", flat=True)[:5]
    )
    year = YearlyRecord.objects.public().order_by("-year").first().year
    records = list(
        YearlyRecord.objects.public().order_by("pk").values_list("pk", flat=True)[::997]
    )[:5]
    main = countries[0]
    pages = [
        "/fr/",
        "/en/",
        "/fr/inventory/",
        f"/fr/inventory/?country={main}",
        f"/fr/inventory/?country={countries[1]}&status=functional",
        "/fr/inventory/?q=mutuelle",
        "/fr/inventory/?page=3",
        *(f"/fr/inventory/{code}/" for code in codes),
        "/fr/synthesis/",
        *(f"/fr/synthesis/{iso2}/" for iso2 in countries),
        "/en/synthesis/",
        "/fr/focal-points/",
        "/fr/organizations/",
        "/fr/committees/",
        "/fr/news/",
        "/fr/events/",
        "/fr/resources/",
        "/fr/forums/",
        "/fr/newsletter/",
        "/fr/data/",
    ]
    api = [
        "/api/v1/countries/",
        f"/api/v1/countries/{main}/",
        "/api/v1/mhos/",
        f"/api/v1/mhos/?country={main}",
        *(f"/api/v1/mhos/{code}/" for code in codes[:5]),
        f"/api/v1/records/?country={main}&year={year}",
        f"/api/v1/records/?year={year}&status=functional",
        *(f"/api/v1/records/{pk}/" for pk in records),
        f"/api/v1/synthesis/?country={main}",
        f"/api/v1/synthesis/?year={year}",
    ]
    return pages + api


def preflight(port: int, paths: list[str]) -> dict[str, dict]:
    """Each path once, alone: its status and the time of that first answer."""
    answers = {}
    connection = Connection(port)
    for path in paths:
        started = time.perf_counter()
        response, _body = connection.request("GET", path, headers=HTTPS)
        seconds = time.perf_counter() - started
        answers[path] = {"status": response.status, "ms": round(seconds * 1000, 1)}
    connection.close()
    return answers


def _slowest(answers: dict[str, dict], count: int = 5) -> str:
    rows = sorted(answers.items(), key=lambda item: -item[1]["ms"])[:count]
    lines = ["| slowest first answers, alone | status | ms |", "| --- | --- | --- |"]
    lines += [f"| {path} | {a['status']} | {a['ms']:.0f} |" for path, a in rows]
    return "\n".join(lines)


def run_wrk(port: int, paths_file: Path, args, *, duration: int) -> dict:
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}",
               f"-d{duration}s", "--latency", "--timeout", "30s", "-s", str(LUA),
               f"http://127.0.0.1:{port}", "--", str(paths_file)]  # fmt: skip
    _say(" ".join(command))
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(x for x in output.splitlines() if x.startswith("LOADTEST_JSON "))
    figures = json.loads(line.removeprefix("LOADTEST_JSON "))
    # wrk prints this line only when there were such answers.
    printed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if int(printed[1] if printed else 0) != figures["non_2xx_3xx"]:
        raise RuntimeError("wrk's summary and its script disagree")
    figures["command"] = " ".join(command)
    figures["output"] = output
    return figures


def table(figures: dict) -> str:
    seconds = figures["duration_us"] / 1e6
    latency = figures["latency_us"]
    kinds = ("connect_errors", "read_errors", "write_errors", "timeouts")
    errors = sum(figures[kind] for kind in kinds)
    rows = [
        ("requests", f"{figures['requests']:,}"),
        ("requests per second", f"{figures['requests'] / seconds:.1f}"),
        ("non-2xx/3xx answers", f"{figures['non_2xx_3xx']:,}"),
        ("socket errors and timeouts", f"{errors:,}"),
        ("latency p50", f"{latency['p50'] / 1000:.0f} ms"),
        ("latency p90", f"{latency['p90'] / 1000:.0f} ms"),
        ("latency p99", f"{latency['p99'] / 1000:.0f} ms"),
        ("latency max", f"{latency['max'] / 1000:.0f} ms"),
    ]
    lines = ["| measure | value |", "| --- | --- |"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    return "\n".join(lines)


def _machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "load_average_before": os.getloadavg(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def main(argv=None) -> int:
    args = _arguments(argv)
    if shutil.which("wrk") is None:
        _say("wrk is not installed (apt-get install wrk); `make loadtest` does it.")
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="concertation-loadtest-"))
    database_url = database_create(args.database)
    env = {}
    try:
        django_setup(database_url, tmp)
        _say(f"seeding {args.mhos} MHOs × {args.years} years into {args.database}")
        data = prepare(mhos=args.mhos, years=args.years, seed=args.seed)
        from django.core.management import call_command

        call_command("build_data_files", verbosity=0)
        paths = load_paths()
        paths_file = tmp / "paths.txt"
        paths_file.write_text("\n".join(paths) + "\n")
        env = production_env(database_url, tmp, name="loadtest")
        env.update(API_ANON_RATE=THROTTLE)
        collectstatic(env)
        _say(
            f"API_ANON_RATE={THROTTLE} on this server: one load generator is one "
            "address, the production limit (120/minute) would refuse it"
        )
        with gunicorn(env, tmp / "gunicorn.log", workers=args.workers) as port:
            answers = preflight(port, paths)
            failing = {p: a["status"] for p, a in answers.items() if a["status"] != 200}
            _say(f"{len(paths)} paths, {len(failing)} not 200 before the load")
            for path, status in failing.items():
                _say(f"  {status} {path}")
            print(_slowest(answers), flush=True)
            # Every worker's caches filled before the clock starts.
            _say(f"warm-up, not measured: {args.warmup} s")
            run_wrk(port, paths_file, args, duration=args.warmup)
            machine = _machine()
            figures = run_wrk(port, paths_file, args, duration=args.duration)
            print(figures["output"], flush=True)
    finally:
        close_connections()
        if env:
            redis_cleanup(env)
        database_drop(args.database)
        shutil.rmtree(tmp, ignore_errors=True)
    print(table(figures))
    report = _report(
        args, machine=machine, data=data, paths=paths, answers=answers, figures=figures
    )
    Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    _say(f"results written to {args.json}")
    return 1 if figures["non_2xx_3xx"] or failing else 0


def _report(args, *, machine, data, paths, answers, figures) -> dict:
    return {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine,
        "data": data,
        "settings": {
            "connections": args.connections,
            "threads": args.threads,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "gunicorn_workers": args.workers or "deploy/gunicorn.conf.py default",
            "API_ANON_RATE": THROTTLE,
        },
        "paths": paths,
        "preflight": answers,
        "results": figures,
    }


if __name__ == "__main__":
    sys.exit(main())
