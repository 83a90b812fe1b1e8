"""Queueing Celery tasks without ever breaking the request that asked.

With a broker, ``enqueue`` hands the task to it (with its countdown). Without
one (``CELERY_TASK_ALWAYS_EAGER``, the default of a development machine or of
a single server without Redis), Celery runs a task at once, in the caller, and
ignores any countdown; a task queued *with* a countdown is instead run by a
daemon thread of this process once the countdown has passed, so that it still
runs later, and never in the request that queued it. Such a task lives only
as long as the process: work that must not be lost also leaves a mark in the
database that something else picks up (a periodic sweep, the next request).
"""

import atexit
import logging
import threading
import time
from dataclasses import dataclass, field

from celery import current_app
from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)


def enqueue(task, *args, countdown: float | None = None, **kwargs) -> bool:
    """Send ``task`` to the broker; when the broker is down, log and go on.

    Without a broker, a task with a countdown (even 0) runs in a background
    thread after it, one without runs now. Work queued this way is also caught
    up by a periodic sweep, so a lost message delays it but loses nothing.
    Returns whether it was queued."""
    if countdown is not None and task.app.conf.task_always_eager:
        _later(task, args, kwargs, max(float(countdown), 0.0))
        return True
    try:
        task.apply_async(args=args, kwargs=kwargs, countdown=countdown, retry=False)
    except Exception:  # the broker's errors vary by transport
        logger.warning("Could not queue %s; the periodic sweep will do it.", task.name)
        return False
    return True


def task_named(name: str):
    """The task registered under ``name`` (None when it is not), for the
    services that queue tasks their own modules must not import.

    The apps' tasks modules are imported on first need: Celery's
    autodiscovery only imports them when a worker starts, so a web process
    (or a test) that never imported one would find its task missing."""
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks.get(name)


# ---------------------------------------------------------------------------
# Without a broker: tasks with a countdown, run later in this process
# ---------------------------------------------------------------------------
@dataclass
class PendingTask:
    """A task queued in this process with a countdown, not started yet."""

    name: str
    due: float  # time.monotonic()
    run: object = field(repr=False)  # a callable
    timer: threading.Timer | None = field(default=None, repr=False)

    @property
    def seconds_left(self) -> float:
        return max(self.due - time.monotonic(), 0.0)


_pending: dict[tuple, PendingTask] = {}
_pending_lock = threading.Lock()


def _later(task, args, kwargs, countdown: float) -> None:
    """Run ``task`` once ``countdown`` seconds have passed. The same task with
    the same arguments already waiting is not queued twice: the one due first
    is kept (tasks are idempotent, so one run does for both)."""
    key = (task.name, repr(args), repr(sorted(kwargs.items())))
    due = time.monotonic() + countdown

    def run():
        with _pending_lock:
            if _pending.get(key) is pending:
                del _pending[key]
        _run_in_this_thread(task, args, kwargs)

    pending = PendingTask(name=task.name, due=due, run=run)
    with _pending_lock:
        waiting = _pending.get(key)
        if waiting is not None and waiting.due <= due:
            return
        if waiting is not None and waiting.timer is not None:
            waiting.timer.cancel()
        _pending[key] = pending
        if settings.DEFERRED_TASKS_IN_THREADS:
            pending.timer = threading.Timer(countdown, run)
            pending.timer.daemon = True
            pending.timer.name = f"task {task.name}"
            pending.timer.start()


def _run_in_this_thread(task, args, kwargs) -> None:
    try:
        task.apply(args=args, kwargs=kwargs, throw=True)
    except Exception:
        logger.exception("Task %s failed.", task.name)
    finally:
        if threading.current_thread() is not threading.main_thread():
            connections.close_all()  # this thread's own connections


def tasks_pending() -> list[PendingTask]:
    """The tasks waiting in this process for their countdown, first due first."""
    with _pending_lock:
        return sorted(_pending.values(), key=lambda pending: pending.due)


def tasks_run_pending() -> int:
    """Run the tasks waiting now, in this thread, as if their countdown had
    passed; those they queue in turn keep waiting. Returns how many ran."""
    waiting = tasks_pending()
    for pending in waiting:
        if pending.timer is not None:
            pending.timer.cancel()
        pending.run()
    return len(waiting)


def tasks_cancel_pending() -> int:
    """Forget the waiting tasks (their timers are stopped). Returns how many."""
    with _pending_lock:
        waiting = list(_pending.values())
        _pending.clear()
    for pending in waiting:
        if pending.timer is not None:
            pending.timer.cancel()
    return len(waiting)


@atexit.register
def _say_what_is_lost() -> None:
    for pending in tasks_pending():
        logger.warning(
            "Task %s was due in %.0f s and will not run: this process is exiting.",
            pending.name,
            pending.seconds_left,
        )
