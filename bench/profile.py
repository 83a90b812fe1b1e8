"""Profile fresh renders of the benchmark's pages in-process, on a bench
database kept by ``--keep``: for each page, its queries (count and time) and
its time, and on demand the functions that take it (cProfile).

    python -m bench.profile --database bench_full
    python -m bench.profile --database bench_full --only "review queue" --cprofile 25

Every page of ``bench.paths`` (public, this round's, logged-in) is asked for
with Django's test client, logged in as its role of ``bench.cast`` (the same
users the load rows use), with the page cache off: what the first visitor
after a change, or any logged-in user, gets. The yearly form submit is
profiled too (``form submit``), on an MHO without a record this year.
No server, no load: the figures say where the time of one render goes.
"""

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

from . import env


def _arguments(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("--database", default="bench_full")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default="", help="comma-separated page names")
    parser.add_argument(
        "--cprofile", type=int, default=0, help="print the N costliest functions"
    )
    parser.add_argument(
        "--queries", action="store_true", help="print the slowest queries of a page"
    )
    parser.add_argument(
        "--explain", type=int, default=0, help="EXPLAIN ANALYZE the N slowest queries"
    )
    return parser.parse_args(argv)


def _pages(values):
    from .paths import PRIVATE, PUBLIC, ROUND

    pages = [(page, "public") for page in PUBLIC + ROUND]
    pages += [(page, page.role) for page in PRIVATE]
    out = []
    for page, role in pages:
        try:
            path = page.path.format(**values)
        except KeyError:
            continue
        out.append((page.name, path, None if role == "public" else role))
    return out


def _client(role, emails):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_X_FORWARDED_PROTO="https")
    if role:
        client.force_login(get_user_model().objects.get(email=emails[role]))
    return client


def _explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "".join(f"        {row[0]}\n" for row in cursor.fetchall())


def _measure(client, path, repeat, cprofile, show_queries, explain=0):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)  # warm: sessions, templates, shared values
    timings, queries = [], None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            timings.append(time.perf_counter() - started)
        queries = captured.captured_queries
    line = (
        f"{response.status_code} {statistics.median(timings) * 1000:8.1f} ms "
        f"{len(queries):3d} queries "
        f"{sum(float(q['time']) for q in queries) * 1000:7.1f} ms in SQL"
    )
    detail = ""
    if show_queries:
        slow = sorted(queries, key=lambda q: -float(q["time"]))[:8]
        detail += "".join(
            f"      {float(q['time']) * 1000:7.1f} ms  {q['sql'][:300]}\n" for q in slow
        )
    for query in sorted(queries, key=lambda q: -float(q["time"]))[:explain]:
        if query["sql"].startswith("SELECT"):
            detail += f"      {query['sql'][:2000]}\n" + _explain(query["sql"])
    if cprofile:
        profiler = cProfile.Profile()
        profiler.enable()
        client.get(path)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(
            cprofile
        )
        detail += out.getvalue()
    return line, detail


def _form_submit(values, emails, repeat, cprofile):
    """Profile the yearly form's submit on MHOs without a record this year."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from . import cast
    from .forms import post_form

    client = _client("manager", emails)
    found = cast.private_cast(forms=repeat + 2)
    codes = found["form_codes"]
    timings, count = [], 0
    profiler = cProfile.Profile() if cprofile else None
    for index, code in enumerate(codes[: repeat + 1]):
        path = f"/fr/my/{code}/{values['year']}/"
        html = client.get(path).content.decode()
        fields = [
            (n, v)
            for n, v in post_form(html, "version")
            if n not in {"submit", "confirm_warnings"}
        ]
        data = {}
        for name, value in fields + [("confirm_warnings", "on"), ("submit", "1")]:
            data.setdefault(name, []).append(value)
        with CaptureQueriesContext(connection) as captured:
            if profiler and index == 1:
                profiler.enable()
            started = time.perf_counter()
            response = client.post(path, data)
            elapsed = time.perf_counter() - started
            if profiler and index == 1:
                profiler.disable()
        if response.status_code != 302:
            raise RuntimeError(f"POST {path}: {response.status_code}")
        if index:  # the first one warms
            timings.append(elapsed)
            count = len(captured)
    print(
        f"  {'form submit':40s} 302 {statistics.median(timings) * 1000:8.1f} ms "
        f"{count:3d} queries"
    )
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(
            cprofile
        )
        print(out.getvalue())


def main(argv=None) -> int:
    args = _arguments(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bench-profile-"))
    env.django_setup(env.with_name(env.server_url(), args.database), tmp)
    from django.test.utils import override_settings, setup_test_environment

    from . import cast

    setup_test_environment()
    found = cast.private_cast(forms=1)
    values = dict(found["values"])
    from editions.models import Edition

    first = Edition.objects.order_by("pk").values_list("pk", flat=True).first()
    values["edition"] = first or 0
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    with override_settings(
        PAGE_CACHE_SECONDS=0, ALLOWED_HOSTS=["*"], SECURE_SSL_REDIRECT=False
    ):
        for name, path, role in _pages(values):
            if only and name not in only:
                continue
            client = _client(role, found["emails"])
            line, detail = _measure(
                client, path, args.repeat, args.cprofile, args.queries, args.explain
            )
            print(f"  {name:40s} {line}   {path}", flush=True)
            if detail:
                print(detail, flush=True)
        if not only or "form submit" in only:
            _form_submit(values, found["emails"], args.repeat, args.cprofile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
