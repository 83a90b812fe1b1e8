"""Pages of logged-in users and the yearly form's submit, under gunicorn (2
sync workers, production settings) vs the bare hello-world WSGI app served
the same way.

Each role of ``bench.cast`` logs in over HTTP (login form, CSRF token and
cookie), then each page of ``bench.paths.PRIVATE`` gets the same bounded load
as the public pages (2 keep-alive connections with the user's session, back
to back, for ``duration`` seconds), alternating with the same GET to
hello-world. Logged-in pages are never served from the page cache.

The yearly form: a manager submits the form of a different MHO each time (the
fields as the GET page fills them, warnings confirmed); its baseline is the
same POST to hello-world and to the Django hello view.
"""

import re

from . import cast
from .forms import cookie_header, cookies_update, encode, post_form
from .load import Connection, run
from .paths import PRIVATE
from .rows import p95_goal, probe, unmeasured
from .server import collectstatic, gunicorn, product_env, redis_cleanup
from .stats import goal, median

CONCURRENCY = 2
P95_LIMIT = 25
WARM_UP = 5


def login(port: int, email: str) -> dict:
    """The cookies of a session opened through the login form."""
    jar: dict = {}
    conn = Connection(port)
    response, body = conn.request("GET", "/fr/account/login/")
    cookies_update(jar, response)
    fields = dict(post_form(body.decode(), "csrfmiddlewaretoken"))
    fields.update(username=email, password=cast.PASSWORD)
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
        raise RuntimeError(f"login of {email} failed: {response.status} {body[:300]!r}")
    return jar


def _get(path):
    def send(conn, _index):
        response, _ = conn.request("GET", path)
        return response.status

    return send


def _page_rows(port, hello, page, found, cookies, runs, duration):
    for _ in range(WARM_UP):
        Connection(port, cookies).request("GET", found.path)
    product, baseline = [], []
    for _ in range(runs):
        common = {"concurrency": CONCURRENCY, "duration": duration}
        product.append(
            run(port, _get(found.path), max_requests=5000, cookies=cookies, **common)
        )
        baseline.append(
            run(hello, _get(found.path), max_requests=20000, cookies=cookies, **common)
        )
    row = p95_goal(
        f"Logged-in {page.name}",
        product,
        baseline,
        limit=P95_LIMIT,
        path=found.path,
        role=page.role,
        first_ms=found.first_ms,
    )
    return row, {"product": product, "baseline": baseline}


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


def _form(servers, jar, data, runs, duration, raw) -> dict:
    port, hello, django_hello = servers
    bodies = _form_bodies(port, jar, data["form_codes"], data["values"]["year"])
    csrf = jar.get("csrftoken", "")
    if not csrf:
        match = re.search(rb"csrfmiddlewaretoken=([^&]+)", bodies[0][1])
        csrf = match.group(1).decode() if match else ""
    per_run = len(bodies) // runs
    measured = {"product": [], "baseline": [], "django_hello": []}
    for index in range(runs):
        chunk = bodies[index * per_run : (index + 1) * per_run]
        for name, target, cookies in (
            ("product", port, cookie_header(jar)),
            ("baseline", hello, ""),
            ("django_hello", django_hello, ""),
        ):
            measured[name].append(
                run(
                    target,
                    _post(chunk, csrf),
                    concurrency=CONCURRENCY,
                    duration=duration * 3,
                    max_requests=len(chunk),
                    cookies=cookies,
                )
            )
    raw["yearly form submit"] = measured
    v95 = median([r["p95"] for r in measured["django_hello"]])
    row = p95_goal(
        "Yearly form submit",
        measured["product"],
        measured["baseline"],
        limit=P95_LIMIT,
        expected=302,
        django_hello_p95_ms=v95 * 1000,
    )
    row["goal"] = "Yearly form submit p95 vs hello-world POST"
    row["ratio_vs_django_hello"] = round(row["product"] / 1000 / v95, 2)
    return row


def measure(*, runs: int, context: dict) -> list[dict]:
    duration = context["duration"]
    env = product_env(context)
    collectstatic(env)
    data = cast.private_cast(forms=200 if context["small"] else 600)
    log = context["tmp"] / "gunicorn-private.log"
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
            jars = {role: login(port, e) for role, e in data["emails"].items()}
            for page in PRIVATE:
                cookies = cookie_header(jars[page.role])
                found = probe(port, page, data["values"], cookies=cookies)
                if found.path is None:
                    results.append(
                        unmeasured(page.name, found, f"≤ {P95_LIMIT}", "Logged-in")
                    )
                    continue
                row, raw[page.name] = _page_rows(
                    port, hello, page, found, cookies, runs, duration
                )
                results.append(row)
            try:
                servers = (port, hello, django_hello)
                results.append(
                    _form(servers, jars["manager"], data, runs, duration, raw)
                )
            except Exception as error:  # keep the pages' results
                results.append(
                    goal(
                        "Yearly form submit p95 vs hello-world POST",
                        product=None,
                        baseline=None,
                        unit="ms",
                        ratio=None,
                        target=f"≤ {P95_LIMIT}",
                        ok=None,
                        error=repr(error),
                    )
                )
    finally:
        redis_cleanup(env)
    context["private_raw"] = raw
    return results
