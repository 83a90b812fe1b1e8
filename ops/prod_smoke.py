"""``python -m ops.prod_smoke``: the production topology, end to end.

Creates its own PostgreSQL database, deploys into it as in production
(migrate, directory, a little demonstration data, data files, collectstatic,
``check --deploy``), starts gunicorn (deploy/gunicorn.conf.py), a Celery
worker and Celery beat as separate processes on a Redis database nobody uses
and a queue of their own, then over HTTP: an MHO manager logs in and submits
a yearly record with a new figure, the country's focal point logs in and
validates it, and the script polls the synthesis page and /data/inventory.csv
until the figure appears (the worker rebuilds both). Beat must send its first
scheduled task before the end. When an nginx binary is at hand (on PATH, or
--nginx), deploy/nginx.conf is put in front of gunicorn (ops/nginx.py): every
request goes through it and the data files are sent by nginx through
X-Accel-Redirect. Exit code 0 only when all of this happened; the processes
are stopped and the database dropped in every case.
"""

import argparse
import os
import random
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path

from bench.env import ROOT, database_create, database_drop, django_setup
from bench.server import redis_cleanup

from .nginx import ACCEL_LOCATION, nginx
from .processes import (
    celery_beat,
    celery_worker,
    close_connections,
    gunicorn,
    production_env,
    wait_for,
)
from .smoke_flow import COUNTRY, check_nginx, flow, step


def _arguments(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m ops.prod_smoke",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=120,
        help="seconds to wait for the synthesis and the downloads",
    )
    parser.add_argument("--mhos", type=int, default=60)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument(
        "--nginx",
        default=shutil.which("nginx"),
        help="nginx binary to put deploy/nginx.conf in front (default: on PATH)",
    )
    parser.add_argument("--no-nginx", dest="nginx", action="store_const", const=None)
    parser.add_argument(
        "--keep-logs",
        action="store_true",
        help="keep the temporary folder with the logs",
    )
    return parser.parse_args(argv)


def _environment(database_url: str, tmp: Path, *, behind_nginx: bool) -> dict:
    env = production_env(database_url, tmp, name="smoke")
    env.update(
        # Build the files a few seconds after the change instead of a minute.
        DATA_BUILD_COUNTDOWN="2",
        DATA_BUILD_MIN_INTERVAL="0",
        LOG_LEVEL="INFO",
    )
    if behind_nginx:
        env.update(DATA_FILES_ACCEL_REDIRECT=ACCEL_LOCATION, API_NUM_PROXIES="1")
    return env


def _deploy(env: dict, *, mhos: int, years: int) -> None:
    """The steps of a deployment, each a management command in production."""
    manage = [sys.executable, "manage.py"]
    commands = [
        ["migrate", "--noinput", "-v", "0"],
        ["load_network", "-v", "0"],
        ["seed_demo", "--mhos", str(mhos), "--years", str(years), "--seed", "7"],
        ["build_data_files"],
        ["collectstatic", "--noinput", "-v", "0"],
        ["check", "--deploy", "--fail-level", "WARNING"],
    ]
    for command in commands:
        step("manage.py " + " ".join(command))
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True)


def _accounts(database_url: str, tmp: Path) -> dict:
    """A manager of one Senegalese MHO, a reviewer of Senegal, an open
    campaign: what the secretariat would set up in the admin."""
    django_setup(database_url, tmp)
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from inventory.models import Campaign, MHOManagement, MutualHealthOrganization
    from organizations.models import FocalPoint

    users = get_user_model().objects
    password = secrets.token_urlsafe(16)
    today = timezone.localdate()
    Campaign.objects.get_or_create(
        year=today.year,
        defaults={"opens_on": today, "closes_on": today + timedelta(days=30)},
    )
    mho = (
        MutualHealthOrganization.objects.approved()
        .filter(country__iso2=COUNTRY)
        .exclude(records__year=today.year)
        .order_by("code")
        .first()
    )
    manager = users.create_user(email="smoke-manager@example.org", password=password)
    MHOManagement.objects.create(user=manager, mho=mho, status="approved")
    focal = users.create_user(email="smoke-focal@example.org", password=password)
    focal_point = FocalPoint.objects.filter(country__iso2=COUNTRY).first()
    focal_point.reviewers.add(focal)
    return {
        "password": password,
        "manager": manager.email,
        "focal": focal.email,
        "code": mho.code,
        "year": today.year,
    }


def _record_pk(code: str, year: int) -> int:
    from inventory.models import YearlyRecord

    return YearlyRecord.objects.get(mho__code=code, year=year).pk


def _run(args, tmp: Path, database_url: str, env: dict) -> dict:
    _deploy(env, mhos=args.mhos, years=args.years)
    data = _accounts(database_url, tmp)
    data["figure"] = random.randint(700_001, 799_999)
    logs = {name: tmp / f"{name}.log" for name in ("gunicorn", "worker", "beat")}
    with ExitStack() as stack:
        port = stack.enter_context(gunicorn(env, logs["gunicorn"], workers=2))
        front = port
        if not args.nginx:
            step("no nginx binary (--nginx): gunicorn alone, no X-Accel-Redirect")
        else:
            front = stack.enter_context(
                nginx(
                    args.nginx,
                    upstream=port,
                    data_root=Path(env["MEDIA_ROOT"]) / "data",
                    tmp=tmp / "nginx",
                    env=env,
                )
            )
        stack.enter_context(
            celery_worker(env, logs["worker"], queue=env["CELERY_QUEUE"])
        )
        beat = stack.enter_context(
            celery_beat(env, logs["beat"], schedule=tmp / "celerybeat-schedule")
        )
        beat_started = time.monotonic()
        behind = f" behind nginx on 127.0.0.1:{front}" if args.nginx else ""
        step(f"gunicorn on 127.0.0.1:{port}{behind}, worker on queue "
             f"{env['CELERY_QUEUE']}, beat, Redis {env['REDIS_URL']}")  # fmt: skip
        result = flow(front, data, timeout=args.timeout, record_pk=_record_pk)
        if args.nginx:
            check_nginx(front)
        # The sweeps run every minute: beat must have sent one by then.
        left = max(1.0, 90 - (time.monotonic() - beat_started))
        wait_for(
            lambda: "Sending due task" in logs["beat"].read_text(errors="replace"),
            timeout=left,
            what="beat to send its first scheduled task",
        )
        if beat.poll() is not None:
            raise RuntimeError("beat stopped")
        step("beat sent its first scheduled task")
    worker_log = logs["worker"].read_text(errors="replace")
    for task in ("inventory.rebuild_synthesis", "inventory.build_data_files"):
        if not re.search(rf"Task {re.escape(task)}\[[^\]]+\] succeeded", worker_log):
            raise RuntimeError(f"the worker log shows no successful {task}")
    return result


def main(argv=None) -> int:
    args = _arguments(argv)
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="concertation-smoke-"))
    name = f"concertation_smoke_{os.getpid()}"
    step(f"database {name}, temporary folder {tmp}")
    database_url = database_create(name)
    env = _environment(database_url, tmp, behind_nginx=bool(args.nginx))
    ok = False
    try:
        result = _run(args, tmp, database_url, env)
        ok = True
    except Exception as error:  # noqa: BLE001 — reported, then cleaned up
        step(f"FAILED: {error}")
        for log in sorted(tmp.glob("*.log")):
            print(f"--- {log.name} (end)\n{log.read_text(errors='replace')[-3000:]}")
    finally:
        close_connections()
        redis_cleanup(env)
        database_drop(name)
        if args.keep_logs or not ok:
            step(f"logs kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    total = time.monotonic() - started
    if not ok:
        step(f"prod-smoke FAILED after {total:.0f} s")
        return 1
    step(f"prod-smoke passed in {total:.0f} s: synthesis changed after "
          f"{result['synthesis_seconds']} s, downloads after "
          f"{result['download_seconds']} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
