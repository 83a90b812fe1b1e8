"""Who may do what in the calendar and the forums.

Registered users with an active account propose events; holders of
``forum.change_event`` (the Secretariat group) publish or decline them, never
``is_staff`` alone, which only opens the admin's door. The rule is the one of
every moderated item (``kernel.moderation``). Everything else is public once
published: events, forum editions and their proceedings."""

from kernel import moderation


def may_moderate(user) -> bool:
    """Publishes or declines proposed events."""
    from .models import Event

    return moderation.may_moderate(user, Event)


def may_propose(user) -> bool:
    return moderation.may_propose(user)
