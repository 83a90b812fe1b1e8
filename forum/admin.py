"""Administration of the calendar and the forums by the technical secretariat.

Proposed events wait in the list filtered on "Proposed"; the actions publish
or decline them through the moderation services (``kernel.moderation_admin``).
"""

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

from .forms import EventAdminForm
from .models import Event, ForumEdition, ProceedingsDocument

HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


@admin.display(description=_("dates"), ordering="starts_on")
def event_dates(event: Event) -> str:
    """The dates as far as they are known, as the public pages show them: a
    forum known only by its year reads "2004", not "1 January 2004"."""
    if event is None or not (event.starts_on and event.ends_on):
        return "—"  # a new event, before its dates are saved
    return event.date_label


@admin.display(description=_("dates"), ordering="event__starts_on")
def edition_dates(edition: ForumEdition) -> str:
    return event_dates(edition.event if edition and edition.event_id else None)


@admin.register(Event)
class EventAdmin(DeskActionsMixin, ModerationAdmin):
    desk_actions = moderation_desk_actions(
        published=_("The event is in the public calendar."),
        declined=_("The proposal is declined; it stays out of the calendar."),
        unpublished=_("The event is no longer in the public calendar."),
    )
    form = EventAdminForm
    formfield_overrides = HTTPS_URLS
    moderation_texts = ModerationTexts(
        publish=_("Publish selected events"),
        decline=_("Reject selected events"),
        published=ngettext_lazy(
            "%(count)d event published.", "%(count)d events published.", "count"
        ),
        declined=ngettext_lazy(
            "%(count)d event rejected.", "%(count)d events rejected.", "count"
        ),
    )
    list_display = ["__str__", "kind", event_dates, "country", "city", "status"]
    readonly_fields = [event_dates]
    list_select_related = ["country"]
    list_filter = ["status", "kind", "date_precision", "country"]
    search_fields = [
        "slug",
        "title_fr",
        "title_en",
        "city",
        "organizers_text_fr",
        "organizers_text_en",
    ]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["country", "organizers"]
    prepopulated_fields = {"slug": ["title_fr"]}
    fieldsets = [
        (None, {"fields": ["status", "slug", "kind", "title_fr", "title_en"]}),
        (
            _("When and where"),
            {
                "fields": [
                    "starts_on",
                    "ends_on",
                    "date_precision",
                    event_dates,
                    "country",
                    "city",
                    "languages",
                ]
            },
        ),
        (
            _("Organizers"),
            {"fields": ["organizers", "organizers_text_fr", "organizers_text_en"]},
        ),
        (_("Description"), {"fields": ["description_fr", "description_en", "link"]}),
        (
            _("Moderation"),
            {
                # The status is chosen beside the title, above.
                "fields": [f for f in MODERATION_FIELDS if f != "status"]
            },
        ),
    ]


class ProceedingsDocumentInline(admin.TabularInline):
    model = ProceedingsDocument
    formfield_overrides = HTTPS_URLS
    extra = 0
    prepopulated_fields = {"slug": ["title_fr"]}
    fields = ["position", "slug", "title_fr", "title_en", "language", "file", "url"]


@admin.register(ForumEdition)
class ForumEditionAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "year",
        "event",
        edition_dates,
        "participants",
        "nationalities",
    ]
    readonly_fields = [edition_dates]
    list_select_related = ["event__country"]
    list_filter = ["event__country"]
    search_fields = ["theme_fr", "theme_en", "event__title_fr", "event__city"]
    autocomplete_fields = ["event"]
    inlines = [ProceedingsDocumentInline]


@admin.register(ProceedingsDocument)
class ProceedingsDocumentAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["__str__", "edition", "language", "position"]
    list_select_related = ["edition__event"]
    list_filter = ["language", "edition"]
    search_fields = ["title_fr", "title_en", "slug"]
    autocomplete_fields = ["edition"]
    prepopulated_fields = {"slug": ["title_fr"]}
