"""No test writes into the checkout, nor into the folders the portal serves.

A run of the suite once replaced the ``media/data/inventory.csv`` that
``make run`` serves (2,550 demonstration records) with a file of one test
record. Two things make that impossible:

- every test gets its own temporary MEDIA_ROOT (where the /data/ files are
  built), STATIC_ROOT and SQLite file, in the settings and in the environment
  that subprocesses (Celery workers, gunicorn, manage.py) inherit;
- a Python audit hook watches every file the test process opens for writing,
  renames, removes or creates, and refuses (``CheckoutWriteError``) any inside
  the checkout or the folders the settings named when the run started, except
  the caches Python and pytest keep there. The refusal fails the test even if
  the code under test swallows the error.
"""

import os
import sys
from pathlib import Path

# os.open flags that write, create or truncate.
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
# Folders inside the checkout that Python and pytest write on their own.
ALLOWED_PARTS = {"__pycache__", ".pytest_cache"}
NO_DIR_FD = (None, -1)


class CheckoutWriteError(PermissionError):
    """A test tried to write where tests must not."""


def _path(value) -> str | None:
    if isinstance(value, int) or value is None:
        return None  # a file descriptor: its path was checked when opened
    try:
        return os.path.abspath(os.fsdecode(value))
    except TypeError:
        return None


def _opened(args):
    path, _mode, flags = args
    if isinstance(flags, int) and flags & WRITE_FLAGS:
        yield path


def _with_dir_fd(path_index, *fd_indexes):
    def paths(args):
        if all(args[index] in NO_DIR_FD for index in fd_indexes):
            yield args[path_index]

    return paths


def _sqlite(args):
    database = os.fsdecode(args[0]) if not isinstance(args[0], str) else args[0]
    if database in ("", ":memory:") or "mode=memory" in database:
        return
    if database.startswith("file:"):
        database = database[5:].split("?", 1)[0]
    yield database


# Audit events that write, and how to find the paths they write.
WRITING_EVENTS = {
    "open": _opened,
    "os.rename": lambda args: (
        [args[0], args[1]] if args[2] in NO_DIR_FD and args[3] in NO_DIR_FD else []
    ),
    "os.remove": _with_dir_fd(0, 1),
    "os.rmdir": _with_dir_fd(0, 1),
    "os.mkdir": _with_dir_fd(0, 2),
    "os.truncate": lambda args: [args[0]],
    "os.link": _with_dir_fd(1, 2, 3),
    "os.symlink": _with_dir_fd(1, 2),
    "os.utime": _with_dir_fd(0, 3),
    "shutil.rmtree": _with_dir_fd(0, 1),
    "sqlite3.connect": _sqlite,
}


class CheckoutGuard:
    """Refuses writes under ``protected`` folders (except under ``allowed``)
    while ``active``; remembers each refusal with the test that made it."""

    def __init__(self, *, protected: list[Path], allowed: list[Path]):
        self.protected = _roots(protected)
        self.allowed = _roots(allowed)
        self.active = False
        self.test = ""
        self.refused: list[tuple[str, str, str]] = []  # (test, event, path)

    def install(self) -> None:
        sys.addaudithook(self._hook)

    def _hook(self, event, args):
        paths = WRITING_EVENTS.get(event)
        if paths is None or not self.active:
            return
        for value in paths(args):
            path = _path(value)
            if path is not None and self.forbids(path):
                self.refused.append((self.test, event, path))
                raise CheckoutWriteError(
                    f"{self.test or 'the test run'} wrote to {path} ({event}): tests "
                    "write only in temporary folders (tmp_path; settings.MEDIA_ROOT "
                    "and the data files are one per test)."
                )

    def forbids(self, path: str) -> bool:
        if _under(path, self.allowed):
            return False
        root = _under(path, self.protected)
        if root is None:
            return False
        inside = path[len(root) :].split(os.sep)
        return not ALLOWED_PARTS.intersection(inside)

    def refused_by(self, test: str) -> list[tuple[str, str]]:
        return [(event, path) for who, event, path in self.refused if who == test]

    def forget(self, test: str) -> None:
        self.refused = [entry for entry in self.refused if entry[0] != test]


def _roots(folders) -> list[str]:
    roots = set()
    for folder in folders:
        if folder:
            roots.add(os.path.abspath(folder))
            roots.add(os.path.realpath(folder))
    return sorted(roots, key=len, reverse=True)


def _under(path: str, roots: list[str]) -> str | None:
    for root in roots:
        if path == root or path.startswith(root.rstrip(os.sep) + os.sep):
            return root
    return None


def protected_folders(settings) -> list[Path]:
    """The checkout, and the folders and SQLite file the settings name."""
    folders = [Path(settings.BASE_DIR), Path(settings.MEDIA_ROOT)]
    folders.append(Path(settings.STATIC_ROOT))
    if getattr(settings, "DATA_ROOT", ""):
        folders.append(Path(settings.DATA_ROOT))
    for database in settings.DATABASES.values():
        name = str(database.get("NAME") or "")
        if database["ENGINE"].endswith("sqlite3") and name not in ("", ":memory:"):
            folders.append(Path(name))
    return folders
