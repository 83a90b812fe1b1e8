"""The authentication backend: Django's, except that a production site never
lets a demonstration account in, whether it logs in (site or admin) or
arrives with a session it opened before the site went into production."""

from django.contrib.auth.backends import ModelBackend

from .demo_accounts import demo_accounts_refused, is_demo_email


class AccountBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        if demo_accounts_refused() and is_demo_email(user.email):
            return False
        return super().user_can_authenticate(user)
