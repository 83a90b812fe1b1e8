"""Reads of the calendar and the forums. Only published events are public; each
read fetches its related rows in a fixed number of queries."""

from django.db.models import Count, Prefetch

from kernel.i18n import sort_key, translated_ordering
from organizations.models import Country, Organization

from .models import Event, ForumEdition, ProceedingsDocument


def _organizers_by_name():
    return Organization.objects.order_by(translated_ordering("name"))


def _public_events():
    return (
        Event.objects.published()
        .select_related("country", "forum_edition")
        .prefetch_related(Prefetch("organizers", queryset=_organizers_by_name()))
    )


def event_list():
    """Published events; the list filter splits upcoming from past."""
    return _public_events()


def event_country_choices() -> list[tuple[str, str]]:
    """(ISO code, name) of the countries that have published events."""
    countries = (
        Country.objects.filter(events__status=Event.Status.PUBLISHED)
        .only("iso2", "name_fr", "name_en")
        .distinct()
    )
    return sorted(
        ((country.iso2, country.name) for country in countries),
        key=lambda choice: sort_key(choice[1]),
    )


def event_detail(*, slug: str) -> Event:
    """A published event; raises Event.DoesNotExist for any other."""
    return _public_events().get(slug=slug)


def event_calendar(*, slug: str | None = None):
    """Published events for the iCalendar feed: all, or the one with ``slug``."""
    events = Event.objects.published().select_related("country")
    if slug is not None:
        events = events.filter(slug=slug)
    return events.order_by("starts_on", "slug")


def forum_list():
    return (
        ForumEdition.objects.published()
        .select_related("event__country")
        .annotate(document_count=Count("documents"))
        .order_by("-year")
    )


def forum_detail(*, year: int) -> ForumEdition:
    """A forum edition whose event is published; raises DoesNotExist otherwise."""
    return (
        ForumEdition.objects.published()
        .select_related("event__country")
        .prefetch_related(
            Prefetch("event__organizers", queryset=_organizers_by_name()),
            Prefetch(
                "documents",
                queryset=ProceedingsDocument.objects.order_by("position", "title_fr"),
            ),
        )
        .get(year=year)
    )


def document_for_download(*, pk: int) -> ProceedingsDocument:
    """A proceedings document of a public forum edition."""
    return ProceedingsDocument.objects.filter(
        edition__in=ForumEdition.objects.published()
    ).get(pk=pk)
