"""``python -m ops.restore_drill [BACKUP]``: prove that a backup restores.

Takes BACKUP (a folder written by ``make backup``; default: the newest under
backups/), checks the SHA-256 of its files, restores db.dump with pg_restore
into a new, empty database (``concertation_restore_<timestamp>``, on the
PostgreSQL server of DATABASE_URL, default 127.0.0.1:5432), compares the
exact row count of every table of the public schema with the counts the
backup read in the dumped snapshot, unpacks media.tar.gz, then runs a smoke
test on the restored copy with production settings: ``check --deploy``,
``migrate --check`` and GETs of the main pages, the API and the data files
under gunicorn. The database and the temporary folder are dropped at the end.
Exit code 0 only when every table matches and the smoke test passes.
"""

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict

from bench.env import database_create, database_drop
from bench.server import redis_cleanup

from .backup import ROOT, libpq_env, sha256, table_counts
from .client import Client
from .processes import gunicorn, production_env


def _arguments(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m ops.restore_drill",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("backup", nargs="?", help="backup folder (default: newest)")
    parser.add_argument("--backups", default=str(ROOT / "backups"))
    return parser.parse_args(argv)


def _say(message: str) -> None:
    print(f"[restore-drill] {message}", flush=True)


def latest_backup(backups: Path) -> Path:
    folders = sorted(p.parent for p in backups.glob("*/manifest.json"))
    if not folders:
        raise SystemExit(f"no backup in {backups}: run `make backup` first")
    return folders[-1]


def check_files(folder: Path, manifest: dict) -> None:
    for name, expected in manifest["sha256"].items():
        if sha256(folder / name) != expected:
            raise SystemExit(f"{folder / name} does not match its SHA-256")


def pg_restore(dump: Path, database_url: str) -> None:
    parts = conninfo_to_dict(database_url)
    database = {
        "NAME": parts["dbname"],
        "USER": parts.get("user"),
        "PASSWORD": parts.get("password"),
        "HOST": parts.get("host"),
        "PORT": parts.get("port"),
    }
    subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
         "--jobs=2", f"--dbname={database['NAME']}", str(dump)],
        env=libpq_env(database),
        check=True,
    )  # fmt: skip


def compare(source: dict[str, int], restored: dict[str, int]) -> list[str]:
    """The tables whose counts differ, or which exist on one side only."""
    return [
        f"{table}: {source.get(table, 'missing')} in the backup, "
        f"{restored.get(table, 'missing')} restored"
        for table in sorted(set(source) | set(restored))
        if source.get(table) != restored.get(table)
    ]


def unpack_media(archive: Path, target: Path) -> int:
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(target, filter="data")
    return sum(1 for path in target.rglob("*") if path.is_file())


def _probe_targets(database_url: str) -> tuple[str | None, bool]:
    """An approved MHO's code, and whether a data build had finished."""
    with psycopg.connect(database_url) as connection:
        row = connection.execute(
            "SELECT code FROM inventory_mutualhealthorganization "
            "WHERE approval = 'approved' ORDER BY code LIMIT 1"
        ).fetchone()
        built = connection.execute(
            "SELECT count(*) FROM inventory_databuild WHERE finished_at IS NOT NULL"
        ).fetchone()[0]
    return (row[0] if row else None), bool(built)


def _data_file_status(client: Client, path: str) -> int:
    """The status of a data file, or 0 when its bytes (from the media
    archive) are not those its build recorded in the database (its ETag)."""
    response, body = client.connection.request(
        "GET", path, headers={"X-Forwarded-Proto": "https"}
    )
    etag = (response.getheader("ETag") or "").strip('"')
    return response.status if etag == hashlib.sha256(body).hexdigest() else 0


def smoke(database_url: str, tmp: Path) -> list[tuple[str, int]]:
    env = production_env(database_url, tmp, name="restore")
    manage = [sys.executable, "manage.py"]
    try:
        for command in (
            ["check", "--deploy", "--fail-level", "WARNING"],
            ["migrate", "--check"],
            ["collectstatic", "--noinput", "-v", "0"],
        ):
            _say("manage.py " + " ".join(command))
            subprocess.run(manage + command, cwd=ROOT, env=env, check=True)
        code, built = _probe_targets(database_url)
        paths = ["/healthz", "/fr/", "/fr/inventory/", "/fr/synthesis/",
                 "/fr/focal-points/", "/fr/organizations/", "/api/v1/mhos/",
                 "/api/v1/records/", "/fr/data/"]  # fmt: skip
        if code:
            paths += [f"/fr/inventory/{code}/", f"/api/v1/mhos/{code}/"]
        with gunicorn(env, tmp / "gunicorn.log", workers=2) as port:
            client = Client(port)
            answers = [(path, client.get(path)[0]) for path in paths]
            if built:
                answers += [
                    (path, _data_file_status(client, path))
                    for path in ("/data/inventory.csv", "/data/inventory.xlsx")
                ]
            client.close()
    finally:
        redis_cleanup(env)
    return answers


def main(argv=None) -> int:
    args = _arguments(argv)
    folder = Path(args.backup) if args.backup else latest_backup(Path(args.backups))
    manifest = json.loads((folder / "manifest.json").read_text())
    started = time.monotonic()
    _say(f"backup {folder} ({manifest['created_at']}, {manifest['database']})")
    check_files(folder, manifest)
    name = "concertation_restore_" + datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    tmp = Path(tempfile.mkdtemp(prefix="concertation-restore-"))
    database_url = database_create(name)
    ok = False
    try:
        _say(f"pg_restore into the new database {name}")
        pg_restore(folder / "db.dump", database_url)
        with psycopg.connect(database_url, autocommit=True) as connection:
            restored = table_counts(connection)
            # pg_restore brings no planner statistics; a real restore runs
            # this too (docs/deploy.md).
            connection.execute("ANALYZE")
        source = manifest["tables"]
        differences = compare(source, restored)
        matching = len(source) - sum(1 for t in source if source[t] != restored.get(t))
        _say(f"row counts: {matching}/{len(source)} tables match "
             f"({100 * matching / max(1, len(source)):.0f} %), "
             f"{sum(restored.values()):,} rows restored")  # fmt: skip
        for line in differences:
            _say(f"  MISMATCH {line}")
        media_files = unpack_media(folder / "media.tar.gz", tmp / "media")
        _say(f"media: {media_files}/{manifest['media']['files']} files unpacked")
        answers = smoke(database_url, tmp)
        for path, status in answers:
            _say(f"  GET {path} → {status}")
        failed = [(p, s) for p, s in answers if s != 200]
        ok = (
            not differences and media_files == manifest["media"]["files"] and not failed
        )
    finally:
        database_drop(name)
        shutil.rmtree(tmp, ignore_errors=True)
    verdict = "passed" if ok else "FAILED"
    _say(f"restore drill {verdict} in {time.monotonic() - started:.1f} s; "
         f"database {name} dropped")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
