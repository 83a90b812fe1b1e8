"""Reads of the resource library. Lists fetch their related rows in a fixed
number of queries, whatever the number of resources."""

from django.db.models import Prefetch, Q

from kernel.i18n import TranslatedSortKey, sort_key, translated_ordering
from organizations.models import Country

from .models import Resource, Theme


def _countries_by_name():
    return Country.objects.order_by(TranslatedSortKey("name"))


def _themes_by_name():
    return Theme.objects.order_by(translated_ordering("name"))


def resource_list():
    """Published resources, newest year first (proposals stay in the admin)."""
    return (
        Resource.objects.published()
        .prefetch_related(Prefetch("countries", queryset=_countries_by_name()))
        .order_by(*Resource._meta.ordering, "-pk")
    )


def resource_search(queryset, text: str):
    text = text.strip()
    if not text:
        return queryset
    return queryset.filter(
        Q(title__unaccent_icontains=text)
        | Q(title_other__unaccent_icontains=text)
        | Q(description_fr__unaccent_icontains=text)
        | Q(description_en__unaccent_icontains=text)
        | Q(authors__unaccent_icontains=text)
        | Q(publisher__unaccent_icontains=text)
    )


def resource_detail(*, slug: str, user=None) -> Resource:
    """Raises Resource.DoesNotExist when the resource is not visible to the user."""
    return (
        Resource.objects.visible_to(user)
        .select_related("proposed_by")
        .prefetch_related(
            Prefetch("countries", queryset=_countries_by_name()),
            Prefetch("themes", queryset=_themes_by_name()),
        )
        .get(slug=slug)
    )


def resource_for_download(*, slug: str, user=None) -> Resource:
    """A resource with a stored file that the user may download."""
    return Resource.objects.visible_to(user).exclude(file="").get(slug=slug)


def country_choices() -> list[tuple[str, str]]:
    """(ISO code, name) of countries that published resources are about."""
    countries = (
        Country.objects.filter(resources__status=Resource.Status.PUBLISHED)
        .only("iso2", "name_fr", "name_en")
        .distinct()
    )
    return sorted(
        ((country.iso2, country.name) for country in countries),
        key=lambda choice: sort_key(choice[1]),
    )


def theme_choices() -> list[tuple[str, str]]:
    themes = Theme.objects.only("slug", "name_fr", "name_en")
    return sorted(
        ((theme.slug, theme.name) for theme in themes),
        key=lambda choice: sort_key(choice[1]),
    )


def year_choices() -> list[tuple[int, int]]:
    years = (
        Resource.objects.published()
        .exclude(year=None)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    return [(year, year) for year in years]
