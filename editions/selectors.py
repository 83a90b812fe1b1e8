"""Reads for the edition pages, files and feed."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet
from django.http import Http404

from kernel.pagecache import for_current_data
from opendata.exports.columns_synthesis import SYNTHESIS_COLUMNS
from opendata.frozen import FrozenFigures
from opendata.models import SynthesisRow
from organizations.models import Country

from .files import FILE_NAMES
from .models import ChangeKind, Edition, EditionChange, EditionSynthesisRow

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


def _cell(kind: str, value: str):
    """A cell of synthesis.csv as the synthesis row's field holds it."""
    if kind == "integer":
        return int(value) if value else None
    if kind == "number":
        return float(value) if value else None
    return value


_ROW_FIELDS = {field.attname for field in SynthesisRow._meta.concrete_fields}
_ROW_CELLS = [
    (column.name, column.type)
    for column in SYNTHESIS_COLUMNS
    if column.name in _ROW_FIELDS and column.name not in ("id", "year", "built_at")
]


def _frozen_row(edition: Edition, data: dict, countries: dict) -> SynthesisRow:
    """An edition's synthesis row as a (never saved) live one, for the pages'
    tables, maps and charts."""
    values = {name: _cell(kind, data.get(name, "")) for name, kind in _ROW_CELLS}
    values = {
        name: value
        for name, value in values.items()
        if value is not None or (SynthesisRow._meta.get_field(name).null)
    }
    iso2 = data.get("country_iso2", "")
    country = None
    if iso2:
        country = countries.get(iso2) or Country(
            iso2=iso2,
            name_fr=data.get("country_name_fr", iso2),
            name_en=data.get("country_name_en", iso2),
        )
    row = SynthesisRow(year=int(data["year"]), built_at=edition.published_at, **values)
    row.country = country
    return row


def _latest_figures() -> FrozenFigures | bool:
    """Three queries: the edition, its synthesis rows, their countries."""
    edition = edition_latest()
    if edition is None:
        return False  # kept in the cache too: no edition yet
    rows = list(
        EditionSynthesisRow.objects.filter(edition=edition)
        .order_by("year", "country")
        .values_list("data", flat=True)
    )
    codes = {data.get("country_iso2") for data in rows} - {"", None}
    countries = {
        country.iso2: country for country in Country.objects.filter(iso2__in=codes)
    }
    return FrozenFigures(
        identifier=edition.identifier,
        year=edition.year,
        title_fr=edition.title_fr,
        title_en=edition.title_en,
        published_at=edition.published_at,
        has_demo=edition.has_demo,
        rows=tuple(_frozen_row(edition, data, countries) for data in rows),
    )


def edition_latest_figures() -> FrozenFigures | None:
    """The latest edition's synthesis, read once per change of the public data
    (publishing or withdrawing an edition is one) and shared by every page."""
    return for_current_data("editions:latest-figures", _latest_figures) or None
