"""The two questions every app's ``permissions`` module starts from: is this
an account that may act at all, and does it hold a permission.

``is_staff`` is never a power: it only opens the admin's door. Powers are
permissions, which the Secretariat group holds.
"""


def is_active_user(user) -> bool:
    """A logged-in account that is not blocked."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def has_permission(user, permission: str) -> bool:
    """``user`` is active and holds ``permission`` ("app_label.codename")."""
    # has_perm is False for inactive users; the check is explicit all the same.
    return is_active_user(user) and user.has_perm(permission)
