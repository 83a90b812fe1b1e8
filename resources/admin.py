"""The secretariat's side of the library: the moderation queue is the resource
list filtered on status; the actions go through the moderation services
(``kernel.moderation_admin``)."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from kernel.admin_desk import DeskActionsMixin
from kernel.moderation_admin import (
    MODERATION_FIELDS,
    ModerationAdmin,
    ModerationTexts,
    moderation_desk_actions,
)

from .models import Resource, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_en", "slug"]
    search_fields = ["name_fr", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Resource)
class ResourceAdmin(DeskActionsMixin, ModerationAdmin):
    desk_actions = moderation_desk_actions(
        published=_("The resource is in the public library."),
        declined=_("The proposal is declined; it stays out of the library."),
        unpublished=_("The resource is no longer in the public library."),
    )
    moderation_texts = ModerationTexts(
        publish=_("Publish the selected resources"),
        decline=_("Reject the selected resources"),
        published=ngettext_lazy(
            "%(count)d resource published.", "%(count)d resources published.", "count"
        ),
        declined=ngettext_lazy(
            "%(count)d resource rejected.", "%(count)d resources rejected.", "count"
        ),
    )
    list_display = [
        "title",
        "type",
        "language",
        "year",
        "status",
        "proposed_by",
        "created_at",
    ]
    list_select_related = ["proposed_by"]
    list_filter = ["status", "type", "language", "themes", "countries__region"]
    search_fields = [
        "title",
        "title_other",
        "slug",
        "authors",
        "publisher",
        "proposed_by__email",
    ]
    date_hierarchy = "created_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["countries"]
    filter_horizontal = ["themes"]
    # Once created, the status changes only through the actions, i.e. the
    # services; the moderation fields are read-only (ModerationAdmin).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["title", "title_other", "slug", "type", "language"]}),
        (_("Document"), {"fields": ["file", "link"]}),
        (
            _("Description"),
            {
                "fields": [
                    "authors",
                    "publisher",
                    "year",
                    "countries",
                    "themes",
                    "description_fr",
                    "description_en",
                ]
            },
        ),
        (
            _("Moderation"),
            {"fields": MODERATION_FIELDS},
        ),
    ]
