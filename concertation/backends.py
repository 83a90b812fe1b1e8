"""How a login attempt is checked against the accounts: Django's backend,
with two differences.

- A production site never lets a demonstration account in, whether it logs in
  (site or admin) or arrives with a session it opened before the site went
  into production.
- An account still waiting for its e-mail confirmation is returned when its
  password is right. The login form then tells its owner to confirm the
  address instead of "wrong password"; it never logs them in. The password is
  checked exactly once, whatever the account (Django hashes once for an
  unknown address too), so the answer takes the same time for an unconfirmed
  account as for the others; and the right password is not counted by the
  login throttle as a failure. A blocked account (inactive after its
  confirmation) is refused as before, and no session ever belongs to an
  inactive account.
"""

from django.contrib.auth.backends import ModelBackend

from .demo_accounts import demo_accounts_refused, is_demo_email


class AccountBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        if demo_accounts_refused() and is_demo_email(user.email):
            return False
        return super().user_can_authenticate(user) or awaits_confirmation(user)

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None


def awaits_confirmation(user) -> bool:
    return not user.is_active and not user.email_verified
