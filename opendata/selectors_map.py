"""The map of the network for the home and synthesis pages: which figure
shades it, and each country's figure of the year the page shows (the public
year rule of ``selectors_years``). One query at most, none when the page has
already read the year's synthesis rows."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from inventory.indicator_table import COMPLETENESS, RATIO_BY_NAME
from kernel.i18n import sort_key

from . import map as drawing
from .models import SynthesisRow
from .selectors import SynthesisLine


@dataclass(frozen=True)
class Figure:
    key: str
    percent: bool

    @property
    def label(self) -> str:
        if self.key == "reporting":
            return pgettext("map figure", "MHOs reporting")
        if self.key == "completeness":
            return COMPLETENESS.label
        return RATIO_BY_NAME[self.key].label

    def of(self, row: SynthesisRow) -> float | None:
        if self.key == "reporting":
            return row.mhos_reporting
        value = row.completeness if self.key == "completeness" else row.penetration
        return None if value is None else value * 100

    def text(self, value: float | None) -> str:
        return (
            drawing.percent_text(value) if self.percent else drawing.count_text(value)
        )


FIGURES = [
    Figure("reporting", percent=False),
    Figure("completeness", percent=True),
    Figure("penetration", percent=True),
]
FIGURE_BY_KEY = {figure.key: figure for figure in FIGURES}
DEFAULT_FIGURE = FIGURES[0]


@dataclass(frozen=True)
class FigureChoice:
    figure: Figure
    url: str
    current: bool


@dataclass(frozen=True)
class NetworkMap:
    year: int
    figure: Figure
    svg: SafeString
    legend: list[drawing.LegendClass]
    countries: list[drawing.MapCountry]  # the reader's alphabetical order
    choices: list[FigureChoice]

    @property
    def caption(self) -> str:
        return _("%(figure)s per country, %(year)s") % {
            "figure": self.figure.label,
            "year": self.year,
        }


def figure_pick(requested: str | None) -> Figure:
    """The figure asked for in the address, else the number of MHOs reporting."""
    return FIGURE_BY_KEY.get(requested or "", DEFAULT_FIGURE)


def _rows_of(year: int) -> list[SynthesisRow]:
    return list(
        SynthesisRow.objects.filter(year=year, country__isnull=False).select_related(
            "country"
        )
    )


def network_map(
    *,
    year: int,
    figure: Figure,
    lines: list[SynthesisLine] | None = None,
    keep: dict[str, str] | None = None,
    current: str | None = None,
) -> NetworkMap:
    """The map of ``year`` shaded by ``figure``. ``lines``: the countries'
    synthesis lines of that year when the page has them (no query then).
    ``keep``: the query parameters the figure links carry (the chosen year).
    ``current``: the ISO2 code of the country whose page shows the map."""
    rows = [line.row for line in lines] if lines is not None else _rows_of(year)
    rows = [row for row in rows if row.country_id is not None]
    values = [figure.of(row) for row in rows]
    bounds = (
        drawing.percent_classes()
        if figure.percent
        else drawing.count_classes([value for value in values if value is not None])
    )
    countries = sorted(
        (
            drawing.MapCountry(
                iso2=row.country.iso2,
                name=row.country.name,
                url=reverse("inventory:synthesis_country", args=[row.country.iso2]),
                value=value,
                text=figure.text(value),
                shade=drawing.shade_of(value, bounds, percent=figure.percent),
            )
            for row, value in zip(rows, values, strict=True)
        ),
        key=lambda country: sort_key(country.name),
    )
    title = _("Map of Africa: %(figure)s per country, %(year)s") % {
        "figure": figure.label,
        "year": year,
    }
    choices = [
        FigureChoice(
            figure=choice,
            url="?" + urlencode({**(keep or {}), "map": choice.key}) + "#map",
            current=choice == figure,
        )
        for choice in FIGURES
    ]
    return NetworkMap(
        year=year,
        figure=figure,
        svg=drawing.draw(
            title=title, figure=figure.label, countries=countries, current=current
        ),
        legend=drawing.legend(bounds, percent=figure.percent),
        countries=countries,
        choices=choices,
    )
