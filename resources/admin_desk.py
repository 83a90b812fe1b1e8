"""The secretariat's buttons on a resource's own page: publish, decline,
unpublish. Each calls the library's moderation services."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kernel.admin_desk import DeskAction, DeskActionsMixin
from kernel.moderation import item_decline, item_publish

from .models import Resource


def _publish(request, resource):
    item_publish(item=resource, user=request.user)
    return _("The resource is in the public library.")


def _decline(request, resource):
    item_decline(item=resource, user=request.user)
    return _("The proposal is declined; it stays out of the library.")


def _unpublish(request, resource):
    item_decline(item=resource, user=request.user)
    return _("The resource is no longer in the public library.")


class ResourceDeskMixin(DeskActionsMixin):
    desk_actions = [
        DeskAction(
            "publish",
            gettext_lazy("Publish"),
            _publish,
            shown=lambda resource: resource.status != Resource.Status.PUBLISHED,
        ),
        DeskAction(
            "decline",
            gettext_lazy("Decline"),
            _decline,
            shown=lambda resource: resource.status == Resource.Status.PROPOSED,
        ),
        DeskAction(
            "unpublish",
            gettext_lazy("Unpublish"),
            _unpublish,
            shown=lambda resource: resource.status == Resource.Status.PUBLISHED,
        ),
    ]
