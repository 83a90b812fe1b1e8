"""Page weight in real Chromium, and time to DOMContentLoaded on a slow link.

Each page is loaded in a fresh browser context (empty cache, no cookies) from
the portal served by gunicorn (production settings). Weight: the bytes each
response took on the wire (CDP ``Network.loadingFinished.encodedDataLength``:
compressed body plus headers), summed by resource type. Slow link: CDP
``Network.emulateNetworkConditions`` with 400 kbit/s each way and 400 ms of
latency; the time is ``domContentLoadedEventEnd - navigationStart``.
"""

from .server import collectstatic, gunicorn, product_env, redis_cleanup
from .stats import goal, median

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
KIB = 1024
SLOW = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400_000 / 8,
    "uploadThroughput": 400_000 / 8,
}


def _weigh(browser, url: str) -> dict:
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    types, sizes = {}, {}
    cdp.on(
        "Network.responseReceived",
        lambda e: types.__setitem__(e["requestId"], e["type"]),
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    response = page.goto(url, wait_until="load")
    encoding = response.headers.get("content-encoding") if response else None
    page.wait_for_timeout(500)
    by_type: dict = {}
    for request_id, size in sizes.items():
        kind = types.get(request_id, "Other")
        by_type[kind] = by_type.get(kind, 0) + size
    context.close()
    return {
        "status": response.status if response else None,
        "total": sum(by_type.values()),
        "by_type": by_type,
        "requests": len(sizes),
        "document_encoding": encoding or "identity",
    }


def _slow(browser, url: str) -> float:
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW)
    page.goto(url, wait_until="domcontentloaded", timeout=120_000)
    timing = page.evaluate(
        "() => performance.timing.domContentLoadedEventEnd"
        " - performance.timing.navigationStart"
    )
    context.close()
    return timing / 1000


def measure(*, context: dict, runs: int = 3) -> list[dict]:
    from playwright.sync_api import sync_playwright

    from .pages import public_values
    from .paths import public_paths

    env = product_env(context)
    if "page_paths" not in context:
        collectstatic(env)
        context["page_paths"] = public_paths(public_values())
    results, raw = [], {}
    log = context["tmp"] / "gunicorn-browser.log"
    with (
        gunicorn("concertation.wsgi:application", env, log, "/healthz") as port,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for name, path in context["page_paths"].items():
                url = f"http://127.0.0.1:{port}{path}"
                weight = _weigh(browser, url)
                times = [_slow(browser, url) for _ in range(runs)]
                raw[name] = {"weight": weight, "dcl_s": times}
                html = weight["by_type"].get("Document", 0)
                js = weight["by_type"].get("Script", 0)
                total = weight["total"]
                ok_weight = (
                    total <= 100 * KIB
                    and html <= 30 * KIB
                    and js <= 30 * KIB
                    and weight["status"] == 200
                )
                results.append(
                    goal(
                        f"Page weight {name} (total / HTML / JS)",
                        product=f"{total / KIB:.1f} / {html / KIB:.1f} / "
                        f"{js / KIB:.1f}",
                        baseline=None,
                        unit="KiB",
                        ratio=None,
                        target="≤ 100 / 30 / 30",
                        ok=ok_weight,
                        path=path,
                        weight=weight,
                    )
                )
                dcl = median(times)
                results.append(
                    goal(
                        f"DOMContentLoaded {name}, 400 kbit/s 400 ms RTT",
                        product=dcl,
                        baseline=None,
                        unit="s",
                        ratio=None,
                        target="≤ 3 s",
                        ok=dcl <= 3,
                        path=path,
                        dcl_s=times,
                    )
                )
        finally:
            browser.close()
            redis_cleanup(env)
    context["browser_raw"] = raw
    return results
