"""Public pages and the yearly form under gunicorn (2 sync workers, production
settings) vs a bare hello-world WSGI app (``bench.hello_wsgi``) served by
gunicorn with the same workers, on the same machine.

Each page gets a warm-up, then for each run a bounded load (2 keep-alive
connections, one per worker, back to back, for ``duration`` seconds), then
the same load on the hello-world server. Time per request is measured by the
client over loopback. The yearly form: a manager logged in over HTTP submits
the form of a different MHO each time (the fields as the GET page fills them,
CSRF token and cookie included); its baseline is the same POST to hello-world.
"""

import datetime
import re

from .forms import cookie_header, cookies_update, encode, post_form
from .load import Connection, run
from .server import collectstatic, gunicorn, product_env, redis_cleanup
from .stats import goal, median

CONCURRENCY = 2
PASSWORD = "bench-manager-pass-9"


def _paths(code: str) -> dict:
    return {
        "home": "/fr/",
        "inventory filtered": "/fr/inventory/?country=SN",
        "MHO detail": f"/fr/inventory/{code}/",
        "synthesis country": "/fr/synthesis/SN/",
        "focal points": "/fr/focal-points/",
        "API list": "/api/v1/records/?country=SN",
    }


def _data(forms: int) -> dict:
    """A Senegalese MHO to show, a manager of ``forms`` MHOs, an open campaign."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from inventory.models import Campaign, MHOManagement, MutualHealthOrganization

    code = (
        MutualHealthOrganization.objects.approved()
        .filter(country__iso2="SN")
        .order_by("code")
        .values_list("code", flat=True)
        .first()
    )
    today = timezone.localdate()
    campaign, _ = Campaign.objects.get_or_create(
        year=today.year,
        defaults={
            "opens_on": today - datetime.timedelta(days=1),
            "closes_on": today + datetime.timedelta(days=30),
        },
    )
    users = get_user_model().objects
    user = users.filter(email="bench-manager@example.org").first()
    if user is None:  # else a kept database (--keep, then --reuse)
        user = users.create_user(email="bench-manager@example.org", password=PASSWORD)
    mhos = list(
        MutualHealthOrganization.objects.approved()
        .exclude(records__year=campaign.year)
        .order_by("pk")[:forms]
    )
    for mho in mhos:
        MHOManagement.objects.update_or_create(
            user=user, mho=mho, defaults={"status": "approved"}
        )
    return {
        "code": code,
        "email": user.email,
        "year": campaign.year,
        "form_codes": [mho.code for mho in mhos],
    }


def _login(port: int, email: str) -> dict:
    jar: dict = {}
    conn = Connection(port)
    response, body = conn.request("GET", "/fr/account/login/")
    cookies_update(jar, response)
    fields = dict(post_form(body.decode(), "csrfmiddlewaretoken"))
    fields.update(username=email, password=PASSWORD)
    response, body = conn.request(
        "POST",
        "/fr/account/login/",
        body=encode(list(fields.items())),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie_header(jar),
        },
    )
    cookies_update(jar, response)
    conn.close()
    if response.status != 302 or "sessionid" not in jar:
        raise RuntimeError(f"login failed: {response.status} {body[:300]!r}")
    return jar


def _form_bodies(port: int, jar: dict, codes: list[str], year: int) -> list:
    """(path, body) of each MHO's filled form, read before the clock starts."""
    conn = Connection(port, cookie_header(jar))
    bodies = []
    for code in codes:
        path = f"/fr/my/{code}/{year}/"
        response, html = conn.request("GET", path)
        if response.status != 200:
            raise RuntimeError(f"GET {path}: {response.status}")
        fields = [
            (n, v)
            for n, v in post_form(html.decode(), "version")
            if n not in {"submit", "confirm_warnings"}
        ]
        fields += [("confirm_warnings", "on"), ("submit", "1")]
        bodies.append((path, encode(fields)))
    conn.close()
    return bodies


def _get(path):
    def send(conn, _index):
        response, _ = conn.request("GET", path)
        return response.status

    return send


def _post(bodies, csrf):
    def send(conn, index):
        path, body = bodies[index]
        response, _ = conn.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": csrf,
                "Referer": f"http://127.0.0.1{path}",
            },
        )
        return response.status

    return send


def measure(*, runs: int, context: dict) -> list[dict]:
    duration = context["duration"]
    env = product_env(context)
    collectstatic(env)
    forms = 200 if context["small"] else 600
    data = _data(forms)
    context["page_paths"] = _paths(data["code"])
    log = context["tmp"] / "gunicorn.log"
    results, raw = [], {}
    try:
        with (
            gunicorn("concertation.wsgi:application", env, log, "/healthz") as port,
            gunicorn("bench.hello_wsgi:application", env, log) as hello,
            gunicorn(
                "concertation.wsgi:application",
                {**env, "DJANGO_SETTINGS_MODULE": "bench.hello_settings"},
                log,
            ) as django_hello,
        ):
            for name, path in context["page_paths"].items():
                for _ in range(20):  # warm-up: caches, connections, imports
                    Connection(port).request("GET", path)
                for _ in range(20):
                    Connection(django_hello).request("GET", path)
                product, baseline, view = [], [], []
                for _ in range(runs):
                    product.append(
                        run(
                            port,
                            _get(path),
                            concurrency=CONCURRENCY,
                            duration=duration,
                            max_requests=5000,
                        )
                    )
                    baseline.append(
                        run(
                            hello,
                            _get(path),
                            concurrency=CONCURRENCY,
                            duration=duration,
                            max_requests=20000,
                        )
                    )
                    view.append(
                        run(
                            django_hello,
                            _get(path),
                            concurrency=CONCURRENCY,
                            duration=duration,
                            max_requests=20000,
                        )
                    )
                raw[name] = {
                    "product": product,
                    "baseline": baseline,
                    "django_hello": view,
                }
                results += _page_goals(name, path, product, baseline, view)
            try:
                servers = (port, hello, django_hello)
                results.append(_form(*servers, data, runs, duration, raw))
            except Exception as error:  # keep the pages' results
                results.append(
                    goal(
                        "Yearly form submit p95 vs hello-world POST",
                        product=None,
                        baseline=None,
                        unit="ms",
                        ratio=None,
                        target="≤ 25",
                        ok=None,
                        error=repr(error),
                    )
                )
    finally:
        redis_cleanup(env)
    context["pages_raw"] = raw
    return results


def _merge(runs_: list[dict]) -> dict:
    merged: dict = {}
    for result in runs_:
        for status, count in result["statuses"].items():
            merged[status] = merged.get(status, 0) + count
    return merged


def _page_goals(name, path, product, baseline, view):
    p95 = median([r["p95"] for r in product])
    b95 = median([r["p95"] for r in baseline])
    rps = median([r["rps"] for r in product])
    brps = median([r["rps"] for r in baseline])
    v95 = median([r["p95"] for r in view])
    vrps = median([r["rps"] for r in view])
    statuses = _merge(product)
    good = set(statuses) == {200}
    info = {"django_hello_p95_ms": v95 * 1000, "django_hello_rps": vrps}
    return [
        goal(
            f"Page {name} p95 vs hello-world",
            product=p95 * 1000,
            baseline=b95 * 1000,
            unit="ms",
            ratio=p95 / b95,
            target="≤ 15",
            ok=p95 / b95 <= 15 and good,
            path=path,
            statuses=statuses,
            requests=[r["requests"] for r in product],
            **info,
            ratio_vs_django_hello=round(p95 / v95, 2),
        ),
        goal(
            f"Page {name} throughput vs hello-world",
            product=rps,
            baseline=brps,
            unit="req/s",
            ratio=rps / brps,
            target="≥ 0.0667",
            ok=rps / brps >= 1 / 15 and good,
            path=path,
            **info,
            ratio_vs_django_hello=round(rps / vrps, 3),
        ),
    ]


def _form(port, hello, django_hello, data, runs, duration, raw):
    jar = _login(port, data["email"])
    bodies = _form_bodies(port, jar, data["form_codes"], data["year"])
    csrf = jar.get("csrftoken", "")
    if not csrf:
        match = re.search(rb"csrfmiddlewaretoken=([^&]+)", bodies[0][1])
        csrf = match.group(1).decode() if match else ""
    per_run = len(bodies) // runs
    product, baseline, view = [], [], []
    for index in range(runs):
        chunk = bodies[index * per_run : (index + 1) * per_run]
        product.append(
            run(
                port,
                _post(chunk, csrf),
                concurrency=CONCURRENCY,
                duration=duration * 3,
                max_requests=len(chunk),
                cookies=cookie_header(jar),
            )
        )
        baseline.append(
            run(
                hello,
                _post(chunk, csrf),
                concurrency=CONCURRENCY,
                duration=duration * 3,
                max_requests=len(chunk),
            )
        )
        view.append(
            run(
                django_hello,
                _post(chunk, csrf),
                concurrency=CONCURRENCY,
                duration=duration * 3,
                max_requests=len(chunk),
            )
        )
    raw["yearly form submit"] = {
        "product": product,
        "baseline": baseline,
        "django_hello": view,
    }
    v95 = median([r["p95"] for r in view])
    p95 = median([r["p95"] for r in product])
    b95 = median([r["p95"] for r in baseline])
    statuses = _merge(product)
    return goal(
        "Yearly form submit p95 vs hello-world POST",
        product=p95 * 1000,
        baseline=b95 * 1000,
        unit="ms",
        ratio=p95 / b95,
        target="≤ 25",
        ok=p95 / b95 <= 25 and set(statuses) == {302},
        statuses=statuses,
        requests=[r["requests"] for r in product],
        django_hello_p95_ms=v95 * 1000,
        ratio_vs_django_hello=round(p95 / v95, 2),
    )
