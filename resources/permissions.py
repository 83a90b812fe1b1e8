"""Who may do what in the resource library.

Registered users with an active account propose documents; holders of
``resources.change_resource`` (the Secretariat group) see the proposals and
publish or decline them, never ``is_staff`` alone, which only opens the
admin's door. The rule is the one of every moderated item
(``kernel.moderation``)."""

from kernel import moderation


def may_moderate(user) -> bool:
    """Sees proposals and publishes or declines them."""
    from .models import Resource

    return moderation.may_moderate(user, Resource)


def may_propose(user) -> bool:
    return moderation.may_propose(user)
