"""Public reads of the synthesis tables: one year for every country, one
country over the years (with its charts), and the completeness of the open
campaign. Each read is one query whatever the number of countries and years.
"""

from dataclasses import dataclass

from django.db.models import Count, FilteredRelation, Q
from django.utils.translation import gettext as _

from inventory.indicator_table import RATIO_BY_NAME, TABLE_INDICATORS, Indicator
from inventory.models import Campaign, MutualHealthOrganization, YearlyRecord
from kernel.i18n import sort_key
from organizations.models import Country

from . import charts
from .models import SynthesisRow
from .selectors_years import PublicYear, PublicYears

# The synthesis row's count of MHOs of each status, in the pages' order.
STATUS_COUNT_COLUMNS = [
    ("mhos_functional", YearlyRecord.Status.FUNCTIONAL),
    ("mhos_difficulty", YearlyRecord.Status.DIFFICULTY),
    ("mhos_starting", YearlyRecord.Status.STARTING),
    ("mhos_project", YearlyRecord.Status.PROJECT),
    ("mhos_inactive", YearlyRecord.Status.INACTIVE),
]


def _percent(value: float | None) -> float | None:
    return None if value is None else value * 100


@dataclass(frozen=True)
class RatioCell:
    """A ratio in percent and the number of MHOs it is computed over."""

    percent: float | None
    mhos: int
    label: str = ""  # the indicator's name, beside the value on a phone


def _cell(row: SynthesisRow, ratio: Indicator) -> RatioCell:
    return RatioCell(_percent(ratio.of(row)), getattr(row, ratio.mhos), ratio.label)


@dataclass(frozen=True)
class SynthesisLine:
    """A synthesis row as the tables show it: counts, and ratios in percent."""

    row: SynthesisRow

    @property
    def is_africa(self) -> bool:
        return self.row.country_id is None

    @property
    def name(self) -> str:
        return _("Africa") if self.is_africa else self.row.country.name

    @property
    def statuses(self) -> list[int]:
        return [getattr(self.row, column) for column, _status in STATUS_COUNT_COLUMNS]

    @property
    def labelled_statuses(self) -> list[tuple[str, int]]:
        """Each status's label and count of MHOs, in the columns' order."""
        return list(zip(status_labels(), self.statuses, strict=True))

    @property
    def completeness(self) -> float | None:
        return _percent(self.row.completeness)

    @property
    def ratios(self) -> list[RatioCell]:
        return [_cell(self.row, ratio) for ratio in TABLE_INDICATORS]

    @property
    def coverage(self) -> RatioCell:
        return _cell(self.row, RATIO_BY_NAME["coverage"])


def status_labels() -> list[str]:
    return [str(status.label) for _column, status in STATUS_COUNT_COLUMNS]


@dataclass(frozen=True)
class YearTable:
    year: int
    countries: list[SynthesisLine]
    africa: SynthesisLine | None

    def __bool__(self) -> bool:
        return bool(self.countries or self.africa)

    @property
    def lines(self) -> list[SynthesisLine]:
        """The countries, then the Africa-wide total."""
        return self.countries + ([self.africa] if self.africa else [])


def synthesis_year_table(*, year: int, rows=None) -> YearTable:
    """Every country's row of ``year`` in the reader's alphabetical order, and
    the Africa-wide row; ``rows``: those of a frozen release (no query)."""
    if rows is None:
        rows = SynthesisRow.objects.filter(year=year).select_related("country")
    lines = [SynthesisLine(row) for row in rows]
    countries = sorted(
        (line for line in lines if not line.is_africa),
        key=lambda one: sort_key(one.name),
    )
    africa = next((line for line in lines if line.is_africa), None)
    return YearTable(year=year, countries=countries, africa=africa)


def synthesis_has_demo(*, country: Country | None = None) -> bool:
    """Whether demonstration MHOs feed these figures (of ``country`` if given)."""
    mhos = MutualHealthOrganization.objects.approved().filter(is_demo=True)
    if country is not None:
        mhos = mhos.filter(country=country)
    return mhos.exists()


@dataclass(frozen=True)
class CompletenessLine:
    name: str
    known: int
    reported: int

    @property
    def completeness(self) -> float | None:
        return self.reported / self.known * 100 if self.known else None


@dataclass(frozen=True)
class CampaignCompleteness:
    campaign: Campaign
    countries: list[CompletenessLine]
    total: CompletenessLine


def campaign_completeness(*, campaign: Campaign) -> CampaignCompleteness:
    """Per country, the approved MHOs known in the campaign's year, counted as
    the synthesis counts them, and those whose record of that year is submitted
    or validated. One query: the record of the year is joined through a
    filtered relation (at most one per MHO)."""
    year = campaign.year
    reported = FilteredRelation(
        "records",
        condition=Q(
            records__year=year,
            records__state__in=[
                YearlyRecord.State.SUBMITTED,
                YearlyRecord.State.VALIDATED,
            ],
        ),
    )
    rows = (
        MutualHealthOrganization.objects.approved()
        .annotate(campaign_record=reported)
        .filter(
            Q(founded_year__isnull=True)
            | Q(founded_year__lte=year)
            | Q(campaign_record__state=YearlyRecord.State.VALIDATED)
        )
        .values("country__name_fr", "country__name_en")
        .annotate(known=Count("id"), reported=Count("campaign_record"))
        .order_by()
    )
    countries = [
        CompletenessLine(
            name=Country(
                name_fr=row["country__name_fr"], name_en=row["country__name_en"]
            ).name,
            known=row["known"],
            reported=row["reported"],
        )
        for row in rows
    ]
    countries.sort(key=lambda line: sort_key(line.name))
    total = CompletenessLine(
        name=_("Africa"),
        known=sum(line.known for line in countries),
        reported=sum(line.reported for line in countries),
    )
    return CampaignCompleteness(campaign=campaign, countries=countries, total=total)


def current_campaign_completeness() -> CampaignCompleteness | None:
    campaign = Campaign.objects.current()
    return None if campaign is None else campaign_completeness(campaign=campaign)


@dataclass(frozen=True)
class CountrySeries:
    country: Country
    lines: list[SynthesisLine]

    @property
    def years(self) -> list[int]:
        return [line.row.year for line in self.lines]


def synthesis_country_series(*, iso2: str, rows=None) -> CountrySeries:
    """A country's rows over the years; raises SynthesisRow.DoesNotExist when
    the country is unknown or has none. ``rows``: those of a frozen release,
    in year order (no query)."""
    if rows is None:
        rows = list(
            SynthesisRow.objects.filter(country__iso2=iso2)
            .select_related("country")
            .order_by("year")
        )
    if not rows:
        raise SynthesisRow.DoesNotExist
    return CountrySeries(
        country=rows[0].country, lines=[SynthesisLine(r) for r in rows]
    )


def country_year_notices(series: CountrySeries, years: PublicYears) -> list[PublicYear]:
    """The provisional years of a country's series, with its own counts."""
    provisional = {one.year: one for one in years.years if one.provisional}
    return [
        provisional[line.row.year].scoped(
            known=line.row.mhos_known, reporting=line.row.mhos_reporting
        )
        for line in series.lines
        if line.row.year in provisional
    ]


@dataclass(frozen=True)
class Chart:
    """A chart with the table of its figures (one row per year)."""

    key: str
    heading: str
    caption: str
    svg: str
    columns: list[str]
    rows: list[tuple[int, list[int]]]


def _caption(text: str, series: CountrySeries) -> str:
    years = series.years
    return text % {"country": series.country.name, "first": years[0], "last": years[-1]}


def _status_chart(series: CountrySeries) -> Chart:
    labels = status_labels()
    counts = [line.statuses for line in series.lines]
    caption = _caption(_("MHOs of %(country)s by status, %(first)s–%(last)s"), series)
    description = _(
        "Stacked bars, one per year: %(statuses)s, from the bottom up. "
        "The table of figures follows the chart."
    ) % {"statuses": ", ".join(labels)}
    svg = charts.stacked_bar_chart(
        key="chart-status",
        title=caption,
        description=description,
        years=series.years,
        series=[
            charts.Series(label, [row[i] for row in counts])
            for i, label in enumerate(labels)
        ],
    )
    rows = list(zip(series.years, counts, strict=True))
    return Chart("chart-status", _("MHOs by status"), caption, svg, labels, rows)


def _count_chart(series: CountrySeries, *, field: str, heading: str, text: str):
    values = [getattr(line.row, field) for line in series.lines]
    caption = _caption(text, series)
    if field == "members":
        draw = charts.bar_chart
        description = _("One bar per year; the table of figures follows the chart.")
    else:
        draw = charts.line_chart
        description = _(
            "A line with one point per year; the table of figures follows the chart."
        )
    svg = draw(
        key=f"chart-{field}",
        title=caption,
        description=description,
        years=series.years,
        values=values,
    )
    rows = [(year, [value]) for year, value in zip(series.years, values, strict=True)]
    return Chart(f"chart-{field}", heading, caption, svg, [heading], rows)


def country_charts(series: CountrySeries, *, until: int | None) -> list[Chart]:
    """MHOs by status, members and beneficiaries of a country over the years,
    up to ``until`` (every year when None)."""
    if until is not None:
        lines = [line for line in series.lines if line.row.year <= until]
        series = CountrySeries(country=series.country, lines=lines)
    if not series.lines:
        return []
    return [
        _status_chart(series),
        _count_chart(
            series,
            field="members",
            heading=_("Members"),
            text=_("Members of the MHOs of %(country)s, %(first)s–%(last)s"),
        ),
        _count_chart(
            series,
            field="beneficiaries",
            heading=_("Beneficiaries"),
            text=_("Beneficiaries of the MHOs of %(country)s, %(first)s–%(last)s"),
        ),
    ]
