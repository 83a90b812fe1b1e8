"""``python -m ops.backup [--output backups]``: a backup of the portal.

Writes ``<output>/<UTC timestamp>/`` with
- ``db.dump``: ``pg_dump --format=custom`` of the PostgreSQL database of
  DATABASE_URL;
- ``media.tar.gz``: MEDIA_ROOT (uploads and the built /data/ files);
- ``manifest.json``: the exact row count of every table of the public schema,
  read in the very snapshot pg_dump dumps (``pg_dump --snapshot``), the media
  file count, and the SHA-256 of both files. ``make restore-drill`` checks a
  restore against it.

The folder is readable by its owner only: it holds personal data (accounts,
contacts). With STORAGE_BACKEND=s3 the uploads live in the bucket, which
needs its own backup (object versioning); only MEDIA_ROOT is archived here.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent


def _arguments(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m ops.backup",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--output", default=str(ROOT / "backups"))
    return parser.parse_args(argv)


def _say(message: str) -> None:
    print(f"[backup] {message}", flush=True)


def libpq_env(database: dict) -> dict:
    """PG* variables for pg_dump/pg_restore from a Django database setting, so
    that no password appears on a command line."""
    env = dict(os.environ)
    values = {
        "PGDATABASE": database["NAME"],
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGHOST": database.get("HOST"),
        "PGPORT": str(database.get("PORT") or ""),
    }
    env.update({key: value for key, value in values.items() if value})
    return env


def connect(database: dict, **kwargs) -> psycopg.Connection:
    return psycopg.connect(
        dbname=database["NAME"],
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
        **kwargs,
    )


def table_counts(connection: psycopg.Connection) -> dict[str, int]:
    """The exact row count of every table of the public schema."""
    tables = connection.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    ).fetchall()
    counts = {}
    for (table,) in tables:
        query = sql.SQL("SELECT count(*) FROM public.{}").format(sql.Identifier(table))
        counts[table] = connection.execute(query).fetchone()[0]
    return counts


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def dump_database(database: dict, target: Path) -> tuple[dict[str, int], str]:
    """pg_dump the database in the snapshot where its rows are counted."""
    with connect(database) as connection:
        connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
        counts = table_counts(connection)
        server = connection.execute("SHOW server_version").fetchone()[0]
        subprocess.run(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}",
             f"--file={target}"],
            env=libpq_env(database),
            check=True,
        )  # fmt: skip
        connection.rollback()
    return counts, server


def archive_media(media_root: Path, target: Path) -> dict:
    files = size = 0
    with tarfile.open(target, "w:gz") as archive:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                # Not the half-written files of a data build in progress.
                building = path.name.startswith(".") and path.suffix == ".tmp"
                if path.is_file() and not building:
                    archive.add(path, arcname=path.relative_to(media_root).as_posix())
                    files += 1
                    size += path.stat().st_size
    return {"files": files, "bytes": size}


def backup(output: Path) -> Path:
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit(
            "make backup needs PostgreSQL: set DATABASE_URL=postgres://... "
            "(a SQLite database is one file: copy it with sqlite3 .backup)."
        )
    started = time.monotonic()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = output / stamp
    output.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.mkdir(mode=0o700)
    old_umask = os.umask(0o077)
    try:
        _write(folder, database, Path(settings.MEDIA_ROOT))
    finally:
        os.umask(old_umask)
    manifest = json.loads((folder / "manifest.json").read_text())
    counts, media = manifest["tables"], manifest["media"]
    sizes = {name: (folder / name).stat().st_size for name in manifest["sha256"]}
    _say(
        f"{len(counts)} tables, {sum(counts.values()):,} rows, "
        f"{media['files']} media files; db.dump {sizes['db.dump']:,} bytes, "
        f"media.tar.gz {sizes['media.tar.gz']:,} bytes; "
        f"{time.monotonic() - started:.1f} s"
    )
    if settings.STORAGE_BACKEND == "s3":
        _say("uploads are in the S3 bucket: back it up with object versioning")
    return folder


def _write(folder: Path, database: dict, media_root: Path) -> None:
    from django.conf import settings

    created_at = datetime.now(UTC).isoformat(timespec="seconds")
    _say(f"pg_dump of {database['NAME']} → {folder / 'db.dump'}")
    counts, server = dump_database(database, folder / "db.dump")
    _say(f"{media_root} → {folder / 'media.tar.gz'}")
    media = archive_media(media_root, folder / "media.tar.gz")
    manifest = {
        "created_at": created_at,
        "database": database["NAME"],
        "server_version": server,
        "tables": counts,
        "media": media,
        "storage_backend": settings.STORAGE_BACKEND,
        "sha256": {name: sha256(folder / name) for name in ("db.dump", "media.tar.gz")},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


def main(argv=None) -> int:
    args = _arguments(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concertation.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    folder = backup(Path(args.output))
    _say(f"backup written to {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
