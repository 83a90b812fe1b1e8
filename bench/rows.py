"""What the page rows share: finding whether a page is there (``probe``), and
turning the load runs of a page and of its baseline into goal rows."""

import re
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from .load import Connection
from .paths import Page
from .stats import goal, median

EDITION_LINK = re.compile(r"/data/editions/(\d{4}\.\d+)/")  # not feed/
# Answers that say "this page does not exist (yet)", not "it is broken".
ABSENT = {404, 405, 410}


@dataclass
class Probe:
    path: str | None  # what to measure; None when it cannot be
    reason: str = ""  # why not, or what was followed to get there
    first_ms: float | None = None  # the first answer, timed alone
    error: bool = False  # the page is broken, not missing


def _fill(page: Page, values: dict) -> str | None:
    try:
        return page.path.format(**values)
    except KeyError:
        return None


def probe(port: int, page: Page, values: dict, *, cookies: str = "") -> Probe:
    """GET the page once: the path to measure (after one same-site redirect),
    or why it is not measured."""
    path = _fill(page, values)
    if path is None:
        missing = [k for k in re.findall(r"{(\w+)}", page.path) if k not in values]
        return Probe(None, f"no {', '.join(missing)} to fill {page.path} with")
    connection = Connection(port, cookies)
    try:
        for _hop in range(2):
            started = time.perf_counter()
            response, body = connection.request("GET", path)
            first_ms = (time.perf_counter() - started) * 1000
            location = response.getheader("Location") or ""
            target = urlsplit(location)
            if response.status in (301, 302) and target.netloc in ("", "127.0.0.1"):
                path = target.path + (f"?{target.query}" if target.query else "")
                continue
            break
    finally:
        connection.close()
    return _verdict(page, path, response, body, first_ms)


def _verdict(page: Page, path: str, response, body: bytes, first_ms: float) -> Probe:
    status = response.status
    if status in ABSENT and page.optional:
        return Probe(None, f"{path} answered {status}", first_ms)
    if status != 200:
        return Probe(None, f"{path} answered {status}", first_ms, error=True)
    kind = response.getheader("Content-Type") or ""
    if page.content_type and not kind.startswith(page.content_type):
        return Probe(None, f"{path} answers {kind or 'no content type'}", first_ms)
    if page.marker and not re.search(page.marker, body.decode("utf-8", "replace")):
        return Probe(None, f"{path} has nothing matching {page.marker}", first_ms)
    return Probe(path, "", first_ms)


def edition_of(port: int, index: Page, values: dict) -> str | None:
    """The first edition the editions index links to, if it answers."""
    found = probe(port, index, values)
    if found.path is None:
        return None
    _response, body = Connection(port).request("GET", found.path)
    match = EDITION_LINK.search(body.decode("utf-8", "replace"))
    return match.group(1) if match else None


def unmeasured(name: str, found: Probe, target: str, prefix="Page") -> dict:
    """The row of a page that is not there yet (or broken)."""
    label = "broken" if found.error else "not present yet"
    return goal(
        f"{prefix} {name}",
        product=f"{label}: {found.reason}",
        baseline=None,
        unit="",
        ratio=None,
        target=target,
        ok=False if found.error else None,
        absent=not found.error,
        reason=found.reason,
    )


def statuses(runs: list[dict]) -> dict:
    merged: dict = {}
    for result in runs:
        for status, count in result["statuses"].items():
            merged[status] = merged.get(status, 0) + count
    return merged


def p95_goal(label, product, baseline, *, limit, expected=200, **extra) -> dict:
    """p95 of ``product`` runs against ``baseline`` runs (medians of runs)."""
    p95 = median([r["p95"] for r in product])
    b95 = median([r["p95"] for r in baseline])
    answered = statuses(product)
    return goal(
        f"{label} p95 vs hello-world",
        product=p95 * 1000,
        baseline=b95 * 1000,
        unit="ms",
        ratio=p95 / b95,
        target=f"≤ {limit}",
        ok=p95 / b95 <= limit and set(answered) == {expected},
        statuses=answered,
        requests=[r["requests"] for r in product],
        **extra,
    )


def throughput_goal(label, product, baseline, *, share, **extra) -> dict:
    rps = median([r["rps"] for r in product])
    brps = median([r["rps"] for r in baseline])
    answered = statuses(product)
    return goal(
        f"{label} throughput vs hello-world",
        product=rps,
        baseline=brps,
        unit="req/s",
        ratio=rps / brps,
        target=f"≥ {share:.3g}",
        ok=rps / brps >= share and set(answered) == {200},
        **extra,
    )
