"""Production settings are checked in fresh processes, as a server would start."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def manage(*args, **env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# What a production server is given (docs/deploy.md); tests change one thing.
PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "x7!" * 10 + "kQ9#mZ2$vL8@pR4^tW6&yB1*nH3(jF5)",
    "DJANGO_ALLOWED_HOSTS": "portal.example.org",
    "SITE_URL": "https://portal.example.org",
}


def test_production_refuses_to_start_without_secret_key_hosts_and_site_url():
    result = manage("check", DJANGO_ENV="production")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr
    assert "SITE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_refuses_a_short_secret_key():
    result = manage("check", **{**PRODUCTION, "DJANGO_SECRET_KEY": "short"})

    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_production_refuses_the_development_secret_key_of_the_repository():
    key = settings.DEVELOPMENT_SECRET_KEY
    assert len(key) >= 50  # long enough to pass the length rule on its own
    assert key in (BASE_DIR / "concertation" / "settings.py").read_text()

    result = manage("check", **{**PRODUCTION, "DJANGO_SECRET_KEY": key})

    assert result.returncode != 0
    assert "development key published with the source code" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("site_url", "reason"),
    [
        ("http://portal.example.org", "must start with https://"),
        ("portal.example.org", "must start with https://"),
        ("https://", "must start with https://"),
        ("https://portal.example.org/fr/", "without a path"),
        ("https://other.example.org", "one of DJANGO_ALLOWED_HOSTS"),
        ("https://127.0.0.1:8000", "one of DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_a_site_url_that_is_not_the_https_site(site_url, reason):
    result = manage("check", **{**PRODUCTION, "SITE_URL": site_url})

    assert result.returncode != 0
    assert reason in result.stderr and repr(site_url) in result.stderr
    assert "Traceback" not in result.stderr


def test_production_accepts_its_https_site_url_on_a_port_and_with_a_slash():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SITE_URL)",
        **{**PRODUCTION, "SITE_URL": "https://portal.example.org:8443/"},
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "https://portal.example.org:8443"


def test_deploy_check_is_clean_in_production_and_reports_demo_accounts(tmp_path):
    production = {**PRODUCTION, "SQLITE_PATH": str(tmp_path / "db.sqlite3")}
    deploy_check = ("check", "--deploy", "--fail-level", "WARNING")
    migrated = manage("migrate", "--noinput", "-v", "0", **production)
    assert migrated.returncode == 0, migrated.stderr

    clean = manage(*deploy_check, **production)
    created = manage("shell", "-c", CREATE_ACCOUNTS, **production)
    reported = manage(*deploy_check, **production)

    assert clean.returncode == 0, clean.stderr
    assert "System check identified no issues (0 silenced)." in clean.stdout
    assert created.returncode == 0, created.stderr
    assert reported.returncode != 0
    assert "concertation.W001" in reported.stderr
    assert "1 demonstration account(s)" in reported.stderr
    assert "manager@demo.concertation.local" in reported.stderr
    assert "awa@example.sn" not in reported.stderr


# A demonstration account left in a production database (restored from a
# development copy, say) next to a real one.
CREATE_ACCOUNTS = """
from django.contrib.auth import get_user_model
users = get_user_model().objects
users.create_user("manager@demo.concertation.local", "demo-concertation")
users.create_user("awa@example.sn", "a real password 42")
"""


def test_every_environment_variable_is_documented_in_env_example():
    source = (BASE_DIR / "concertation" / "settings.py").read_text()
    read = set(re.findall(r'env(?:_bool|_list)?\(\s*"([A-Z_]+)"', source))
    read |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', source))
    documented = set(
        re.findall(r"^([A-Z_]+)=", (BASE_DIR / ".env.example").read_text(), re.M)
    )

    assert read, "no variable found: the pattern no longer matches settings.py"
    assert read - documented == set()


def test_make_run_on_another_port_links_to_that_port():
    """Links in mail sent by tasks, in calendars and in the data files' citation
    come from SITE_URL: `make run PORT=8123` must not send readers to :8000."""
    env = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    result = subprocess.run(
        ["make", "--dry-run", "run", "PORT=8123"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    commands = [line for line in result.stdout.splitlines() if "manage.py" in line]
    assert len(commands) == 6  # migrate, load, seed, build files, demo edition, serve
    assert commands[-1].endswith("runserver 127.0.0.1:8123")
    assert all(
        command.startswith("SITE_URL='http://127.0.0.1:8123' ") for command in commands
    )
