"""Shared fixtures and the suite's skip policy.

Tests marked ``postgres`` or ``redis`` need those servers (DATABASE_URL,
REDIS_URL) and are skipped without them. In CI (CI=true) no other skip is
allowed: a test skipped for any other reason fails the run.

Every test writes its files in temporary folders only (``tests.isolation``):
a test that writes into the checkout fails.
"""

import os

import hypothesis.configuration
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from tests.isolation import CheckoutGuard, protected_folders

USING_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql"))
USING_REDIS = bool(os.environ.get("REDIS_URL"))
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

_SERVICE_MARKERS = {
    "postgres": (USING_POSTGRES, "needs PostgreSQL: set DATABASE_URL"),
    "redis": (USING_REDIS, "needs Redis: set REDIS_URL"),
}
_forbidden_skips: list[str] = []
# Figures a test records with record_property("total: <what>", n), summed over
# the run (also from xdist workers, whose reports carry them) and printed at
# its end.
_totals: dict[str, int] = {}


def pytest_collection_modifyitems(config, items):
    for item in items:
        for marker, (available, reason) in _SERVICE_MARKERS.items():
            if item.get_closest_marker(marker) and not available:
                item.add_marker(pytest.mark.skip(reason=reason))


def _skip_allowed(report) -> bool:
    return any(
        marker in report.keywords and not available
        for marker, (available, _reason) in _SERVICE_MARKERS.items()
    )


def pytest_runtest_logreport(report):
    if IN_CI and report.skipped and not _skip_allowed(report):
        _forbidden_skips.append(report.nodeid)
    if report.when == "call":
        for name, value in report.user_properties:
            if name.startswith("total: "):
                _totals[name[7:]] = _totals.get(name[7:], 0) + value


def pytest_sessionfinish(session, exitstatus):
    if _forbidden_skips:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    if _totals:
        terminalreporter.section("totals")
        for name, value in sorted(_totals.items()):
            terminalreporter.write_line(f"{name}: {value}")
    if _forbidden_skips:
        terminalreporter.section("skips not allowed in CI", red=True)
        for nodeid in _forbidden_skips:
            terminalreporter.write_line(nodeid)


@pytest.fixture
def network(db):
    """The real directory of the source documents, as `make run` loads it."""
    call_command("load_network", verbosity=0)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The real hasher is deliberately slow; tests check behaviour, not its cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    # The cache outlives each test's database: start every test without the
    # public pages another test rendered.
    from kernel import pagecache

    pagecache._bump()


@pytest.fixture(autouse=True)
def _default_language():
    # A request under /en/ leaves English active in the thread (LocaleMiddleware
    # does not deactivate it): every test starts in the default language, so
    # that reverse() and gettext do not depend on the test that ran before.
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


# --- files: temporary folders only ---------------------------------------------------

_guard: CheckoutGuard | None = None


def pytest_runtest_logstart(nodeid, location):
    if _guard is not None:
        _guard.test = nodeid


@pytest.fixture(scope="session", autouse=True)
def checkout_guard(tmp_path_factory):
    """Refuses, for the whole run, writes into the checkout and into the
    folders the settings named when the run started (``tests.isolation``)."""
    global _guard
    # Hypothesis keeps its caches under .hypothesis/ of the working folder.
    hypothesis.configuration.set_hypothesis_home_dir(
        tmp_path_factory.mktemp("hypothesis")
    )
    if _guard is None:
        _guard = CheckoutGuard(
            protected=protected_folders(django_settings),
            allowed=[tmp_path_factory.getbasetemp()],
        )
        _guard.install()  # an audit hook stays for the life of the process
    _guard.active = True
    yield _guard
    _guard.active = False


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A test that wrote outside its temporary folders fails, even when the
    code under test swallowed the refusal."""
    report = yield
    refused = _guard.refused_by(item.nodeid) if _guard is not None else []
    if refused and not report.failed:
        _guard.forget(item.nodeid)
        report.outcome = "failed"
        report.longrepr = "This test wrote outside its temporary folders:\n" + (
            "\n".join(f"  {event} {path}" for event, path in refused)
        )
    return report


@pytest.fixture(autouse=True)
def _temporary_files(request, settings, tmp_path, monkeypatch, checkout_guard):
    """Uploads, the built /data/ files, static files and any SQLite file of
    this test (or of the processes it starts) go to its own temporary folder."""
    checkout_guard.test = request.node.nodeid
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        # Unless a fixture of a wider scope already chose a temporary one.
        if checkout_guard.forbids(str(getattr(settings, name))):
            setattr(settings, name, tmp_path / name.lower())
        monkeypatch.setenv(name, str(getattr(settings, name)))
    settings.DATA_ROOT = ""  # the files follow MEDIA_ROOT
    monkeypatch.delenv("DATA_ROOT", raising=False)
    monkeypatch.setenv("SQLITE_PATH", str(tmp_path / "db.sqlite3"))


@pytest.fixture(autouse=True)
def _queued_work_of_this_test_only(settings):
    """Without a broker, tasks queued with a countdown wait for the test to run
    them (``tasks_run_pending``) instead of starting a thread that would
    outlive the test; none is left for the next test, nor a mark that a
    rebuild or a data build is queued."""
    from django.core.cache import cache

    from kernel.cache import site_key
    from kernel.queue import tasks_cancel_pending
    from opendata.exports.build import build_keys
    from opendata.services.refresh import REBUILD_QUEUED_KEY

    settings.DEFERRED_TASKS_IN_THREADS = False
    cache.delete_many([*build_keys(), site_key(REBUILD_QUEUED_KEY)])
    yield
    tasks_cancel_pending()


@pytest.fixture
def without_broker():
    """Tasks run in this process, as without REDIS_URL (also on a run with
    Redis): at once, or, queued with a countdown, when the test runs them."""
    from concertation.celery import app

    # By the CELERY_-prefixed name the app was configured with: some Celery
    # versions ignore a change made under the short name.
    saved = app.conf["CELERY_TASK_ALWAYS_EAGER"]
    app.conf.update(CELERY_TASK_ALWAYS_EAGER=True)
    yield
    app.conf.update(CELERY_TASK_ALWAYS_EAGER=saved)
