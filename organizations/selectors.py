"""Reads of the network directory. Each returns a queryset whose related rows
are fetched in a fixed number of queries, whatever the number of rows."""

from django.db.models import Count, Prefetch, Q

from kernel.i18n import TranslatedSortKey, sort_key, translated_ordering

from .models import Country, FocalPoint, GovernanceRole, NationalCommittee, Organization


def _organizations_by_name():
    return Organization.objects.order_by(translated_ordering("name"))


def _countries_by_name():
    return Country.objects.order_by(TranslatedSortKey("name"))


def country_choices(*, with_organizations: bool = False) -> list[tuple[str, str]]:
    """(ISO code, name) pairs in the reader's alphabetical order."""
    countries = Country.objects.only("iso2", "name_fr", "name_en")
    if with_organizations:
        countries = countries.filter(organizations__isnull=False).distinct()
    return sorted(
        ((country.iso2, country.name) for country in countries),
        key=lambda choice: sort_key(choice[1]),
    )


def focal_point_list() -> list[FocalPoint]:
    """Focal points in the reader's alphabetical order of their country."""
    focal_points = FocalPoint.objects.select_related("country").prefetch_related(
        Prefetch("organizations", queryset=_organizations_by_name())
    )
    return sorted(
        focal_points,
        key=lambda point: (
            sort_key(point.country.name),
            sort_key(point.contact_person),
        ),
    )


def organization_list():
    return Organization.objects.prefetch_related(
        Prefetch("countries", queryset=_countries_by_name())
    ).order_by(translated_ordering("name"))


def organization_search(queryset, text: str):
    text = text.strip()
    if not text:
        return queryset
    return queryset.filter(
        Q(name_fr__unaccent_icontains=text)
        | Q(name_en__unaccent_icontains=text)
        | Q(acronym__unaccent_icontains=text)
        | Q(description_fr__unaccent_icontains=text)
        | Q(description_en__unaccent_icontains=text)
    )


def organization_detail(*, slug: str) -> Organization:
    return Organization.objects.prefetch_related(
        Prefetch("countries", queryset=_countries_by_name()),
        Prefetch("focal_points", queryset=FocalPoint.objects.select_related("country")),
        Prefetch(
            "committees", queryset=NationalCommittee.objects.select_related("country")
        ),
        "governance_roles",
    ).get(slug=slug)


def committee_list() -> list[NationalCommittee]:
    committees = NationalCommittee.objects.select_related("country").prefetch_related(
        Prefetch("members", queryset=_organizations_by_name())
    )
    return sorted(
        committees,
        key=lambda committee: (
            sort_key(committee.country.name),
            sort_key(committee.name),
        ),
    )


def governance_roles():
    return (
        GovernanceRole.objects.select_related("organization")
        .prefetch_related(
            Prefetch("organization__countries", queryset=_countries_by_name())
        )
        .order_by("body", "position", f"organization__{translated_ordering('name')}")
    )


def directory_counts() -> dict:
    counts = Organization.objects.aggregate(organizations=Count("pk"))
    counts["focal_point_countries"] = (
        FocalPoint.objects.values("country").distinct().count()
    )
    counts["committees"] = NationalCommittee.objects.count()
    return counts
