import pytest

from .smtp import celery_eager, smtp_handler, smtp_server  # noqa: F401


@pytest.fixture(autouse=True)
def _newsletter_settings(settings):
    settings.SITE_URL = "https://concertation.test"
    # Batches follow each other at once unless a test sets a pace.
    settings.NEWSLETTER_RATE_PER_MINUTE = 600_000


@pytest.fixture(autouse=True)
def _eager_unless_real_worker(request):
    """Tasks run in-process, except in tests that start a real worker."""
    if request.node.get_closest_marker("redis"):
        yield
    else:
        yield request.getfixturevalue("celery_eager")
