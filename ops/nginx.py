"""deploy/nginx.conf, run locally: the prod-smoke puts nginx in front of
gunicorn when an nginx binary is at hand, so that the shipped configuration
(proxying, X-Accel-Redirect of the data files, no /media/) is what is tested.

The HTTPS server block is taken as is, with only what a local run cannot have
replaced: the certificate lines and public addresses (it listens on a free
port of 127.0.0.1 in plain HTTP and tells Django the request was HTTPS, as it
would be), the gunicorn address and the folders. Each replacement must apply,
so that a change to the shipped file cannot silently escape the test."""

import getpass
import re
from contextlib import contextmanager
from pathlib import Path

from bench.env import ROOT
from bench.server import free_port

from .processes import http_answers, service

SITE = ROOT / "deploy" / "nginx.conf"
ACCEL_LOCATION = "/_data_files/"


def _replace(text: str, old: str, new: str, *, regex=False) -> str:
    result, count = (re.subn if regex else _plain_subn)(old, new, text)
    if not count:
        raise ValueError(f"deploy/nginx.conf no longer contains {old!r}")
    return result


def _plain_subn(old: str, new: str, text: str) -> tuple[str, int]:
    return text.replace(old, new), text.count(old)


def render(*, port: int, upstream: int, data_root: Path, tmp: Path) -> str:
    """The shipped site, minus the HTTP→HTTPS server block, for 127.0.0.1."""
    site = SITE.read_text()
    head, _redirect, https = site.split("server {", 2)
    site = head + "server {" + https
    site = _replace(site, "server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};")
    site = _replace(site, "listen 443 ssl http2;", f"listen 127.0.0.1:{port};")
    site = _replace(site, r"\n\s*listen \[::\]:443 ssl http2;", "", regex=True)
    site = _replace(site, r"\n\s*ssl_[a-z_]+\s[^;]+;", "", regex=True)
    site = _replace(site, "X-Forwarded-Proto $scheme", "X-Forwarded-Proto https")
    site = _replace(site, "/var/cache/nginx/concertation-static", str(tmp / "cache"))
    site = _replace(site, "/srv/concertation/media/data/", f"{data_root}/")
    return site


def _main_config(tmp: Path) -> str:
    temp = " ".join(
        f"{kind}_temp_path {tmp / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # The run's folders are readable by its user only: so run the workers as
    # that user (nginx ignores the directive when not started as root).
    return (
        f"daemon off; pid {tmp / 'nginx.pid'}; error_log {tmp / 'error.log'} warn;\n"
        f"worker_processes 1; user {getpass.getuser()};\n"
        "events { worker_connections 256; }\n"
        f"http {{ access_log off; {temp} include {tmp / 'site.conf'}; }}\n"
    )


@contextmanager
def nginx(binary: str, *, upstream: int, data_root: Path, tmp: Path, env: dict):
    """nginx with deploy/nginx.conf in front of gunicorn; yields its port."""
    tmp.mkdir(parents=True, exist_ok=True)
    port = free_port()
    (tmp / "site.conf").write_text(
        render(port=port, upstream=upstream, data_root=data_root, tmp=tmp)
    )
    config = tmp / "nginx.conf"
    config.write_text(_main_config(tmp))
    argv = [binary, "-p", str(tmp), "-c", str(config)]
    ready = lambda _process: http_answers(port, "/healthz")  # noqa: E731
    with service("nginx", argv, env=env, log=tmp / "nginx.log", ready=ready):
        yield port
