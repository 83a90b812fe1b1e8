"""The writers of the campaign day: each campaign country's manager saves
and submits records through the yearly form, its focal point validates
them, all over HTTP with logged-in sessions and CSRF tokens as a browser
sends them, every POST waiting for its turn (``Pacer``)."""

import http.client
import queue
import threading
import time
import traceback
from urllib.parse import urlsplit

from ops.client import Client

from . import cast
from .forms import post_form
from .stats import percentile

FORM_CHANGES = {"status", "members", "beneficiaries", "draft", "submit"}


class Pacer:
    """Hands out write turns at ``rate`` per second until ``deadline``."""

    def __init__(self, rate: float, deadline: float):
        self.gap, self.deadline = 1 / rate, deadline
        self.next, self.lock = time.monotonic(), threading.Lock()

    def wait(self) -> bool:
        with self.lock:
            slot = max(time.monotonic(), self.next)
            self.next = slot + self.gap
        if slot >= self.deadline:
            return False
        time.sleep(max(0.0, slot - time.monotonic()))
        return True


class Day:
    """The managers' and focal points' threads, and what they met."""

    def __init__(self, port, data, pacer, freshness):
        self.port, self.data, self.pacer, self.freshness = port, data, pacer, freshness
        self.year = data["year"]
        self.queues = {iso2: queue.Queue() for iso2 in data["countries"]}
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {}
        self.errors: list[dict] = []
        self.managers_over = threading.Event()

    def _call(self, client, kind, method, path, fields=None, expect=200):
        started = time.perf_counter()
        try:
            status, headers, body = client.request(method, path, fields)
        except (OSError, http.client.HTTPException) as error:
            status, headers, body = None, {}, repr(error)
        elapsed = time.perf_counter() - started
        with self.lock:
            self.times.setdefault(kind, []).append(elapsed)
            if status != expect:
                self.errors.append(
                    {"kind": kind, "path": path, "status": status, "body": body[:300]}
                )
        return status, headers, body

    def _follow(self, client, headers, kind, where: str) -> bool:
        """GET the redirect as a browser would; False unless it goes to
        ``where`` (the page a successful write leads to)."""
        location = urlsplit(headers.get("Location") or "").path
        if not location.endswith(where):
            with self.lock:
                self.errors.append({"kind": kind, "path": location, "status": 302})
            return False
        return self._call(client, f"{kind} redirect", "GET", location)[0] == 200

    def _write(self, client, path, steps, members) -> bool:
        for step, extra in steps:
            status, _headers, html = self._call(client, "form GET", "GET", path)
            if status != 200:
                return False
            fields = [(n, v) for n, v in post_form(html, "version")
                      if n not in FORM_CHANGES]  # fmt: skip
            fields += [("status", "functional"), ("members", str(members)),
                       ("beneficiaries", str(members * 3)), *extra]  # fmt: skip
            if not self.pacer.wait():
                return False
            status, headers, _ = self._call(client, step, "POST", path, fields, 302)
            if status != 302 or not self._follow(client, headers, step, "/my/"):
                return False
        return True

    def manager(self, iso2: str, who: dict) -> None:
        client = Client(self.port)
        client.login(who["manager"], cast.PASSWORD)
        steps = [
            ("draft", [("draft", "1")]),
            ("submit", [("confirm_warnings", "on"), ("submit", "1")]),
        ]
        for index, code in enumerate(who["codes"]):
            path = f"/fr/my/{code}/{self.year}/"
            if not self._write(client, path, steps, members=100 + index):
                break
            self.queues[iso2].put(code)
        client.close()

    def focal_point(self, iso2: str, who: dict) -> None:
        from django.db import connection

        from inventory.models import YearlyRecord

        client = Client(self.port)
        client.login(who["reviewer"], cast.PASSWORD)
        try:
            while True:
                try:
                    code = self.queues[iso2].get(timeout=0.5)
                except queue.Empty:
                    if self.managers_over.is_set():
                        return
                    continue
                record = YearlyRecord.objects.filter(mho__code=code, year=self.year)
                path = f"/fr/review/records/{record.get().pk}/"
                status, _headers, html = self._call(client, "review GET", "GET", path)
                if status != 200:
                    continue
                fields = [(n, v) for n, v in post_form(html, "version")
                          if n not in {"validate", "return"}]  # fmt: skip
                if not self.pacer.wait():
                    return
                status, headers, _ = self._call(
                    client, "validate", "POST", path, fields + [("validate", "1")], 302
                )
                answered = time.monotonic()  # committed: the clock starts
                if status == 302 and self._follow(
                    client, headers, "validate", "/review/"
                ):
                    self.freshness.validated(iso2, code, answered)
        finally:
            client.close()
            connection.close()

    def _guarded(self, target):
        """``target`` in a thread: what stops it early is an error of the day."""

        def guarded(*args):
            try:
                target(*args)
            except Exception as error:  # noqa: BLE001 — reported with the rows
                traceback.print_exc()
                with self.lock:
                    self.errors.append({"kind": target.__name__, "error": repr(error)})

        return guarded

    def run(self) -> None:
        countries = self.data["countries"].items()
        managers = [
            threading.Thread(target=self._guarded(self.manager), args=c)
            for c in countries
        ]
        focal = [
            threading.Thread(target=self._guarded(self.focal_point), args=c)
            for c in countries
        ]
        for thread in managers + focal:
            thread.start()
        for thread in managers:
            thread.join()
        self.managers_over.set()
        for thread in focal:
            thread.join()

    def writes(self) -> dict:
        with self.lock:
            times = {kind: list(values) for kind, values in self.times.items()}
        return {
            kind: {"count": len(values), "p95_ms": percentile(values, 0.95) * 1000}
            for kind, values in times.items()
        }
