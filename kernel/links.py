"""The site's absolute address, for links that leave the site: mail, calendar
files, citations.

In production it is always settings.SITE_URL (checked at start-up: https, one
of the allowed hosts), so a link never depends on the Host header a client
sent. In development a link made while answering a request points to the
server that answered it, whatever its port; outside a request (Celery tasks,
management commands) SITE_URL is all there is, and `make run` sets it.
"""

from django.conf import settings


def site_base_url(request=None) -> str:
    """``https://portal.example.org``: scheme and host, no trailing slash."""
    if request is None or settings.PRODUCTION:
        return settings.SITE_URL.rstrip("/")
    return request.build_absolute_uri("/").rstrip("/")
