"""A PostgreSQL server the test owns, never the machine's own: a cluster made
with initdb in a temporary folder, listening on 127.0.0.1:<free port> (its
Unix socket in that folder too), started, restarted and stopped with pg_ctl.

PostgreSQL refuses to run as root; when the tests run as root the server
runs as the ``postgres`` system account, which then owns the folder.
"""

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

from tests.celery_support import free_port

SERVER_SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "max_connections": "40",
    # A throw-away cluster: durability is not what these tests are about.
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
}


def postgres_bin_dir() -> Path:
    """PG_BIN, else the folder of pg_ctl on PATH, else the newest
    /usr/lib/postgresql/<version>/bin (Debian keeps pg_ctl off PATH)."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).parent
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda path: int(Path(path).parent.parent.name),
    )
    assert found, "PostgreSQL's server binaries (pg_ctl, initdb) are not installed"
    return Path(found[-1]).parent


class PostgresServer:
    """``start()`` makes the cluster the first time; ``restart()`` and
    ``stop()`` act on that server only; ``remove()`` deletes the cluster."""

    def __init__(self):
        self.port = free_port()
        self.bin = postgres_bin_dir()
        self.root = Path(tempfile.mkdtemp(prefix="concertation-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.account = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
        self.initialized = False

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, program: str, *args: str, timeout: float = 120) -> None:
        command = [str(self.bin / program), *args]
        if self.account:
            command = ["runuser", "-u", self.account.pw_name, "--", *command]
        # To a file, not a pipe: the server started by pg_ctl inherits it and
        # would keep a pipe open for as long as it runs.
        output = self.root / "commands.log"
        with open(output, "ab") as out:
            result = subprocess.run(
                command, stdout=out, stderr=subprocess.STDOUT, timeout=timeout
            )
        assert result.returncode == 0, (
            f"{program} failed ({result.returncode}):\n"
            f"{output.read_text()[-2000:]}{self._log_tail()}"
        )

    def _log_tail(self) -> str:
        try:
            return "\nserver log:\n" + self.log.read_text()[-3000:]
        except OSError:
            return ""

    def _initialize(self) -> None:
        if self.account:
            os.chown(self.root, self.account.pw_uid, self.account.pw_gid)
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
            "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        settings = {
            **SERVER_SETTINGS,
            "port": str(self.port),
            "unix_socket_directories": f"'{self.root}'",
        }
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())
        self.initialized = True

    def start(self) -> None:
        if not self.initialized:
            self._initialize()
        self._run("pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-w")

    def restart(self, mode: str = "fast") -> None:
        """``pg_ctl restart``: returns once the server accepts connections."""
        self._run(
            "pg_ctl", "restart", "-D", str(self.data), "-l", str(self.log),
            "-m", mode, "-w",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "stop", "-D", str(self.data), "-m", mode, "-w")

    def is_running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def create_database(self, name: str) -> None:
        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')

    def remove(self) -> None:
        """Stop the server if it runs and delete the cluster."""
        if self.initialized and self.is_running():
            self.stop(mode="immediate")
        shutil.rmtree(self.root, ignore_errors=True)
