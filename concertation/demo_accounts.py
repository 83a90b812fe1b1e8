"""Demonstration accounts: the ones `seed_demo --with-accounts` creates to try
the manager, reviewer and secretariat flows, with a password published in the
README. Their addresses are under a domain of their own that no mail reaches.

On a production site they are refused wherever a login or a session is
checked (concertation.backends, the login forms), and `check --deploy` lists
any that exist (concertation.checks), for a production database restored from
a development copy, say.
"""

from django.conf import settings
from django.contrib.auth import get_user_model

DEMO_EMAIL_DOMAIN = "demo.concertation.local"


def demo_email(local_part: str) -> str:
    return f"{local_part}@{DEMO_EMAIL_DOMAIN}"


def is_demo_email(email: str | None) -> bool:
    return (email or "").strip().lower().endswith("@" + DEMO_EMAIL_DOMAIN)


def demo_accounts_refused() -> bool:
    """Whether demonstration accounts are refused here: in production."""
    return settings.PRODUCTION


def demo_accounts():
    """Every demonstration account, active or not."""
    return get_user_model().objects.filter(email__iendswith="@" + DEMO_EMAIL_DOMAIN)
