"""Fixtures of the fault tests: the test's own Redis as cache (and broker),
and the inventory's campaign."""

import pytest

from tests.celery_support import RedisServer
from tests.inventory.conftest import campaign  # noqa: F401 - a shared fixture


@pytest.fixture
def redis_broker_and_cache(settings):
    """The test's own Redis, as the Django cache of this process with the
    project's cache configuration, and as a broker for the test to use."""
    server = RedisServer()
    server.start()
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": server.url}
    }
    try:
        yield server
    finally:
        server.stop()
