"""The benchmark's own database and Django setup.

The database is created from ``DATABASE_URL`` (default: postgres on
127.0.0.1:5432) under another name, ``bench_concertation`` by default, so that
the product's database is never touched.
"""

import os
import secrets
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def server_url() -> str:
    return os.environ.get("DATABASE_URL") or DEFAULT_SERVER


def with_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def database_create(name: str) -> str:
    """Drop and create ``name`` on the server of DATABASE_URL; return its URL."""
    admin = with_name(server_url(), "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return with_name(server_url(), name)


def database_drop(name: str) -> None:
    admin = with_name(server_url(), "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )


def django_setup(database_url: str, tmp: Path) -> None:
    """Point Django at the bench database and temporary folders, then set up.

    No REDIS_URL in this process: the cache is local memory and tasks run
    eagerly, so nothing is queued on the shared Redis. Tasks queued with a
    countdown (the files' build after the seeding) are not run in a thread of
    this process either: they would build the files in the middle of a
    measurement. The harness builds them itself when a row needs them."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concertation.settings")
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    os.environ["STATIC_ROOT"] = str(tmp / "static")
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["DEFERRED_TASKS_IN_THREADS"] = "false"
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def server_env(database_url: str, tmp: Path, redis_db: int = 13) -> dict:
    """Environment of the gunicorn server: production settings."""
    env = dict(os.environ)
    env.pop("DEFERRED_TASKS_IN_THREADS", None)  # this process's, not theirs
    redis = os.environ.get("BENCH_REDIS_URL", f"redis://127.0.0.1:6379/{redis_db}")
    env.update(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(48)[:64],
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="https://127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        REDIS_URL=redis,
        CACHE_KEY_PREFIX=f"bench{os.getpid()}",
        MEDIA_ROOT=str(tmp / "media"),
        STATIC_ROOT=str(tmp / "static"),
        LOG_LEVEL="WARNING",
        API_ANON_RATE="1000000/minute",
        AXES_FAILURE_LIMIT="1000",
    )
    return env


def prepare(*, mhos: int, years: int, seed: int) -> dict:
    """Migrate, load the real directory, generate the demo data."""
    from django.core.management import call_command

    from inventory.demo import demo_generate

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_network", verbosity=0)
    migrated = time.perf_counter() - started
    summary = demo_generate(mhos=mhos, years=years, seed=seed)
    from .editions import edition_seed

    return {
        "migrate_and_network_s": round(migrated, 2),
        "seed_s": round(summary.seconds, 2),
        "mhos": summary.mhos,
        "records": summary.records,
        **edition_seed(),
    }
