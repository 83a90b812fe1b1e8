"""System checks of the portal's own (`manage.py check`)."""

from django.contrib.auth import get_user_model
from django.core.checks import Tags, Warning, register
from django.db import DatabaseError, connections, router

from .demo_accounts import DEMO_EMAIL_DOMAIN, demo_accounts

SHOWN = 5


@register(Tags.security, deploy=True)
def demo_accounts_check(app_configs=None, **kwargs):
    """`check --deploy` lists the demonstration accounts a production database
    holds: their password is public. (Production refuses them anyway.)"""
    user_model = get_user_model()
    connection = connections[router.db_for_read(user_model)]
    try:
        if user_model._meta.db_table not in connection.introspection.table_names():
            return []  # not migrated yet: no account at all
        emails = list(demo_accounts().order_by("email").values_list("email", flat=True))
    except DatabaseError as error:
        return [
            Warning(
                f"Could not look for demonstration accounts: {error}",
                id="concertation.W002",
            )
        ]
    if not emails:
        return []
    shown = ", ".join(emails[:SHOWN]) + (", ..." if len(emails) > SHOWN else "")
    return [
        Warning(
            f"{len(emails)} demonstration account(s) in the database: {shown}. "
            "Their password is published; production refuses them, but they "
            "have no place on a production site.",
            hint=(
                "Delete them in the administration: Users, search for "
                f"{DEMO_EMAIL_DOMAIN}."
            ),
            id="concertation.W001",
        )
    ]
