"""The long series: the portal's own figures year by year beside the reference
figures published before it (the inventory rounds since 1997).

Each year of the portal's figures comes from that year's edition (its latest
correction not withdrawn) when one is published, else from the live synthesis
(validated up to today, provisional); each point says which. Reference figures
are read from their own table and kept in their own rows: nothing here adds
them to the portal's figures, nor the portal's figures to them.

Three queries for a country or for Africa, whatever the number of years and
editions: the live rows, the editions' rows of their own year, the reference
figures.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F

from inventory.indicator_table import TABLE_INDICATORS, Indicator
from opendata.models import SynthesisRow
from opendata.selectors import RatioCell

from .models import EditionSynthesisRow, ReferenceFigure, ReferenceIndicator

# The counts a point of the series keeps, beside the ratios' stored fields.
COUNTS = [
    "mhos_known",
    "mhos_reporting",
    "mhos_functional",
    "mhos_starting",
    "mhos_project",
    "members",
    "beneficiaries",
]
RATIO_FIELDS = [
    name
    for ratio in TABLE_INDICATORS
    for name in (ratio.numerator, ratio.denominator, ratio.mhos)
]


def _number(value) -> int | None:
    """A count as the live row holds it (an int) or as an edition's CSV cell
    (a string, empty when unknown)."""
    if value is None or value == "":
        return None
    return int(value)


class _Figures:
    """The stored fields of a synthesis row, live or frozen, as attributes (the
    indicators read their numerator and denominator this way)."""

    def __init__(self, values: dict):
        self._values = {name: _number(values.get(name)) for name in COUNTS}
        self._values.update({name: _number(values.get(name)) for name in RATIO_FIELDS})

    def __getattr__(self, name):
        try:
            return self._values[name]
        except KeyError as error:
            raise AttributeError(name) from error


@dataclass(frozen=True)
class PortalPoint:
    """The portal's figures of one year; ``edition`` is the identifier of the
    edition they come from, empty for the live (provisional) figures."""

    year: int
    edition: str
    figures: _Figures

    @property
    def is_live(self) -> bool:
        return not self.edition

    @property
    def functional(self) -> int | None:
        return self.figures.mhos_functional

    @property
    def project_or_gestation(self) -> int | None:
        """The portal's statuses "in project" and "starting up", the sources'
        "in project or in gestation"."""
        starting, project = self.figures.mhos_starting, self.figures.mhos_project
        if starting is None and project is None:
            return None
        return (starting or 0) + (project or 0)

    @property
    def members(self) -> int | None:
        return self.figures.members

    @property
    def beneficiaries(self) -> int | None:
        return self.figures.beneficiaries

    @property
    def reporting(self) -> int | None:
        return self.figures.mhos_reporting

    @property
    def completeness(self) -> float | None:
        known, reporting = self.figures.mhos_known, self.figures.mhos_reporting
        return reporting / known * 100 if known and reporting is not None else None

    def ratio(self, indicator: Indicator) -> RatioCell:
        value = indicator.of(self.figures)
        return RatioCell(
            None if value is None else value * 100,
            getattr(self.figures, indicator.mhos) or 0,
        )

    @property
    def ratios(self) -> list[RatioCell]:
        return [self.ratio(indicator) for indicator in TABLE_INDICATORS]


@dataclass
class Footnote:
    """A source of reference figures, with the notes on its figures (year,
    note), once each."""

    number: int
    source: str
    page: str
    verified: bool
    notes: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class ReferenceRow:
    """The reference figures of one year, place and source, by indicator."""

    year: int
    where: str
    footnote: Footnote
    values: dict[str, int] = field(default_factory=dict)

    @property
    def functional(self) -> int | None:
        return self.values.get(ReferenceIndicator.MHOS_FUNCTIONAL)

    @property
    def project_or_gestation(self) -> int | None:
        return self.values.get(ReferenceIndicator.MHOS_PROJECT_OR_GESTATION)

    @property
    def members(self) -> int | None:
        return self.values.get(ReferenceIndicator.MEMBERS)

    @property
    def beneficiaries(self) -> int | None:
        return self.values.get(ReferenceIndicator.BENEFICIARIES)


@dataclass(frozen=True)
class LongSeries:
    portal: list[PortalPoint]  # by year
    references: list[ReferenceRow]  # by year
    footnotes: list[Footnote]

    def __bool__(self) -> bool:
        return bool(self.portal or self.references)

    @property
    def rows(self) -> list[tuple[str, object]]:
        """("reference" | "portal", row) by year, a year's reference rows
        first: the table's rows, never merged."""
        rows = [("reference", row) for row in self.references]
        rows += [("portal", point) for point in self.portal]
        return sorted(rows, key=lambda pair: (pair[1].year, pair[0] == "portal"))

    @property
    def editions(self) -> list[str]:
        return sorted({point.edition for point in self.portal if point.edition})

    @property
    def has_live(self) -> bool:
        return any(point.is_live for point in self.portal)


def _portal_points(country: str) -> list[PortalPoint]:
    """Each year: its edition's row when one is published, else the live row.
    ``country`` is the ISO code, "" for the Africa-wide row."""
    live = SynthesisRow.objects.order_by("year")
    if country:
        live = live.filter(country__iso2=country)
    else:
        live = live.filter(country__isnull=True)
    points = {
        values["year"]: PortalPoint(values["year"], "", _Figures(values))
        for values in live.values("year", *COUNTS, *RATIO_FIELDS)
    }
    frozen = (
        EditionSynthesisRow.objects.filter(
            country=country,
            year=F("edition__year"),
            edition__withdrawn_at__isnull=True,
        )
        # The latest correction of a year last, so it is the one kept.
        .order_by("year", "edition__number")
        .values_list("year", "edition__identifier", "data")
    )
    for year, identifier, data in frozen:
        points[year] = PortalPoint(year, identifier, _Figures(data))
    return [points[year] for year in sorted(points)]


def _reference_rows(
    figures: Iterable[ReferenceFigure],
) -> tuple[list[ReferenceRow], list[Footnote]]:
    footnotes: dict[tuple, Footnote] = {}
    rows: dict[tuple, ReferenceRow] = {}
    for figure in figures:
        cited = (figure.source, figure.page, figure.verified)
        if cited not in footnotes:
            footnotes[cited] = Footnote(len(footnotes) + 1, *cited)
        footnote = footnotes[cited]
        if figure.note and (figure.year, figure.note) not in footnote.notes:
            footnote.notes.append((figure.year, figure.note))
        key = (figure.year, figure.where, cited)
        if key not in rows:
            rows[key] = ReferenceRow(figure.year, figure.where, footnote)
        rows[key].values[figure.indicator] = figure.value
    ordered = sorted(rows.values(), key=lambda row: (row.year, row.footnote.number))
    return ordered, list(footnotes.values())


def long_series(*, iso2: str | None = None) -> LongSeries:
    """The long series of one country (``iso2``) or of the whole network."""
    figures = ReferenceFigure.objects.select_related("country").order_by("year", "pk")
    figures = figures.for_country(iso2) if iso2 else figures.network_wide()
    references, footnotes = _reference_rows(figures)
    return LongSeries(
        portal=_portal_points(iso2 or ""),
        references=references,
        footnotes=footnotes,
    )
