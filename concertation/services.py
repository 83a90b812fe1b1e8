"""Account writes: registration, e-mail verification, profile changes."""

from axes.utils import reset as axes_reset
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from kernel.security import login_username

User = get_user_model()

VERIFY_SALT = "concertation.accounts.verify-email"
VERIFY_MAX_AGE = 60 * 60 * 24 * 3  # three days


class VerificationError(Exception):
    """The verification link is tampered with, expired or already used."""


def _send_account_mail(*, user, template: str, context: dict) -> None:
    with translation.override(user.language):
        subject = render_to_string(f"registration/{template}_subject.txt", context)
        body = render_to_string(f"registration/{template}_email.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])


def email_verification_token_make(*, user) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=VERIFY_SALT)


def user_register(
    *, email: str, password: str, full_name: str, language: str, base_url: str
) -> User | None:
    """Create an inactive account and mail its confirmation link.

    When the address already has an account, nothing is created: its owner
    is told by mail instead, so the form does not reveal who is registered.
    """
    email = User.objects.normalize_email(email).lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        # The same work as for a new account (a password hashed, one mail
        # sent), so the time of the answer does not tell either.
        make_password(password)
        context = {
            "user": existing,
            "login_url": base_url + reverse("login"),
            "reset_url": base_url + reverse("password_reset"),
        }
        _send_account_mail(
            user=existing, template="already_registered", context=context
        )
        return None
    with transaction.atomic():
        user = User(
            email=email, full_name=full_name, language=language, is_active=False
        )
        user.set_password(password)
        user.full_clean()
        user.save()
    email_verification_send(user=user, base_url=base_url)
    return user


def email_verification_send(*, user, base_url: str) -> None:
    token = email_verification_token_make(user=user)
    with translation.override(user.language):
        verify_url = base_url + reverse("verify_email", args=[token])
    _send_account_mail(
        user=user,
        template="verify",
        context={
            "user": user,
            "verify_url": verify_url,
            "days": VERIFY_MAX_AGE // 86400,
        },
    )


def user_verify_email(*, token: str) -> User:
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.BadSignature as error:  # includes SignatureExpired
        raise VerificationError from error
    user = User.objects.filter(pk=data.get("user"), email=data.get("email")).first()
    if user is None:
        raise VerificationError
    if not user.email_verified:
        user.email_verified = True
        user.is_active = True
        user.save(update_fields=["email_verified", "is_active"])
    return user


def login_lockout_lift(*, user) -> int:
    """Forget the failed logins of ``user``'s account, from every address, so
    that a lockout ends; the number of failure records removed."""
    username = login_username(None, {"username": user.email})
    # An empty name would match every record: axes would forget all lockouts.
    return axes_reset(username=username) if username else 0


def user_update_profile(*, user, full_name: str, language: str) -> User:
    user.full_name = full_name
    user.language = language
    user.full_clean()
    user.save(update_fields=["full_name", "language"])
    return user
