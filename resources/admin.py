"""The secretariat's side of the library: the moderation queue is the resource
list filtered on status; the actions go through the services."""

from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .admin_desk import ResourceDeskMixin
from .models import Resource, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_en", "slug"]
    search_fields = ["name_fr", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Resource)
class ResourceAdmin(ResourceDeskMixin, admin.ModelAdmin):
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
    # The status changes only through the actions, i.e. the services.
    readonly_fields = ["status", "proposed_by", "published_at", "created_at"]
    actions = ["publish_selected", "reject_selected"]
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
            {"fields": ["status", "proposed_by", "published_at", "created_at"]},
        ),
    ]

    @admin.action(
        description=_("Publish the selected resources"), permissions=["change"]
    )
    def publish_selected(self, request, queryset):
        resources = list(queryset)
        for resource in resources:
            services.resource_publish(resource=resource, user=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d resource published.",
                "%(count)d resources published.",
                len(resources),
            )
            % {"count": len(resources)},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Reject the selected resources"), permissions=["change"]
    )
    def reject_selected(self, request, queryset):
        resources = list(queryset)
        for resource in resources:
            services.resource_reject(resource=resource, user=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d resource rejected.",
                "%(count)d resources rejected.",
                len(resources),
            )
            % {"count": len(resources)},
            messages.SUCCESS,
        )
