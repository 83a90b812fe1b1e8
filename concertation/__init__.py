"""The Concertation portal project: settings, URLs, Celery and site-wide pages."""

from .celery import app as celery_app

__all__ = ["celery_app"]
