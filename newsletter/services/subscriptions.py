"""Subscribing with double opt-in, confirming, unsubscribing, and the
registered user's own subscription settings."""

import enum
import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ..models import Subscription
from ..tokens import (
    InvalidToken,
    confirm_max_age,
    confirm_token_make,
    confirm_token_read,
    unsubscribe_token_read,
)
from .mail import from_email, localized_url

logger = logging.getLogger(__name__)

DEFAULT_CONFIRM_RESEND_SECONDS = 10 * 60


class SubscribeOutcome(enum.Enum):
    CONFIRMATION_SENT = "confirmation-sent"
    ALREADY_ACTIVE = "already-active"
    RECENTLY_SENT = "recently-sent"
    MAIL_FAILED = "mail-failed"


def _normalize(email: str) -> str:
    return get_user_model().objects.normalize_email(email.strip()).lower()


def _resend_after() -> timedelta:
    seconds = getattr(
        settings, "NEWSLETTER_CONFIRM_RESEND_SECONDS", DEFAULT_CONFIRM_RESEND_SECONDS
    )
    return timedelta(seconds=seconds)


def subscription_request(
    *,
    email: str,
    language: str,
    flash_news: bool = False,
    base_url: str | None = None,
) -> SubscribeOutcome:
    """Ask ``email`` to confirm a subscription in ``language``, with or without
    flash news.

    Only the confirmation mail is ever sent before confirmation, and the
    choices take effect when the link is opened: nobody can add or remove
    flash news for somebody else's address. An address that is already
    subscribed with these choices gets nothing, and a second
    request within a few minutes sends no second mail, so the form cannot be
    used to flood a mailbox. The caller shows the same page in every case.
    """
    email = _normalize(email)
    now = timezone.now()
    with transaction.atomic():
        subscription, created = Subscription.objects.select_for_update().get_or_create(
            email=email, defaults={"language": language}
        )
        if (
            subscription.is_active
            and subscription.language == language
            and subscription.flash_news == flash_news
        ):
            return SubscribeOutcome.ALREADY_ACTIVE
        previous = subscription.confirmation_sent_at
        if previous and not created and now - previous < _resend_after():
            return SubscribeOutcome.RECENTLY_SENT
        if not subscription.is_active:
            subscription.language = language
        subscription.confirmation_sent_at = now
        subscription.save(update_fields=["language", "confirmation_sent_at"])
    try:
        _confirmation_mail_send(
            subscription=subscription,
            language=language,
            flash_news=flash_news,
            base_url=base_url,
        )
    except (smtplib.SMTPException, OSError):
        logger.exception("confirmation mail to subscription %s failed", subscription.pk)
        unsent = Subscription.objects.filter(
            pk=subscription.pk, confirmation_sent_at=now
        )
        unsent.update(confirmation_sent_at=previous)
        return SubscribeOutcome.MAIL_FAILED
    return SubscribeOutcome.CONFIRMATION_SENT


def _confirmation_mail_send(
    *,
    subscription: Subscription,
    language: str,
    flash_news: bool,
    base_url: str | None,
) -> None:
    # The token carries the requested language and flash news choice: an
    # active subscriber who asks for a change gets it only once they confirm.
    pending = Subscription(
        pk=subscription.pk,
        email=subscription.email,
        language=language,
        flash_news=flash_news,
        confirmation_sent_at=subscription.confirmation_sent_at,
    )
    token = confirm_token_make(subscription=pending)
    context = {
        "confirm_url": localized_url(
            "newsletter:confirm", language=language, args=[token], base_url=base_url
        ),
        "days": confirm_max_age() // 86400,
        "email": subscription.email,
        "flash_news": flash_news,
    }
    with translation.override(language):
        subject = render_to_string("newsletter/email/confirm_subject.txt", context)
        body = render_to_string("newsletter/email/confirm.txt", context)
    send_mail(" ".join(subject.split()), body, from_email(), [subscription.email])


def subscription_check_confirm_token(*, token: str) -> Subscription:
    """The subscription a confirmation link is for, showing the edition and
    flash news choice the link confirms (not saved); InvalidToken when the
    link is tampered with, expired, or superseded by a newer one."""
    request = confirm_token_read(token)
    subscription = Subscription.objects.filter(
        pk=request.subscription_id, email=request.email
    ).first()
    sent_at = subscription.confirmation_sent_at if subscription else None
    if sent_at is None or sent_at.isoformat() != request.sent_at:
        raise InvalidToken
    subscription.language = request.language
    subscription.flash_news = request.flash_news
    return subscription


def subscription_confirm(*, token: str) -> Subscription:
    request = confirm_token_read(token)
    with transaction.atomic():
        subscription = subscription_check_confirm_token(token=token)
        subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if (
            subscription.is_active
            and subscription.language == request.language
            and subscription.flash_news == request.flash_news
        ):
            return subscription
        subscription.confirmed_at = timezone.now()
        subscription.unsubscribed_at = None
        subscription.language = request.language
        subscription.flash_news = request.flash_news
        if subscription.user_id is None:
            subscription.user = (
                get_user_model()
                .objects.filter(email__iexact=subscription.email, is_active=True)
                .first()
            )
        subscription.save(
            update_fields=[
                "confirmed_at",
                "unsubscribed_at",
                "language",
                "flash_news",
                "user",
            ]
        )
    return subscription


def subscription_check_unsubscribe_token(*, token: str) -> Subscription:
    subscription_id, email = unsubscribe_token_read(token)
    subscription = Subscription.objects.filter(pk=subscription_id, email=email).first()
    if subscription is None:
        raise InvalidToken
    return subscription


def subscription_unsubscribe(*, subscription: Subscription) -> Subscription:
    """Stop every mail to this address. Idempotent. Any confirmation link
    still in a mailbox stops working: subscribing again needs a new one."""
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = timezone.now()
    subscription.confirmation_sent_at = None
    subscription.save(update_fields=["unsubscribed_at", "confirmation_sent_at"])
    return subscription


def subscription_unsubscribe_by_token(*, token: str) -> Subscription:
    subscription = subscription_check_unsubscribe_token(token=token)
    return subscription_unsubscribe(subscription=subscription)


def subscription_for_user(*, user) -> Subscription | None:
    return (
        Subscription.objects.filter(user=user).first()
        or Subscription.objects.filter(email=_normalize(user.email)).first()
    )


def subscription_save_for_user(*, user, language: str, flash_news: bool):
    """A logged-in user subscribes or changes their settings at once: their
    address was verified when the account was opened, so no mail is needed."""
    with transaction.atomic():
        subscription = subscription_for_user(user=user)
        if subscription is None:
            subscription = Subscription(email=_normalize(user.email))
        subscription.user = user
        subscription.language = language
        subscription.flash_news = flash_news
        if not subscription.is_active:
            subscription.confirmed_at = timezone.now()
            subscription.unsubscribed_at = None
        subscription.full_clean()
        subscription.save()
    return subscription
