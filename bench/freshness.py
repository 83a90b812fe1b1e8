"""When each validated record shows in the public synthesis page and in
/data/inventory.csv, as a visitor sees them (page cache on).

The synthesis page is read once a second per country: a record that was the
k-th validated in its country during the campaign day is visible once the
campaign year's "MHOs reporting" cell has grown by k (the validations of a
country come one after the other from its focal point). The file is asked
for every two seconds with the ETag of the last copy (``If-None-Match``): a
304 costs nothing, a new file is read for the MHO codes of the campaign year.
"""

import csv
import io
import re
import threading
import time
from html import unescape

from .load import Connection

SYNTHESIS_EVERY = 1.0
FILE_EVERY = 2.0


def _text(fragment: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def reporting(html: str, year: int) -> int:
    """The "MHOs reporting" cell of ``year`` in the English synthesis table;
    0 when the year has no row yet."""
    for table in re.findall(r"<table\b.*?</table>", html, re.S):
        header = re.search(r"<thead>(.*?)</thead>", table, re.S)
        cells = re.findall(r"<th[^>]*>(.*?)</th>", header[1] if header else "", re.S)
        names = [_text(cell) for cell in cells]
        if "MHOs reporting" not in names:
            continue
        column = names.index("MHOs reporting")
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
            values = [
                _text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            ]
            if values and values[0].split()[:1] == [str(year)]:
                return int(re.sub(r"\D", "", values[column]) or 0)
        return 0
    raise LookupError("no table with an 'MHOs reporting' column")


def file_codes(body: bytes, year: int) -> set[str]:
    """The MHO codes of ``year``'s rows in inventory.csv."""
    reader = csv.reader(io.StringIO(body.decode("utf-8-sig")))
    header = next(reader)
    code, when = header.index("mho_code"), header.index("year")
    wanted = str(year)
    return {row[code] for row in reader if len(row) > when and row[when] == wanted}


class Freshness:
    """Polls in a thread of its own; ``validated`` is called by the focal
    points' threads as each validation is answered."""

    def __init__(self, port: int, *, synthesis: dict[str, str], file: str, year: int):
        self.port, self.synthesis, self.file, self.year = port, synthesis, file, year
        self.lock = threading.Lock()
        self.records: list[dict] = []  # one per validation, in order
        self.counts: dict[str, int] = {}
        self.base = {iso2: self._reporting(iso2) for iso2 in synthesis}
        self.etag, self.failures = "", []
        self.done = threading.Event()

    def _reporting(self, iso2: str) -> int:
        conn = Connection(self.port)
        try:
            response, body = conn.request("GET", self.synthesis[iso2])
        finally:
            conn.close()
        if response.status != 200:
            raise RuntimeError(f"{self.synthesis[iso2]} answered {response.status}")
        return reporting(body.decode(), self.year)

    def validated(self, iso2: str, code: str, at: float) -> None:
        with self.lock:
            rank = 1 + sum(1 for r in self.records if r["country"] == iso2)
            self.records.append(
                {
                    "country": iso2,
                    "code": code,
                    "validated": at,
                    "rank": rank,
                    "synthesis": None,
                    "file": None,
                }  # fmt: skip
            )

    def _poll_synthesis(self) -> None:
        for iso2 in self.synthesis:
            try:
                shown = self._reporting(iso2) - self.base[iso2]
            except (OSError, RuntimeError, LookupError) as error:
                self.failures.append(repr(error))
                continue
            now = time.monotonic()
            with self.lock:
                for record in self.records:
                    pending = record["synthesis"] is None and record["rank"] <= shown
                    if record["country"] == iso2 and pending:
                        record["synthesis"] = now - record["validated"]

    def _poll_file(self) -> None:
        conn = Connection(self.port)
        headers = {"If-None-Match": f'"{self.etag}"'} if self.etag else {}
        try:
            response, body = conn.request("GET", self.file, headers=headers)
        except OSError as error:
            self.failures.append(repr(error))
            return
        finally:
            conn.close()
        if response.status != 200:
            return  # 304: the same file; 503: not built yet
        now = time.monotonic()
        self.etag = (response.getheader("ETag") or "").strip('"')
        codes = file_codes(body, self.year)
        with self.lock:
            for record in self.records:
                if record["file"] is None and record["code"] in codes:
                    record["file"] = now - record["validated"]

    def all_seen(self) -> bool:
        with self.lock:
            return all(r["synthesis"] is not None and r["file"] is not None
                       for r in self.records)  # fmt: skip

    def run(self, *, writes_over: threading.Event, tail: float) -> None:
        """Poll until every validated record is seen in both, or ``tail``
        seconds after the writes are over."""
        next_file = 0.0
        over_at = None
        while True:
            self._poll_synthesis()
            if time.monotonic() >= next_file:
                self._poll_file()
                next_file = time.monotonic() + FILE_EVERY
            if writes_over.is_set():
                over_at = over_at or time.monotonic()
                if self.all_seen() or time.monotonic() - over_at > tail:
                    break
            time.sleep(SYNTHESIS_EVERY)
        self.done.set()

    def summary(self) -> dict:
        with self.lock:
            records = [dict(r) for r in self.records]
        return {
            "records": records,
            "synthesis_max_s": _max(records, "synthesis"),
            "file_max_s": _max(records, "file"),
            "synthesis_unseen": sum(r["synthesis"] is None for r in records),
            "file_unseen": sum(r["file"] is None for r in records),
            "failures": self.failures[:20],
        }


def _max(records: list[dict], key: str) -> float | None:
    seen = [r[key] for r in records if r[key] is not None]
    return round(max(seen), 1) if seen else None
