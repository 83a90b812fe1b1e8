"""Who moderates the resource library: holders of ``resources.change_resource``
(the Secretariat group), as ``forum.change_event`` for the calendar; never
``is_staff`` alone, which only opens the admin's door."""

MODERATE = "resources.change_resource"


def may_moderate(user) -> bool:
    """Sees proposals and publishes or rejects them."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perm(MODERATE)
    )
