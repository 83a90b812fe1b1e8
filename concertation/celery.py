"""The Celery application. Without REDIS_URL tasks run eagerly in-process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concertation.settings")

app = Celery("concertation")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
