"""Sending an issue edition or a flash news item to its subscribers, once.

Exactly-once design. Every recipient has one Delivery row (unique per
dispatch and subscription). A worker:

1. claims a batch: ``pending`` → ``sending`` with its own ``claim`` token
   (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, so concurrent workers
   never claim the same row; the conditional UPDATE keeps it safe on SQLite);
2. for each row, commits ``attempt_at`` (still under its claim) *before* the
   SMTP transaction, so a row that was never handed to the mail server is
   told apart from one that may have been;
3. sends it, then commits ``sent`` right after the server's 250 reply.

A worker killed at any point leaves rows in ``sending``. After
NEWSLETTER_STALE_SECONDS, ``delivery_release_stale`` (services/runs.py) puts
them back to ``pending``: rows without ``attempt_at`` were never sent, so
nothing is lost and nothing is doubled. A row *with* ``attempt_at`` was in
the middle of its SMTP transaction: the mail server may have accepted it in
the milliseconds between its reply and our commit. That row is sent again
(at-least-once for at most one mail per killed worker), with the same
Message-ID so receiving systems can drop the copy; it is capped by
NEWSLETTER_MAX_ATTEMPTS.
"""

import smtplib
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.queue import task_named

from ..models import Delivery, Dispatch, Issue, Language, News, Subscription
from ..permissions import may_dispatch
from .mail import (
    RenderedMail,
    issue_mail_render,
    mail_build,
    message_id,
    news_mail_render,
    unsubscribe_url,
)

# Queued by name: the tasks module wraps these services and is not imported here.
DISPATCH_RUN_TASK = "newsletter.dispatch_run"

Status = Delivery.Status


class MailServerUnavailable(Exception):
    """The SMTP server could not be reached; the batch was put back."""


def max_attempts() -> int:
    return settings.NEWSLETTER_MAX_ATTEMPTS


# --------------------------------------------------------------------------
# Creating a dispatch
# --------------------------------------------------------------------------
def dispatch_create(
    *,
    language: str,
    user=None,
    issue: Issue | None = None,
    news: News | None = None,
    batch_size: int | None = None,
    rate_per_minute: int | None = None,
) -> Dispatch:
    """One Delivery per active subscriber of ``language``, in one bulk insert.

    Idempotent: the same issue and language give the same dispatch, and only
    subscribers who have no delivery in it yet are added (a later call
    reaches people who subscribed since). Flash news goes to the subscribers
    who asked for it.
    """
    if (issue is None) == (news is None):
        raise ValueError("dispatch_create needs an issue or a news item")
    if not may_dispatch(user, news=news):
        raise PermissionDenied
    audience = Subscription.objects.for_language(language)
    audience = audience.wanting_flash_news() if news else audience.active()
    with transaction.atomic():
        dispatch, _created = Dispatch.objects.get_or_create(
            issue=issue, news=news, language=language, defaults={"created_by": user}
        )
        changed = []
        if batch_size:
            dispatch.batch_size = batch_size
            changed.append("batch_size")
        if rate_per_minute:
            dispatch.rate_per_minute = rate_per_minute
            changed.append("rate_per_minute")
        if changed:
            dispatch.save(update_fields=changed)
        new_ids = audience.exclude(deliveries__dispatch=dispatch).values_list(
            "pk", flat=True
        )
        created = Delivery.objects.bulk_create(
            [Delivery(dispatch=dispatch, subscription_id=pk) for pk in new_ids],
            ignore_conflicts=True,
        )
        if created and dispatch.finished_at:
            Dispatch.objects.filter(pk=dispatch.pk).update(finished_at=None)
            dispatch.finished_at = None
    return dispatch


def dispatch_start(*, dispatch: Dispatch) -> None:
    """Queue the sending once the current transaction is committed."""
    dispatch_run = task_named(DISPATCH_RUN_TASK)
    transaction.on_commit(lambda: dispatch_run.delay(dispatch.pk))


# --------------------------------------------------------------------------
# Sending one batch
# --------------------------------------------------------------------------
def _claim(*, dispatch_id: int, batch_size: int) -> tuple[uuid.UUID, list[Delivery]]:
    token = uuid.uuid4()
    with transaction.atomic():
        ids = list(
            Delivery.objects.filter(dispatch_id=dispatch_id, status=Status.PENDING)
            .order_by("pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:batch_size]
        )
        Delivery.objects.filter(pk__in=ids, status=Status.PENDING).update(
            status=Status.SENDING,
            claim=token,
            claimed_at=timezone.now(),
            attempt_at=None,
        )
    batch = Delivery.objects.filter(claim=token).select_related("subscription")
    return token, list(batch.order_by("pk"))


class _Content:
    """Renders the mail of one dispatch for each recipient."""

    def __init__(self, dispatch: Dispatch):
        self.dispatch = dispatch
        self.kind = "news" if dispatch.news_id else "newsletter"
        if dispatch.issue_id:
            self.edition = dispatch.issue.edition_for(dispatch.language)

    def render(self, subscription: Subscription, unsubscribe: str) -> RenderedMail:
        dispatch = self.dispatch
        if dispatch.news_id:
            return news_mail_render(
                news=dispatch.news, language=dispatch.language, unsubscribe=unsubscribe
            )
        return issue_mail_render(
            issue=dispatch.issue,
            edition=self.edition,
            language=dispatch.language,
            unsubscribe=unsubscribe,
        )


def _smtp_code(error: Exception) -> int | None:
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        return next(iter(error.recipients.values()))[0]
    return getattr(error, "smtp_code", None)


def _record_failure(delivery: Delivery, token: uuid.UUID, error: Exception) -> bool:
    """Store the error; return False when the connection is unusable."""
    code = _smtp_code(error)
    permanent = code is not None and code >= 500
    exhausted = delivery.attempts + 1 >= max_attempts()
    status = Status.FAILED if permanent or exhausted else Status.PENDING
    Delivery.objects.filter(pk=delivery.pk, claim=token).update(
        status=status,
        claim=None,
        attempt_at=None,
        error=f"{error.__class__.__name__}: {error}"[:2000],
    )
    return code is not None


def _deliver(delivery, token, content: _Content, connection) -> bool:
    """Send one mail. Returns False when the batch must stop (connection lost)."""
    subscription = delivery.subscription
    if not subscription.is_active:
        Delivery.objects.filter(pk=delivery.pk, claim=token).update(
            status=Status.FAILED, claim=None, error="unsubscribed before sending"
        )
        return True
    started = Delivery.objects.filter(
        pk=delivery.pk, claim=token, status=Status.SENDING, attempt_at__isnull=True
    ).update(attempt_at=timezone.now(), attempts=F("attempts") + 1)
    if not started:  # released meanwhile by a recovery pass: someone else's now
        return True
    unsubscribe = unsubscribe_url(subscription=subscription)
    message = mail_build(
        rendered=content.render(subscription, unsubscribe),
        to=subscription.email,
        unsubscribe=unsubscribe,
        message_id_value=message_id(kind=content.kind, delivery_id=delivery.pk),
        connection=connection,
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        return _record_failure(delivery, token, error)
    Delivery.objects.filter(pk=delivery.pk, claim=token).update(
        status=Status.SENT, sent_at=timezone.now(), claim=None
    )
    return True


def _release_unattempted(token: uuid.UUID) -> None:
    Delivery.objects.filter(
        claim=token, status=Status.SENDING, attempt_at__isnull=True
    ).update(status=Status.PENDING, claim=None, claimed_at=None)


def _open_count(dispatch_id: int) -> int:
    return Delivery.objects.filter(
        dispatch_id=dispatch_id, status__in=[Status.PENDING, Status.SENDING]
    ).count()


def dispatch_send_batch(*, dispatch_id: int, batch_size: int | None = None) -> int:
    """Claim and send one batch; return how many deliveries are still open
    (pending, or sending in some worker). Raises MailServerUnavailable, with
    the batch put back, when the SMTP server cannot be reached."""
    dispatch = Dispatch.objects.select_related("issue", "news").get(pk=dispatch_id)
    token, batch = _claim(
        dispatch_id=dispatch.pk, batch_size=batch_size or dispatch.batch_size
    )
    if not batch:
        return _open_count(dispatch.pk)
    connection = get_connection(fail_silently=False)
    try:
        try:
            connection.open()
        except (smtplib.SMTPException, OSError) as error:
            raise MailServerUnavailable(str(error)) from error
        if dispatch.issue_id:
            dispatch.issue = Issue.objects.prefetch_related("editions").get(
                pk=dispatch.issue_id
            )
        content = _Content(dispatch)
        for delivery in batch:
            if not _deliver(delivery, token, content, connection):
                break
    finally:
        connection.close()
        _release_unattempted(token)  # e.g. after a lost connection
    return _open_count(dispatch.pk)


def issue_dispatch(*, issue: Issue, user=None) -> list[Dispatch]:
    """Send a published issue to the subscribers of each language (each gets
    their language's edition, else the other one). Idempotent: nobody gets
    it twice, and subscribers who arrived since are reached."""
    if not issue.is_published:
        raise ValueError(_("Publish an issue before dispatching it."))
    dispatches = [
        dispatch_create(issue=issue, language=language, user=user)
        for language in Language.values
    ]
    for dispatch in dispatches:
        dispatch_start(dispatch=dispatch)
    return dispatches
