"""Reads for the edition pages, files and feed."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet
from django.http import Http404

from .files import FILE_NAMES
from .models import ChangeKind, Edition, EditionChange

CHANGES_PER_PAGE = 100


def edition_list() -> QuerySet:
    return Edition.objects.select_related("supersedes", "superseded_by").latest_first()


def edition_latest() -> Edition | None:
    """The edition the public pages show by default: the latest not withdrawn."""
    return Edition.objects.current().latest_first().first()


def edition_get(*, identifier: str) -> Edition:
    try:
        return Edition.objects.select_related(
            "supersedes", "superseded_by", "previous"
        ).get(identifier=identifier)
    except Edition.DoesNotExist as error:
        raise Http404(identifier) from error


def edition_files(*, edition: Edition) -> list[dict]:
    """The edition's files in a stable order, with their size and SHA-256."""
    return [
        {"name": name, **edition.files[name]}
        for name in FILE_NAMES
        if name in edition.files
    ]


def edition_change_counts(*, edition: Edition) -> list[tuple[str, str, int]]:
    """(kind, label, number of lines) for every kind of change, zeros included."""
    counts = dict(
        EditionChange.objects.filter(edition=edition)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    return [(kind.value, kind.label, counts.get(kind.value, 0)) for kind in ChangeKind]


def edition_changes_page(*, edition: Edition, kind: str | None, number) -> Page:
    changes = EditionChange.objects.filter(edition=edition).order_by("pk")
    if kind:
        changes = changes.filter(kind=kind)
    return Paginator(changes, CHANGES_PER_PAGE).get_page(number)
