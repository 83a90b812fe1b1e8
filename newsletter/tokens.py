"""Signed links in mail: confirm a subscription, unsubscribe in one click.

Links are signed with the site's secret key (django.core.signing) under their
own salt, so a token made for one purpose is refused by the other. A
confirmation link expires (NEWSLETTER_CONFIRM_MAX_AGE, seven days by default)
and only the latest one sent works; an unsubscribe link never expires, as
mail clients and RFC 8058 expect.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "newsletter.subscription.confirm"
UNSUBSCRIBE_SALT = "newsletter.subscription.unsubscribe"


class InvalidToken(Exception):
    """The link is tampered with, expired, or no longer matches its subscription."""


@dataclass(frozen=True)
class ConfirmRequest:
    subscription_id: int
    email: str
    language: str
    sent_at: str
    flash_news: bool = False


def confirm_max_age() -> int:
    return settings.NEWSLETTER_CONFIRM_MAX_AGE


def confirm_token_make(*, subscription) -> str:
    return signing.dumps(
        {
            "s": subscription.pk,
            "e": subscription.email,
            "l": subscription.language,
            "t": subscription.confirmation_sent_at.isoformat(),
            "f": bool(subscription.flash_news),
        },
        salt=CONFIRM_SALT,
        compress=True,
    )


def confirm_token_read(token: str) -> ConfirmRequest:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=confirm_max_age())
        return ConfirmRequest(
            subscription_id=int(data["s"]),
            email=str(data["e"]),
            language=str(data["l"]),
            sent_at=str(data["t"]),
            # Links sent before the sign-up form offered flash news have no "f".
            flash_news=bool(data.get("f", False)),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidToken from error


def unsubscribe_token_make(*, subscription) -> str:
    return signing.dumps(
        {"s": subscription.pk, "e": subscription.email}, salt=UNSUBSCRIBE_SALT
    )


def unsubscribe_token_read(token: str) -> tuple[int, str]:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return int(data["s"]), str(data["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidToken from error
