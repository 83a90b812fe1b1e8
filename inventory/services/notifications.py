"""Mail sent by the inventory's workflow, each in its recipient's language.

Who is told what:

- a record submitted: the focal points (reviewers) of its country;
- a record validated or returned: the MHO's managers, with the comment;
- a request to manage an MHO decided: the person who asked;
- a campaign reminder: the managers of an MHO that has not reported.

The services call ``notify_after_commit``: once the change is committed, the
mail is handed to Celery (``inventory.send_notification``), or sent in this
process when no broker takes it. Each mail says what to do and links to the
page where it is done (an absolute address, from ``SITE_URL``). A mail server
that fails is logged: the decision is already recorded and stays.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from inventory.models import MHOManagement, YearlyRecord
from inventory.models.access import RequestStatus
from kernel.queue import enqueue, task_named
from organizations.permissions import country_reviewers

logger = logging.getLogger(__name__)

NOTIFY_TASK = "inventory.send_notification"
DEFAULT_LANGUAGE = "fr"


def record_managers(record: YearlyRecord):
    return get_user_model().objects.filter(
        is_active=True,
        mho_managements__mho_id=record.mho_id,
        mho_managements__status=RequestStatus.APPROVED,
    )


def _send(*, user, template: str, context: dict) -> bool:
    context = {"site_url": settings.SITE_URL, "user": user, **context}
    with translation.override(user.language or DEFAULT_LANGUAGE):
        subject = render_to_string(f"inventory/email/{template}_subject.txt", context)
        body = render_to_string(f"inventory/email/{template}.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [user.email])
    except OSError:  # smtplib's errors included
        logger.exception("Could not mail %s (%s).", user.email, template)
        return False
    return True


def _send_each(users, *, template: str, context: dict) -> int:
    return sum(_send(user=user, template=template, context=context) for user in users)


# --- what each event sends ---------------------------------------------------


def record_submitted_notify(*, record: YearlyRecord) -> int:
    """Tell the focal points of the record's country that it waits for them."""
    reviewers = country_reviewers(record.mho.country).exclude(pk=record.submitted_by_id)
    return _send_each(
        reviewers, template="record_submitted", context={"record": record}
    )


def record_validated_notify(*, record: YearlyRecord) -> int:
    return _send_each(
        record_managers(record), template="record_validated", context={"record": record}
    )


def record_returned_notify(*, record: YearlyRecord) -> int:
    return _send_each(
        record_managers(record), template="record_returned", context={"record": record}
    )


def management_decided_notify(*, management: MHOManagement) -> int:
    """Tell the person who asked to manage an MHO what was decided."""
    if not management.user.is_active:
        return 0
    approved = management.status == RequestStatus.APPROVED
    template = "management_approved" if approved else "management_rejected"
    return int(
        _send(
            user=management.user, template=template, context={"management": management}
        )
    )


def campaign_reminder_send(*, campaign, mho) -> int:
    managers = get_user_model().objects.filter(
        is_active=True,
        mho_managements__mho=mho,
        mho_managements__status=RequestStatus.APPROVED,
    )
    return _send_each(
        managers,
        template="campaign_reminder",
        context={"campaign": campaign, "mho": mho},
    )


# --- after the commit, through Celery ------------------------------------------

_RECORD_EVENTS = {
    "record_submitted": record_submitted_notify,
    "record_validated": record_validated_notify,
    "record_returned": record_returned_notify,
}
EVENTS = [*_RECORD_EVENTS, "management_decided"]


def notification_send(*, event: str, pk: int) -> int:
    """Send the mail of ``event`` about the object ``pk``; returns how many
    went out. The object is read again: the mail tells its committed state."""
    if event in _RECORD_EVENTS:
        record = (
            YearlyRecord.objects.select_related("mho", "mho__country", "reviewed_by")
            .filter(pk=pk)
            .first()
        )
        return _RECORD_EVENTS[event](record=record) if record else 0
    if event == "management_decided":
        management = (
            MHOManagement.objects.select_related("user", "mho").filter(pk=pk).first()
        )
        return management_decided_notify(management=management) if management else 0
    raise ValueError(f"unknown notification {event!r}")


def _queue(event: str, pk: int) -> None:
    task = task_named(NOTIFY_TASK)
    if task is None or not enqueue(task, event, pk):
        notification_send(event=event, pk=pk)  # no broker: send it now


def notify_after_commit(event: str, pk: int) -> None:
    """Send the mail of ``event`` once the current transaction commits."""
    if event not in EVENTS:
        raise ValueError(f"unknown notification {event!r}")
    transaction.on_commit(lambda: _queue(event, pk))
