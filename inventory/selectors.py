"""Public reads of the inventory: approved MHOs and their validated records.

Every read runs a fixed number of queries whatever the number of rows: the
record of the chosen year is joined to its MHO (one row per MHO, since an MHO
has at most one record a year), and the detail page prefetches its records.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import (
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Value,
)
from django.db.models.fields import CharField

from kernel.i18n import sort_key, translated_ordering
from organizations.models import Country, Organization

from .indicator_table import TABLE_INDICATORS
from .indicators import RecordIndicators, indicator_series
from .models import MutualHealthOrganization, YearlyRecord

YEAR_RECORD = "year_record"


def public_country_choices() -> list[tuple[str, str]]:
    """(ISO code, name) of the countries that have approved MHOs, A to Z."""
    # One lookup per country in the (country, approval) index, not a DISTINCT
    # over every approved MHO.
    approved = MutualHealthOrganization.objects.filter(
        country=OuterRef("pk"), approval=MutualHealthOrganization.Approval.APPROVED
    )
    countries = Country.objects.filter(Exists(approved)).only(
        "iso2", "name_fr", "name_en"
    )
    return sorted(
        ((country.iso2, country.name) for country in countries),
        key=lambda choice: sort_key(choice[1]),
    )


def mho_public_list(*, year: int | None, queryset=None):
    """Approved MHOs (of ``queryset`` if given), each annotated with its
    validated record of ``year``: ``year_status``, ``year_members`` and
    ``year_beneficiaries``, None when it has no validated record that year."""
    base = MutualHealthOrganization.objects.all() if queryset is None else queryset
    mhos = base.approved().select_related("country").order_by("code")
    if year is None:
        return mhos.annotate(
            year_status=Value(None, output_field=CharField()),
            year_members=Value(None, output_field=IntegerField()),
            year_beneficiaries=Value(None, output_field=IntegerField()),
        )
    record = FilteredRelation(
        "records",
        condition=Q(records__year=year, records__state=YearlyRecord.State.VALIDATED),
    )
    return mhos.annotate(**{YEAR_RECORD: record}).annotate(
        year_status=F(f"{YEAR_RECORD}__status"),
        year_members=F(f"{YEAR_RECORD}__members"),
        year_beneficiaries=F(f"{YEAR_RECORD}__beneficiaries"),
    )


def mho_list_page(queryset, *, number, per_page: int = 50) -> Page:
    """One page of ``mho_public_list``, each MHO with ``year_status_label``."""
    page = Paginator(queryset, per_page).get_page(number)
    labels = dict(YearlyRecord.Status.choices)
    page.object_list = list(page.object_list)
    for mho in page.object_list:
        mho.year_status_label = labels.get(mho.year_status, "")
    return page


def mho_with_status(queryset, status: str):
    """Keep the MHOs whose record of the year annotated by ``mho_public_list``
    has this status."""
    return queryset.filter(year_status=status)


def mho_search(queryset, text: str):
    text = text.strip()
    if not text:
        return queryset
    # Accents and case aside (kernel.search): "kedougou" finds "Kédougou".
    return queryset.filter(
        Q(name__unaccent_icontains=text)
        | Q(acronym__unaccent_icontains=text)
        | Q(code__icontains=text)
        | Q(locality__unaccent_icontains=text)
        | Q(region__unaccent_icontains=text)
    )


@dataclass(frozen=True)
class YearRow:
    """One validated record with its indicators, as the detail page shows it."""

    record: YearlyRecord
    indicators: RecordIndicators

    @property
    def percentages(self) -> list[float | None]:
        return [
            None if value is None else value * 100 for value in self.indicators.values()
        ]

    @property
    def labelled_percentages(self) -> list[tuple[str, float | None]]:
        """Each indicator's name and value in percent, in the tables' order."""
        labels = [indicator.label for indicator in TABLE_INDICATORS]
        return list(zip(labels, self.percentages, strict=True))


def mho_public_detail(*, code: str) -> MutualHealthOrganization:
    """An approved MHO with its support organizations and validated records
    (``public_records``, by year); raises DoesNotExist otherwise."""
    records = YearlyRecord.objects.public().order_by("year")
    return (
        MutualHealthOrganization.objects.approved()
        .select_related("country", "network")
        .prefetch_related(
            Prefetch(
                "support_organizations",
                queryset=Organization.objects.order_by(translated_ordering("name")),
            ),
            Prefetch("records", queryset=records, to_attr="public_records"),
        )
        .get(code=code)
    )


def mho_year_rows(mho: MutualHealthOrganization) -> list[YearRow]:
    """The detail page's table: each public record with its indicators."""
    records = sorted(mho.public_records, key=lambda record: record.year)
    series = indicator_series(records)
    return [
        YearRow(record=record, indicators=indicators)
        for record, indicators in zip(records, series, strict=True)
    ]
