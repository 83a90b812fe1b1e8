"""Keeping dispatches going: pacing, recovery after a crash, resuming.

See newsletter/services/dispatch.py for the exactly-once reasoning; this
module releases the rows a stopped worker left in ``sending`` and runs the
batches of a dispatch at its rate.
"""

import enum
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from kernel.queue import task_named

from ..models import Delivery, Dispatch
from .dispatch import (
    DISPATCH_RUN_TASK,
    MailServerUnavailable,
    dispatch_send_batch,
    max_attempts,
)

MAIL_SERVER_RETRY_SECONDS = 60

Status = Delivery.Status


def stale_seconds() -> float:
    return settings.NEWSLETTER_STALE_SECONDS


# --------------------------------------------------------------------------
# Recovery after a crash
# --------------------------------------------------------------------------
def delivery_release_stale(*, dispatch_id: int | None = None, now=None) -> int:
    """Put back to ``pending`` the rows a dead worker left in ``sending``.

    Only rows idle for NEWSLETTER_STALE_SECONDS (far longer than an SMTP
    transaction may last) are touched, and each UPDATE checks the row is
    still in the state we read, so a live worker keeps its rows.
    """
    cutoff = (now or timezone.now()) - timedelta(seconds=stale_seconds())
    rows = Delivery.objects.filter(status=Status.SENDING)
    if dispatch_id is not None:
        rows = rows.filter(dispatch_id=dispatch_id)
    never_sent = rows.filter(attempt_at__isnull=True, claimed_at__lt=cutoff).update(
        status=Status.PENDING, claim=None, claimed_at=None
    )
    interrupted = rows.filter(attempt_at__lt=cutoff)
    gave_up = interrupted.filter(attempts__gte=max_attempts()).update(
        status=Status.FAILED,
        claim=None,
        error="interrupted during the SMTP transaction; delivery unknown",
    )
    resent = interrupted.update(
        status=Status.PENDING,
        claim=None,
        claimed_at=None,
        attempt_at=None,
        error="interrupted during the SMTP transaction; sent again",
    )
    return never_sent + gave_up + resent


# --------------------------------------------------------------------------
# Pacing: one step of a dispatch, and the loops around it
# --------------------------------------------------------------------------
class StepState(enum.Enum):
    CONTINUE = "continue"  # more to send: come back after ``delay``
    WAITING = "waiting"  # only rows of a stopped worker or a down server left
    BUSY = "busy"  # another worker has this turn
    FINISHED = "finished"


@dataclass(frozen=True)
class Step:
    state: StepState
    delay: float = 0.0


def _take_turn(dispatch: Dispatch) -> bool:
    now = timezone.now()
    interval = timedelta(seconds=60 * dispatch.batch_size / dispatch.rate_per_minute)
    taken = (
        Dispatch.objects.filter(pk=dispatch.pk, finished_at__isnull=True)
        .filter(Q(next_batch_at__isnull=True) | Q(next_batch_at__lte=now))
        .update(next_batch_at=now + interval)
    )
    if taken:
        Dispatch.objects.filter(pk=dispatch.pk, started_at__isnull=True).update(
            started_at=now
        )
    return bool(taken)


def _seconds_until(moment) -> float:
    if moment is None:
        return 0.0
    return max(0.0, (moment - timezone.now()).total_seconds())


def dispatch_step(*, dispatch_id: int) -> Step:
    dispatch = Dispatch.objects.filter(pk=dispatch_id).first()
    if dispatch is None or dispatch.finished_at:
        return Step(StepState.FINISHED)
    if not _take_turn(dispatch):
        return Step(StepState.BUSY, _seconds_until(dispatch.next_batch_at))
    try:
        dispatch_send_batch(dispatch_id=dispatch.pk)
    except MailServerUnavailable:
        return Step(StepState.WAITING, MAIL_SERVER_RETRY_SECONDS)
    next_batch_at = Dispatch.objects.values_list("next_batch_at", flat=True).get(
        pk=dispatch.pk
    )
    counts = Delivery.objects.filter(dispatch_id=dispatch.pk).aggregate(
        pending=Count("pk", filter=Q(status=Status.PENDING)),
        sending=Count("pk", filter=Q(status=Status.SENDING)),
    )
    if not counts["pending"] and counts["sending"]:
        counts["pending"] = delivery_release_stale(dispatch_id=dispatch.pk)
        if not counts["pending"]:
            return Step(StepState.WAITING, min(stale_seconds() / 2, 60.0))
    if counts["pending"]:
        return Step(StepState.CONTINUE, _seconds_until(next_batch_at))
    Dispatch.objects.filter(pk=dispatch.pk, finished_at__isnull=True).update(
        finished_at=timezone.now()
    )
    return Step(StepState.FINISHED)


def dispatch_send_all(*, dispatch_id: int, sleep=time.sleep) -> Step:
    """Send a dispatch in this process, at its pace, until it is finished or
    only waits for a stopped worker's rows or the mail server (then the
    periodic ``dispatch_resume_stale`` finishes it)."""
    while True:
        step = dispatch_step(dispatch_id=dispatch_id)
        if step.state in (StepState.FINISHED, StepState.WAITING):
            return step
        if step.delay:
            sleep(step.delay)


def dispatch_resume_stale() -> list[int]:
    """Release rows stuck by stopped workers and queue every unfinished
    dispatch again. Safe to run at any time: a dispatch whose worker is alive
    keeps its turn and the extra run ends at once."""
    dispatch_run = task_named(DISPATCH_RUN_TASK)
    delivery_release_stale()
    unfinished = Dispatch.objects.unfinished().order_by("pk")
    ids = list(unfinished.values_list("pk", flat=True))
    for dispatch_id in ids:
        dispatch_run.delay(dispatch_id)
    return ids
