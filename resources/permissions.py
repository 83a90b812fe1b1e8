"""Who may do what in the resource library.

Anyone reads and downloads what is published. Registered users with an active
account propose documents; holders of ``MODERATE`` (the Secretariat group)
see the proposals and publish or decline them, never ``is_staff`` alone,
which only opens the admin's door. The predicates are those of every
moderated item (``kernel.moderation``: ``may_propose``, ``may_moderate``,
``ModeratedQuerySet.visible_to``), which read ``Resource.MODERATE_PERMISSION``.
"""

MODERATE = "resources.change_resource"
