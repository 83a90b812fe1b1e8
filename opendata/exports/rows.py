"""Reading the rows of the open-data files: public data only, streamed.

Each function yields plain tuples in the order of its columns (see columns.py),
with Python values (None when not reported); the writers format them. Rows are
read in chunks, never all at once, so memory stays flat at 500,000 records.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice

from django.conf import settings
from django.db.models import Count, F, Max, Min, Q, QuerySet
from django.urls import reverse
from django.utils import translation

from inventory.models import MutualHealthOrganization, YearlyRecord
from opendata.models.synthesis import SynthesisRow
from organizations.models import Organization

from .columns import MHO_COLUMNS, RECORD_COLUMNS, Column
from .columns_organizations import ORGANIZATION_COLUMNS
from .columns_synthesis import SYNTHESIS_COLUMNS

CHUNK = 5000
SUPPORT = "support_organizations"
AFRICA = {"country_name_en": "Africa", "country_name_fr": "Afrique"}

MHO = MutualHealthOrganization


def _without_support(columns: list[Column]) -> list[Column]:
    return [column for column in columns if column.name != SUPPORT]


def _support_position(columns: list[Column]) -> int:
    return [column.name for column in columns].index(SUPPORT)


def record_values(records: QuerySet | None = None) -> QuerySet:
    """The SELECT of inventory.csv: ``records`` (default: every public record)
    as tuples of the record columns except ``support_organizations``, then the
    MHO's id; ordered by MHO code and year."""
    records = YearlyRecord.objects.public() if records is None else records
    sources = [column.source for column in _without_support(RECORD_COLUMNS)]
    return records.order_by("mho__code", "year").values_list(*sources, "mho")


def support_slugs(mho_ids: Iterable[int]) -> dict[int, str]:
    """The slugs of each MHO's support organizations, A to Z, joined by |."""
    links = MHO.support_organizations.through.objects.filter(
        mutualhealthorganization_id__in=set(mho_ids)
    ).values_list("mutualhealthorganization_id", "organization__slug")
    slugs = defaultdict(list)
    for mho_id, slug in links:
        slugs[mho_id].append(slug)
    return {mho_id: "|".join(sorted(names)) for mho_id, names in slugs.items()}


def _with_support(rows: Iterator[tuple], position: int) -> Iterator[tuple]:
    """Insert the support organizations (read one chunk at a time) at
    ``position`` of rows whose last value is the MHO's id."""
    while batch := list(islice(rows, CHUNK)):
        slugs = support_slugs(row[-1] for row in batch)
        for row in batch:
            yield (*row[:position], slugs.get(row[-1], ""), *row[position:-1])


def record_rows(records: QuerySet | None = None) -> Iterator[tuple]:
    """The rows of inventory.csv and of the records sheet."""
    rows = record_values(records).iterator(chunk_size=CHUNK)
    return _with_support(rows, _support_position(RECORD_COLUMNS))


def mho_rows() -> Iterator[tuple]:
    """One row per approved MHO, with its validated records' count and span."""
    validated = Q(records__state=YearlyRecord.State.VALIDATED)
    mhos = (
        MHO.objects.approved()
        .annotate(
            records_validated=Count("records", filter=validated),
            first_year=Min("records__year", filter=validated),
            last_year=Max("records__year", filter=validated),
        )
        .order_by("code")
    )
    sources = [column.source or column.name for column in _without_support(MHO_COLUMNS)]
    rows = mhos.values_list(*sources, "pk").iterator(chunk_size=CHUNK)
    return _with_support(rows, _support_position(MHO_COLUMNS))


def _organization_countries() -> dict[int, str]:
    links = Organization.countries.through.objects.values_list(
        "organization_id", "country__iso2"
    )
    codes = defaultdict(list)
    for organization_id, iso2 in links:
        codes[organization_id].append(iso2)
    return {pk: "|".join(sorted(iso2s)) for pk, iso2s in codes.items()}


def _organization_page(slug: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("organizations:organization_detail", args=[slug])
    return settings.SITE_URL + path


def _organization_mhos() -> dict[str, dict[int, int]]:
    """Per organization id, the approved MHOs naming it as a supporter and as
    their network (two GROUP BY: a join of both would multiply the rows)."""
    approved = MHO.objects.approved()
    supported = (
        MHO.support_organizations.through.objects.filter(
            mutualhealthorganization__in=approved.values("pk")
        )
        .values_list("organization_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    in_network = (
        approved.filter(network__isnull=False)
        .values_list("network_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        "mhos_supported": dict(supported),
        "mhos_in_network": dict(in_network),
    }


def organization_rows() -> Iterator[tuple]:
    """One row per organization of the directory, A to Z by identifier (the
    directory is small: read at once)."""
    computed = {
        "countries": _organization_countries(),
        **_organization_mhos(),
    }
    for organization in Organization.objects.order_by("slug"):
        row = []
        for column in ORGANIZATION_COLUMNS:
            if column.name == "page_url":
                row.append(_organization_page(organization.slug))
            elif column.name in computed:
                default = "" if column.type == "string" else 0
                row.append(computed[column.name].get(organization.pk, default))
            else:
                row.append(getattr(organization, column.source))
        yield tuple(row)


def _demo_pairs() -> tuple[set[tuple[int, int]], set[int]]:
    """(country, year) pairs and years whose synthesis counts demo records."""
    pairs = set(
        YearlyRecord.objects.public()
        .filter(mho__is_demo=True)
        .order_by()  # else the default ordering's columns join the DISTINCT
        .values_list("mho__country_id", "year")
        .distinct()
    )
    return pairs, {year for _country, year in pairs}


def synthesis_rows() -> Iterator[tuple]:
    """One row per country and year, the Africa-wide row of each year first."""
    demo_pairs, demo_years = _demo_pairs()
    rows = SynthesisRow.objects.select_related("country").order_by(
        "year", F("country__iso2").asc(nulls_first=True)
    )
    for row in rows.iterator(chunk_size=CHUNK):
        values = []
        for column in SYNTHESIS_COLUMNS:
            if column.name == "includes_demo":
                demo = (
                    (row.country_id, row.year) in demo_pairs
                    if row.country_id
                    else row.year in demo_years
                )
                values.append(demo)
            elif column.source.startswith("country__"):
                field = column.source.removeprefix("country__")
                if row.country_id:
                    values.append(getattr(row.country, field))
                else:
                    values.append(AFRICA.get(column.name, ""))
            else:
                values.append(getattr(row, column.source))
        yield tuple(values)
