"""``python -m bench [--small] [--runs N] [--json PATH] [--only NAMES] [--keep]``

Creates its own PostgreSQL database, generates the demo data with
``demo_generate``, runs each measurement side by side with its baseline
(median of ``--runs`` runs, at least 3), prints a Markdown table and writes
the results as JSON.
"""

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from . import env
from .stats import table

MEASUREMENTS = [
    "csv",
    "xlsx",
    "synthesis",
    "import",
    "pages",
    "private",
    "campaign",
    "browser",
    "editions",
]
FULL = {"mhos": 20000, "years": 25}
SMALL = {"mhos": 1000, "years": 10}


def _arguments(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--small",
        action="store_true",
        help="1,000 MHOs × 10 years instead of 20,000 × 25",
    )
    parser.add_argument("--mhos", type=int)
    parser.add_argument("--years", type=int)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", default="bench-results.json")
    parser.add_argument(
        "--only",
        default=",".join(MEASUREMENTS),
        help="comma-separated subset of " + ",".join(MEASUREMENTS),
    )
    parser.add_argument("--database", default="bench_concertation")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the database (and reuse it with --reuse)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="reuse a database kept by --keep: no seeding",
    )
    parser.add_argument(
        "--duration",
        type=float,
        default=None,
        help="seconds of load per page (default 10, 4 with --small)",
    )
    parser.add_argument(
        "--campaign-seconds",
        type=float,
        default=None,
        help="seconds of writes in the campaign day (default 120, 60 with --small)",
    )
    parser.add_argument(
        "--write-rate",
        type=float,
        default=1.0,
        help="writes per second in the campaign day (default 1)",
    )
    return parser.parse_args(argv)


def _machine() -> dict:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
    try:
        pg = subprocess.run(
            ["psql", "-X", "-At", "-d", env.server_url(), "-c", "SHOW server_version"],
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        pg = ""
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(int(memory) / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": pg,
    }


def _run(name, args, context, results, errors):
    from . import admin_import, csv_export, synthesis, xlsx_export

    runs = max(3, args.runs)
    started = time.perf_counter()
    print(f"-- {name} ...", file=sys.stderr, flush=True)
    try:
        if name == "csv":
            found = csv_export.measure(runs=runs, database_url=context["url"])
        elif name == "xlsx":
            found = xlsx_export.measure(runs=runs, tmp=context["tmp"])
        elif name == "synthesis":
            found = synthesis.measure(runs=runs)
        elif name == "import":
            found = admin_import.measure(runs=runs)
        elif name == "pages":
            from . import pages

            found = pages.measure(runs=runs, context=context)
        elif name == "private":
            from . import private

            found = private.measure(runs=runs, context=context)
        elif name == "campaign":
            from . import campaign

            found = campaign.measure(runs=runs, context=context)
        elif name == "editions":
            from . import editions

            found = editions.measure(runs=runs)
        elif name == "browser":
            from . import browser

            found = browser.measure(context=context)
        else:
            raise ValueError(name)
    except Exception as error:
        traceback.print_exc()
        errors[name] = repr(error)
        return
    print(f"   {name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    results.extend(found)


def _write(path, report, context) -> None:
    report["raw"] = {
        key: context[key]
        for key in ("pages_raw", "private_raw", "campaign_raw", "browser_raw")
        if key in context
    }
    Path(path).write_text(json.dumps(report, indent=2, default=str) + "\n")


def main(argv=None) -> int:
    args = _arguments(argv)
    scale = dict(SMALL if args.small else FULL)
    if args.mhos:
        scale["mhos"] = args.mhos
    if args.years:
        scale["years"] = args.years
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    url = (
        env.with_name(env.server_url(), args.database)
        if args.reuse
        else env.database_create(args.database)
    )
    env.django_setup(url, tmp)
    report = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": scale,
        "runs": max(3, args.runs),
        "machine": _machine(),
        "results": [],
        "errors": {},
    }
    context = {
        "url": url,
        "tmp": tmp,
        "small": args.small,
        "duration": args.duration or (4.0 if args.small else 10.0),
        "campaign_seconds": args.campaign_seconds or (60.0 if args.small else 120.0),
        "write_rate": args.write_rate,
    }
    try:
        if args.reuse:
            from inventory.models import MutualHealthOrganization, YearlyRecord

            report["data"] = {
                "mhos": MutualHealthOrganization.objects.count(),
                "records": YearlyRecord.objects.count(),
                "reused": True,
            }
        else:
            print(
                f"-- seeding {scale['mhos']} MHOs × {scale['years']} years ...",
                file=sys.stderr,
                flush=True,
            )
            report["data"] = env.prepare(seed=args.seed, **scale)
        print(f"   {report['data']}", file=sys.stderr)
        for name in [n.strip() for n in args.only.split(",") if n.strip()]:
            _run(name, args, context, report["results"], report["errors"])
            # Written after each measurement: an interrupted run keeps its results.
            _write(args.json, report, context)
    finally:
        from django.db import connections

        from kernel.queue import tasks_cancel_pending

        # Queued for later in this process (the files' build after a change):
        # never run here, see env.django_setup.
        tasks_cancel_pending()
        connections.close_all()
        if not args.keep:
            env.database_drop(args.database)
        shutil.rmtree(tmp, ignore_errors=True)
    report["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    print(table(report["results"]))
    for name, error in report["errors"].items():
        print(f"{name}: FAILED {error}")
    _write(args.json, report, context)
    print(f"Results written to {args.json}", file=sys.stderr)
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
