"""The services queue tasks by name (kernel.queue.task_named), from modules
that must not import the tasks modules. A process that has only started
Django (a web worker, a test, a management command) must find every such
task registered: the apps' ready() import their tasks modules."""

import json
import os
import subprocess
import sys

from django.conf import settings

from newsletter.services.dispatch import DISPATCH_RUN_TASK
from opendata.exports.schedule import TASK_NAME as BUILD_TASK
from opendata.services.refresh import REBUILD_TASK

NAMES = [DISPATCH_RUN_TASK, BUILD_TASK, REBUILD_TASK]

PROBE = """
import json, sys
import django
django.setup()
from celery import current_app
names = json.loads(sys.argv[1])
before = [name for name in names if name in current_app.tasks]
from kernel.queue import task_named
found = [name for name in names if task_named(name) is not None]
print(json.dumps({"before": before, "found": found}))
"""


def test_tasks_queued_by_name_are_registered_once_django_has_started():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", "concertation.settings"
        ),
    }
    completed = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(NAMES)],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    seen = json.loads(completed.stdout.strip().splitlines()[-1])

    assert seen == {"before": NAMES, "found": NAMES}
