"""The secretariat's side of moderated items in the admin, written once.

``ModerationAdmin`` gives a model admin the actions ``publish_selected`` and
``reject_selected`` (through the services, which check the permission again;
the list's action bar takes the reason sent to the proposers of what it
declines), keeps the moderation fields read-only, and lets an item created in
the admin be published at once: the status is chosen on the add page only, "Published"
unless the secretariat member chooses otherwise. Each model admin names its
actions and messages in ``moderation_texts``, so that each language can agree
them with the model's gender.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .admin_desk import DeskAction
from .moderation import ModerationStatus, item_decline, item_publish, may_moderate

MODERATION_FIELDS = [
    "status",
    "proposed_by",
    "published_at",
    "moderated_by",
    "moderated_at",
    "decline_reason",
    "created_at",
]


@dataclass(frozen=True)
class ModerationTexts:
    """The action names and result messages of one model admin; ``published``
    and ``declined`` are ``ngettext_lazy(..., "count")`` messages."""

    publish: Promise
    decline: Promise
    published: Promise
    declined: Promise


def moderation_desk_actions(
    *, published: Promise, declined: Promise, unpublished: Promise
) -> list[DeskAction]:
    """The buttons of a moderated item's own page (publish, decline a proposal,
    unpublish), each through the services; the model admin gives the messages
    shown after each, worded for its model."""

    def run(service, message):
        def action(request, item):
            service(item=item, user=request.user)
            return str(message)

        return action

    return [
        DeskAction(
            "publish",
            _("Publish"),
            run(item_publish, published),
            shown=lambda item: item.status != ModerationStatus.PUBLISHED,
        ),
        DeskAction(
            "decline",
            _("Decline"),
            run(item_decline, declined),
            shown=lambda item: item.status == ModerationStatus.PROPOSED,
        ),
        DeskAction(
            "unpublish",
            _("Unpublish"),
            run(item_decline, unpublished),
            shown=lambda item: item.status == ModerationStatus.PUBLISHED,
        ),
    ]


class ModerationActionForm(helpers.ActionForm):
    """The list's action bar, with the reason sent to the proposers of the
    items declined (optional)."""

    decline_reason = forms.CharField(
        label=_("Reason for declining (sent to the proposer):"),
        required=False,
        max_length=1000,
    )


class ModerationAdmin(admin.ModelAdmin):
    moderation_texts: ModerationTexts
    actions = ["publish_selected", "reject_selected"]
    action_form = ModerationActionForm

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj)]
        fields += [name for name in MODERATION_FIELDS if name not in fields]
        if obj is None and may_moderate(request.user, self.model):
            fields.remove("status")
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        status = form.base_fields.get("status")
        if status is not None:  # the add page of a moderator
            status.required = False
            status.initial = ModerationStatus.PUBLISHED
        return form

    def save_model(self, request, obj, form, change):
        """An item added here is saved as a proposal, then published or declined
        through the services when that is the status chosen (by default,
        published)."""
        if change:
            return super().save_model(request, obj, form, change)
        # The add page offers "Published" first; a request without the field
        # (someone without the power to moderate) leaves a proposal.
        chosen = form.cleaned_data.get("status") or ModerationStatus.PROPOSED
        obj.status = ModerationStatus.PROPOSED
        super().save_model(request, obj, form, change)
        if chosen == ModerationStatus.PUBLISHED:
            decided = item_publish(item=obj, user=request.user)
        elif chosen == ModerationStatus.REJECTED:
            decided = item_decline(item=obj, user=request.user)
        else:
            return None
        for name in ("status", "published_at", "moderated_by", "moderated_at"):
            setattr(obj, name, getattr(decided, name))
        return None

    def get_actions(self, request):
        actions = super().get_actions(request)
        names = {
            "publish_selected": self.moderation_texts.publish,
            "reject_selected": self.moderation_texts.decline,
        }
        for name, description in names.items():
            if name in actions:
                function, _, _ = actions[name]
                actions[name] = (function, name, description)
        return actions

    def _moderate(self, request, queryset, service, message, **extra) -> None:
        done = 0
        for item in queryset:
            try:
                service(item=item, user=request.user, **extra)
            except PermissionDenied:
                continue
            done += 1
        self.message_user(request, message % {"count": done}, messages.SUCCESS)

    @admin.action(permissions=["change"])
    def publish_selected(self, request, queryset):
        self._moderate(request, queryset, item_publish, self.moderation_texts.published)

    @admin.action(permissions=["change"])
    def reject_selected(self, request, queryset):
        self._moderate(
            request,
            queryset,
            item_decline,
            self.moderation_texts.declined,
            reason=request.POST.get("decline_reason", "")[:1000],
        )
