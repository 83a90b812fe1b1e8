"""Who may do what in the calendar and the forums.

Anyone sees published events, the forum editions of published events and
their proceedings. Registered users with an active account propose events;
holders of ``MODERATE`` (the Secretariat group) publish or decline them,
never ``is_staff`` alone, which only opens the admin's door. The predicates
are those of every moderated item (``kernel.moderation``: ``may_propose``,
``may_moderate``), which read ``Event.MODERATE_PERMISSION``.
"""

MODERATE = "forum.change_event"
