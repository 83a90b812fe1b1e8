"""Mail about moderated items (``kernel.moderation``), each in its recipient's
language: the secretariat is told when a proposal arrives, the proposer when
their proposal is published or declined. Sent once the decision is committed;
a mail server that fails is logged and undoes nothing."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation

logger = logging.getLogger(__name__)


def secretariat_members():
    """The active members of the Secretariat group, who review proposals."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=settings.SECRETARIAT_GROUP)
        .distinct()
    )


def _admin_url(item) -> str:
    opts = item._meta
    try:
        path = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk]
        )
    except NoReverseMatch:
        return ""
    return settings.SITE_URL + path


def _send(*, user, template: str, item) -> bool:
    """One mail in the recipient's language; a mail server that fails is logged
    and does not undo the decision, which is already recorded."""
    with translation.override(user.language):
        context = {
            "user": user,
            "item": item,
            "title": str(item),
            "kind": item._meta.verbose_name,
            "page_url": settings.SITE_URL + item.get_absolute_url(),
            "admin_url": _admin_url(item),
        }
        subject = render_to_string(f"moderation/email/{template}_subject.txt", context)
        body = render_to_string(f"moderation/email/{template}.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [user.email])
    except OSError:  # smtplib's errors included
        logger.exception("Could not mail %s about %s.", user.email, item)
        return False
    return True


def proposal_received_notify(*, item) -> int:
    """Tell the secretariat that a proposal waits for them; returns the count."""
    sent = 0
    for member in secretariat_members():
        sent += _send(user=member, template="proposal_received", item=item)
    return sent


def proposal_decided_notify(*, item) -> int:
    """Tell the proposer their proposal is published or declined."""
    proposer = item.proposed_by
    if proposer is None or not proposer.is_active:
        return 0
    template = "proposal_published" if item.is_published else "proposal_declined"
    return int(_send(user=proposer, template=template, item=item))
