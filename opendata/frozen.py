"""The figures the public pages show by default: those of the latest frozen
release of the inventory when there is one, else the live ones.

A frozen release is an edition (the editions app). The open data knows
nothing of editions (see the import contracts): that app registers here how
to read its latest edition (``frozen_reader_register``), and the synthesis
pages, the home page and the /data/ page ask ``frozen_latest``. Its figures
are synthesis rows like the live ones (``SynthesisRow`` objects that are
never saved), so that the same tables, maps and charts show them. The live
figures (validated since) stay one click away: ``?live=1``, a distinct
address, hence a distinct page in the pages' cache.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from .models import SynthesisRow
from .selectors_years import FINAL, PublicYear, PublicYears

LIVE_PARAMETER = "live"


@dataclass(frozen=True)
class FrozenFigures:
    """The synthesis rows of a release, every year, each with its country
    (``country`` None for the Africa-wide rows)."""

    identifier: str
    year: int  # the campaign year the release closes
    title_fr: str
    title_en: str
    published_at: datetime
    has_demo: bool
    rows: tuple[SynthesisRow, ...]

    def title(self, language: str) -> str:
        return self.title_fr if language == "fr" else self.title_en

    def of_year(self, year: int) -> list[SynthesisRow]:
        return [row for row in self.rows if row.year == year]

    def of_country(self, iso2: str) -> list[SynthesisRow]:
        rows = [row for row in self.rows if row.country and row.country.iso2 == iso2]
        return sorted(rows, key=lambda row: row.year)

    def public_years(self) -> PublicYears:
        """The release's years as the pages offer them: its own year by
        default, later years (reported early) provisional, as the API says."""
        countries: dict[int, int] = {}
        for row in self.rows:
            if row.country is not None and row.mhos_reporting:
                countries[row.year] = countries.get(row.year, 0) + 1
        years = [
            PublicYear(
                year=row.year,
                known=row.mhos_known,
                reporting=row.mhos_reporting,
                countries=countries.get(row.year, 0),
                kind=FINAL,
                provisional=row.year > self.year,
            )
            for row in sorted(self.rows, key=lambda row: -row.year)
            if row.country is None and row.mhos_reporting
        ]
        default = next((one for one in years if one.year == self.year), None)
        return PublicYears(
            years=years, default=default or (years[0] if years else None)
        )


_readers: list[Callable[[], FrozenFigures | None]] = []


def frozen_reader_register(reader: Callable[[], FrozenFigures | None]) -> None:
    """Called once by the app that freezes releases, when Django starts."""
    if reader not in _readers:
        _readers.append(reader)


def frozen_latest() -> FrozenFigures | None:
    """The latest release (not withdrawn), or None when there is none."""
    for reader in _readers:
        figures = reader()
        if figures is not None:
            return figures
    return None


def live_asked(request) -> bool:
    """The visitor asked for the live figures (``?live=1``)."""
    return request.GET.get(LIVE_PARAMETER) == "1"


def figures_source(request) -> FrozenFigures | None:
    """The release the page shows, or None for the live figures."""
    return None if live_asked(request) else frozen_latest()


def figures_source_context(request, frozen: FrozenFigures | None) -> dict:
    """What a page says of its figures (``opendata/_figures_source.html``):
    the release they come from, or that they are live, with the link to the
    other view (the same address with or without ``?live=1``)."""
    live = live_asked(request)
    query = request.GET.copy()
    query.pop(LIVE_PARAMETER, None)
    query.pop("map", None)
    frozen_query = query.urlencode()
    query[LIVE_PARAMETER] = "1"
    return {
        "frozen": frozen,
        "live": live,
        "latest_frozen": frozen if frozen else (frozen_latest() if live else None),
        "live_url": f"?{query.urlencode()}",
        "frozen_url": f"?{frozen_query}" if frozen_query else request.path,
    }
