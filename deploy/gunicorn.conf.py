"""gunicorn settings of the portal:
``gunicorn -c deploy/gunicorn.conf.py concertation.wsgi:application``.

Sync workers are right here: nginx buffers requests and answers, so a slow
visitor on a 2G phone holds nginx, not a worker, and the large /data/ files
are sent by nginx itself (X-Accel-Redirect). See docs/deploy.md.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
# The slowest request is the filtered CSV of a large selection.
timeout = 120
graceful_timeout = 30
# Only nginx connects, from the same host: keep its connections open a while.
keepalive = 5
# Restart each worker now and then, staggered, so that memory cannot creep.
max_requests = 5000
max_requests_jitter = 500
# nginx logs every request; gunicorn logs its own errors to stderr (journald).
accesslog = None
errorlog = "-"
loglevel = "info"
# X-Forwarded-* headers are trusted from the local nginx only.
forwarded_allow_ips = "127.0.0.1"


def post_worker_init(worker):
    """Django loads the URL configuration, and with it every view module,
    Django REST framework and drf-spectacular, on a worker's first request:
    about 1.2 s that the first visitor of every new worker (after a start,
    a reload or max_requests) would wait. Load it before taking requests."""
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 - loading is the point
    for language in ("fr", "en"):
        with translation.override(language):
            translation.gettext("Inventory")
