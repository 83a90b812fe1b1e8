"""The secretariat's buttons on an event's own page: publish, decline,
unpublish. Each calls the calendar's moderation services."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kernel.admin_desk import DeskAction, DeskActionsMixin
from kernel.moderation import item_decline, item_publish

from .models import Event


def _publish(request, event):
    item_publish(item=event, user=request.user)
    return _("The event is in the public calendar.")


def _decline(request, event):
    item_decline(item=event, user=request.user)
    return _("The proposal is declined; it stays out of the calendar.")


def _unpublish(request, event):
    item_decline(item=event, user=request.user)
    return _("The event is no longer in the public calendar.")


class EventDeskMixin(DeskActionsMixin):
    desk_actions = [
        DeskAction(
            "publish",
            gettext_lazy("Publish"),
            _publish,
            shown=lambda event: event.status != Event.Status.PUBLISHED,
        ),
        DeskAction(
            "decline",
            gettext_lazy("Decline"),
            _decline,
            shown=lambda event: event.status == Event.Status.PROPOSED,
        ),
        DeskAction(
            "unpublish",
            gettext_lazy("Unpublish"),
            _unpublish,
            shown=lambda event: event.status == Event.Status.PUBLISHED,
        ),
    ]
