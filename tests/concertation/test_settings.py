"""Production settings are checked in fresh processes, as a server would start."""

import os
import re
import subprocess
import sys
from pathlib import Path

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


def test_production_refuses_to_start_without_secret_key_and_hosts():
    result = manage("check", DJANGO_ENV="production")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_refuses_a_short_secret_key():
    result = manage(
        "check",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="short",
        DJANGO_ALLOWED_HOSTS="portal.example.org",
    )

    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_deploy_check_is_clean_in_production():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="x7!" * 10 + "kQ9#mZ2$vL8@pR4^tW6&yB1*nH3(jF5)",
        DJANGO_ALLOWED_HOSTS="portal.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_every_environment_variable_is_documented_in_env_example():
    source = (BASE_DIR / "concertation" / "settings.py").read_text()
    read = set(re.findall(r'env(?:_bool|_list)?\(\s*"([A-Z_]+)"', source))
    read |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', source))
    documented = set(
        re.findall(r"^([A-Z_]+)=", (BASE_DIR / ".env.example").read_text(), re.M)
    )

    assert read, "no variable found: the pattern no longer matches settings.py"
    assert read - documented == set()
