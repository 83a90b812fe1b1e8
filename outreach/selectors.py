"""Reads for the fact sheets and the newsletter's figures block: the same
synthesis lines, charts and MHO rows as the public pages, from the figures
source (the latest edition, else the live data)."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from inventory.indicator_table import TABLE_INDICATORS
from inventory.models import MutualHealthOrganization
from inventory.selectors import YearRow, mho_public_detail, mho_year_rows
from kernel.i18n import sort_key
from opendata import charts
from opendata.selectors import SynthesisLine
from organizations.models import Country, FocalPoint, NationalCommittee, Organization

from .source import FiguresSource, figures_source, live_source

# A one-page MHO sheet shows its latest years only.
MHO_SHEET_YEARS = 8


@dataclass(frozen=True)
class CountrySheet:
    country: Country
    source: FiguresSource
    lines: list[SynthesisLine]  # by year
    focal_points: list[FocalPoint]
    committees: list[NationalCommittee]
    members_chart: str
    has_demo: bool

    @property
    def latest(self) -> SynthesisLine | None:
        return self.lines[-1] if self.lines else None

    @property
    def ratios(self) -> list[tuple[str, object]]:
        """(label, cell) of the main ratios of the latest year."""
        if self.latest is None:
            return []
        return [
            (indicator.label, cell)
            for indicator, cell in zip(
                TABLE_INDICATORS, self.latest.ratios, strict=True
            )
        ]


def country_get(*, iso2: str) -> Country:
    """Raises Country.DoesNotExist."""
    return Country.objects.get(iso2=iso2)


def _members_chart(country: Country, lines: list[SynthesisLine]) -> str:
    if not lines:
        return ""
    years = [line.row.year for line in lines]
    title = _("Members of the MHOs of %(country)s, %(first)s–%(last)s") % {
        "country": country.name,
        "first": years[0],
        "last": years[-1],
    }
    return charts.bar_chart(
        key="chart-members",
        title=title,
        description=_("One bar per year; the table of figures follows the chart."),
        years=years,
        values=[line.row.members for line in lines],
    )


def country_sheet(*, country: Country, source: FiguresSource) -> CountrySheet:
    """What a country's fact sheet shows."""
    rows = source.country_rows(country=country)
    lines = [SynthesisLine(row) for row in rows]
    by_name = Organization.objects.order_by("name_fr")
    focal_points = list(
        FocalPoint.objects.filter(country=country).prefetch_related(
            Prefetch("organizations", queryset=by_name)
        )
    )
    committees = sorted(
        NationalCommittee.objects.filter(country=country).prefetch_related(
            Prefetch("members", queryset=by_name)
        ),
        key=lambda committee: sort_key(committee.name),
    )
    has_demo = (
        MutualHealthOrganization.objects.approved()
        .filter(country=country, is_demo=True)
        .exists()
    )
    return CountrySheet(
        country=country,
        source=source,
        lines=lines,
        focal_points=focal_points,
        committees=committees,
        members_chart=_members_chart(country, lines),
        has_demo=has_demo,
    )


@dataclass(frozen=True)
class MHOSheet:
    mho: MutualHealthOrganization
    rows: list[YearRow]  # the latest years, by year
    source: FiguresSource

    @property
    def latest(self) -> YearRow | None:
        return self.rows[-1] if self.rows else None

    @property
    def indicators(self) -> list[tuple[str, float | None]]:
        if self.latest is None:
            return []
        return [
            (indicator.label, value)
            for indicator, value in zip(
                TABLE_INDICATORS, self.latest.percentages, strict=True
            )
        ]


def mho_get(*, code: str) -> MutualHealthOrganization:
    """An approved MHO with its public records; raises DoesNotExist."""
    return mho_public_detail(code=code)


def mho_sheet(*, mho: MutualHealthOrganization) -> MHOSheet:
    """A mutual's validated figures, as on its page. They are the live data:
    an edition holds the records as rows of its files, not the MHOs' pages."""
    rows = mho_year_rows(mho)[-MHO_SHEET_YEARS:]
    return MHOSheet(mho=mho, rows=rows, source=live_source())


# --------------------------------------------------------------------------
# The newsletter's "inventory in figures" block
# --------------------------------------------------------------------------
def inventory_figures(*, language: str, site_url: str) -> dict | None:
    """Mutuals reporting, members, beneficiaries and completeness per country
    for the latest year of the figures source, as plain values (JSON), with
    its label, citation and the addresses of the data; None without figures.
    Called with ``language`` active."""
    source = figures_source()
    year = source.last_year
    if year is None:
        return None
    lines = [SynthesisLine(row) for row in source.year_rows(year=year)]
    countries = sorted(
        (line for line in lines if not line.is_africa),
        key=lambda line: sort_key(line.name),
    )
    africa = next((line for line in lines if line.is_africa), None)

    def figures(line: SynthesisLine, url: str = "") -> dict:
        row = line.row
        return {
            "name": line.name,
            "url": url,
            "known": row.mhos_known,
            "reporting": row.mhos_reporting,
            "members": row.members,
            "beneficiaries": row.beneficiaries,
            "completeness": line.completeness,
        }

    return {
        "year": year,
        "edition": source.edition.identifier if source.is_edition else "",
        "source": source.label,
        "as_of": source.as_of.isoformat(),
        "citation": source.citation(language),
        "countries": [
            figures(
                line,
                site_url
                + reverse("inventory:synthesis_country", args=[line.row.country.iso2]),
            )
            for line in countries
            if line.row.mhos_known
        ],
        "total": figures(africa) if africa else None,
        "synthesis_url": site_url + reverse("inventory:synthesis_list"),
        "data_url": site_url + reverse("inventory:data_home"),
    }
