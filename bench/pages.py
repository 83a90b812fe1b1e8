"""Public pages under gunicorn (2 sync workers, production settings), with the
page cache on and off, vs a bare hello-world WSGI app (``bench.hello_wsgi``)
served by gunicorn with the same workers, on the same machine.

Three portal servers run side by side on the same database and Redis: one as
in production (``PAGE_CACHE_SECONDS`` default, the page cache on), one with
``PAGE_CACHE_SECONDS=0`` (every request renders the page: what visitors get
after each change of the data), and the hello-world Django view behind the
portal's middleware (informative). For each page and each run, the same
bounded load (2 keep-alive connections, one per worker, back to back, for
``duration`` seconds) goes to the cached portal, the uncached portal, the
hello-world app and the Django hello view in turn; time per request is
measured by the client over loopback.

The pages of ``bench.paths.PUBLIC`` are measured this way, then those of
``bench.paths.ROUND`` that are there (the others print "not present yet").
"""

from .load import Connection, run
from .paths import PUBLIC, ROUND, public_paths
from .rows import edition_of, p95_goal, probe, throughput_goal, unmeasured
from .server import collectstatic, gunicorn, product_env, redis_cleanup
from .stats import median

CONCURRENCY = 2
P95_LIMIT = 15
THROUGHPUT_SHARE = 1 / 15
WARM_UP = 20


def public_values() -> dict:
    """The placeholders of the public pages (no user needed)."""
    from inventory.models import MutualHealthOrganization, YearlyRecord
    from organizations.models import Country

    from .paths import COUNTRY

    code = (
        MutualHealthOrganization.objects.approved()
        .filter(country__iso2=COUNTRY)
        .order_by("code")
        .values_list("code", flat=True)
        .first()
    )
    last_year = (
        YearlyRecord.objects.filter(state=YearlyRecord.State.VALIDATED)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return {
        "country": COUNTRY,
        "country_pk": Country.objects.get(iso2=COUNTRY).pk,
        "code": code,
        "last_year": last_year,
    }


def _get(path):
    def send(conn, _index):
        response, _ = conn.request("GET", path)
        return response.status

    return send


def _load(port, path, duration, max_requests):
    return run(
        port,
        _get(path),
        concurrency=CONCURRENCY,
        duration=duration,
        max_requests=max_requests,
    )


def _measure_page(servers: dict, path: str, runs: int, duration: float) -> dict:
    for name in ("cached", "uncached", "django_hello"):
        for _ in range(WARM_UP):  # caches, connections, imports
            Connection(servers[name]).request("GET", path)
    measured = {name: [] for name in servers}
    for _ in range(runs):
        for name, port in servers.items():
            limit = 20000 if "hello" in name else 5000
            measured[name].append(_load(port, path, duration, limit))
    return measured


def _goals(name: str, path: str, measured: dict, first_ms) -> list[dict]:
    results = []
    hello, view = measured["hello"], measured["django_hello"]
    v95 = median([r["p95"] for r in view])
    vrps = median([r["rps"] for r in view])
    for kind in ("cached", "uncached"):
        product = measured[kind]
        p95 = median([r["p95"] for r in product])
        rps = median([r["rps"] for r in product])
        info = {
            "path": path,
            "page_cache": kind,
            "django_hello_p95_ms": v95 * 1000,
            "django_hello_rps": vrps,
            "first_ms": first_ms if kind == "uncached" else None,
        }
        label = f"Page {name} ({kind})"
        results.append(
            p95_goal(
                label,
                product,
                hello,
                limit=P95_LIMIT,
                ratio_vs_django_hello=round(p95 / v95, 2),
                **info,
            )
        )
        results.append(
            throughput_goal(
                label,
                product,
                hello,
                share=THROUGHPUT_SHARE,
                ratio_vs_django_hello=round(rps / vrps, 3),
                **info,
            )
        )
    return results


def _round_pages(port: int, values: dict):
    """(page, probe) of the pages added by this round."""
    values = dict(values)
    index = next(page for page in ROUND if page.name == "editions index")
    edition = edition_of(port, index, values)
    if edition:
        values["edition"] = edition
    return [(page, probe(port, page, values)) for page in ROUND]


def measure(*, runs: int, context: dict) -> list[dict]:
    duration = context["duration"]
    env = product_env(context)
    collectstatic(env)
    values = public_values()
    context["page_paths"] = public_paths(values)
    log = context["tmp"] / "gunicorn.log"
    results, raw = [], {}
    try:
        with (
            gunicorn("concertation.wsgi:application", env, log, "/healthz") as cached,
            gunicorn(
                "concertation.wsgi:application",
                {**env, "PAGE_CACHE_SECONDS": "0"},
                log,
                "/healthz",
            ) as uncached,
            gunicorn("bench.hello_wsgi:application", env, log) as hello,
            gunicorn(
                "concertation.wsgi:application",
                {**env, "DJANGO_SETTINGS_MODULE": "bench.hello_settings"},
                log,
            ) as django_hello,
        ):
            servers = {
                "cached": cached,
                "uncached": uncached,
                "hello": hello,
                "django_hello": django_hello,
            }
            pages = [(page, probe(uncached, page, values)) for page in PUBLIC]
            pages += _round_pages(uncached, values)
            for page, found in pages:
                if found.path is None:
                    results.append(unmeasured(page.name, found, f"≤ {P95_LIMIT}"))
                    continue
                measured = _measure_page(servers, found.path, runs, duration)
                raw[page.name] = measured
                results += _goals(page.name, found.path, measured, found.first_ms)
    finally:
        redis_cleanup(env)
    context["pages_raw"] = raw
    return results
