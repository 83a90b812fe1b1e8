"""The HTTP part of the prod-smoke: what a manager, a focal point and a
visitor do and see, through the front server (nginx, or gunicorn alone)."""

import csv
import hashlib
import io
import json
import re
import time
from html import unescape

from .client import Client
from .processes import wait_for

COUNTRY = "SN"


def step(message: str) -> None:
    print(f"[prod-smoke] {message}", flush=True)


def synthesis_members(html: str, year: int) -> str | None:
    """The "Members" cell of ``year`` in the English synthesis table (the one
    with the "MHOs reporting" column; the charts have tables of their own)."""
    for table in re.findall(r"<table>.*?</table>", html, re.S):
        header = re.search(r"<thead>(.*?)</thead>", table, re.S)
        cells = re.findall(r"<th[^>]*>(.*?)</th>", header[1] if header else "", re.S)
        names = [_text(cell) for cell in cells]
        if "Members" not in names or "MHOs reporting" not in names:
            continue
        column = names.index("Members")
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
            found = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            values = [_text(cell) for cell in found]
            if values and values[0] == str(year):
                return re.sub(r"\D", "", values[column]) or None
    return None


def _text(fragment: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def csv_members(body: str, code: str, year: int) -> str | None:
    for row in csv.DictReader(io.StringIO(body.lstrip("\ufeff"))):
        if row["mho_code"] == code and row["year"] == str(year):
            return row["members"]
    return None


def _expect(status: int, wanted: int, what: str, body: str = "") -> None:
    if status != wanted:
        raise RuntimeError(f"{what}: {status} instead of {wanted} {body[:500]}")


def _before(public: Client, code: str, year: int) -> None:
    status, _headers, body = public.get("/healthz")
    _expect(status, 200, "/healthz", body)
    if json.loads(body).get("status") != "ok":
        raise RuntimeError(f"/healthz: {body}")
    status, _headers, html = public.get(f"/en/synthesis/{COUNTRY}/")
    _expect(status, 200, "synthesis page")
    members = synthesis_members(html, year)
    status, _headers, body = public.get("/data/inventory.csv")
    _expect(status, 200, "/data/inventory.csv")
    if csv_members(body, code, year) is not None:
        raise RuntimeError(f"{code} {year} is already in the download")
    step(f"before: synthesis {COUNTRY} {year} members = {members or '—'}, "
         f"no {code} {year} row in /data/inventory.csv")  # fmt: skip


def _submit_and_validate(port: int, data: dict, record_pk) -> None:
    code, year, figure = data["code"], data["year"], data["figure"]
    manager = Client(port)
    manager.login(data["manager"], data["password"])
    status, _headers, body = manager.submit(
        f"/fr/my/{code}/{year}/",
        having="version",
        changes={
            "status": "functional",
            "members": figure,
            "beneficiaries": figure * 3,
            "confirm_warnings": "on",
            "submit": "1",
        },
    )
    _expect(status, 302, "the manager's submission", body)
    step(f"manager submitted {code} {year} with {figure} members")
    pk = record_pk(code, year)
    focal = Client(port)
    focal.login(data["focal"], data["password"])
    status, _headers, queue = focal.get("/fr/review/")
    if status != 200 or f"/fr/review/records/{pk}/" not in queue:
        raise RuntimeError(f"record {pk} is not in the focal point's queue ({status})")
    status, _headers, body = focal.submit(
        f"/fr/review/records/{pk}/", having="version", changes={"validate": "1"}
    )
    _expect(status, 302, "the focal point's validation", body)
    step(f"focal point validated record {pk}")
    manager.close()
    focal.close()


def check_nginx(port: int) -> None:
    """Through nginx: the data file is sent by nginx (no X-Accel-Redirect
    leaks out) with Django's ETag, the SHA-256 of what arrives; uploads are
    never read from disk."""
    client = Client(port)
    response, body = client.connection.request(
        "GET", "/data/inventory.csv", headers={"Accept-Encoding": "identity"}
    )
    _expect(response.status, 200, "/data/inventory.csv through nginx")
    if response.getheader("X-Accel-Redirect"):
        raise RuntimeError("X-Accel-Redirect reached the client")
    etag = (response.getheader("ETag") or "").strip('"')
    if etag != hashlib.sha256(body).hexdigest():
        raise RuntimeError("the file nginx sent is not the one Django described")
    for path in ("/media/data/inventory.csv", "/_data_files/inventory.csv"):
        status = client.get(path)[0]
        _expect(status, 404, f"{path} through nginx")
    client.close()
    step(f"nginx sent /data/inventory.csv ({len(body):,} bytes, ETag = SHA-256); "
         "/media/ and /_data_files/ answer 404")  # fmt: skip


def flow(port: int, data: dict, *, timeout: float, record_pk) -> dict:
    """Submit and validate a record; seconds until the synthesis page and
    /data/inventory.csv show its figure."""
    code, year, figure = data["code"], data["year"], data["figure"]
    public = Client(port)
    _before(public, code, year)
    _submit_and_validate(port, data, record_pk)
    validated = time.monotonic()
    step(f"polling the synthesis and the download for up to {timeout:.0f} s")

    def synthesis_shows() -> bool:
        html = public.get(f"/en/synthesis/{COUNTRY}/")[2]
        return synthesis_members(html, year) == str(figure)

    def download_shows() -> bool:
        status, _headers, body = public.get("/data/inventory.csv")
        return status == 200 and csv_members(body, code, year) == str(figure)

    wait_for(synthesis_shows, timeout=timeout, what="the synthesis to change")
    synthesis_seconds = time.monotonic() - validated
    step(f"synthesis page shows {figure} members after {synthesis_seconds:.1f} s")
    remaining = max(1.0, timeout - synthesis_seconds)
    wait_for(download_shows, timeout=remaining, what="/data/inventory.csv to change")
    download_seconds = time.monotonic() - validated
    step(f"/data/inventory.csv has the new row after {download_seconds:.1f} s")
    public.close()
    return {
        "synthesis_seconds": round(synthesis_seconds, 1),
        "download_seconds": round(download_seconds, 1),
    }
