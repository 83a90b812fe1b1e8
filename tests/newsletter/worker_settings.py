"""Settings of the real Celery worker started by the crash test.

The project's settings, plus: every task the worker queues goes to the
test's own queue, and rows left by a killed worker are released after two
seconds instead of fifteen minutes.
"""

import os

from concertation.settings import *  # noqa: F403

CELERY_TASK_DEFAULT_QUEUE = os.environ["NEWSLETTER_TEST_QUEUE"]
NEWSLETTER_STALE_SECONDS = float(os.environ.get("NEWSLETTER_STALE_SECONDS", "2"))
SITE_URL = "https://concertation.test"
