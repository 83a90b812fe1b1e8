"""Where the outreach figures come from: the latest published edition of the
inventory when the editions app provides one, else the live synthesis (and the
sheets and blocks say so). Every fact sheet and newsletter block reads its
synthesis rows and its citation through ``figures_source()``.

An edition's synthesis rows are stored as the cells of its synthesis.csv,
whose columns are the fields of ``SynthesisRow``: they are read back into
unsaved ``SynthesisRow`` objects, so the pages' selectors and lines serve both.
"""

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory.models import YearlyRecord
from opendata.exports.citation import Citation
from opendata.exports.selectors import build_citation, data_latest_build
from opendata.models import SynthesisRow
from opendata.models.exports import DataBuild
from opendata.selectors_years import public_years
from organizations.models import Country

LIVE = "live"
_ROW_FIELDS = {
    field.name
    for field in SynthesisRow._meta.concrete_fields
    if field.name not in ("id", "country", "built_at")
}


def _editions_installed() -> bool:
    return apps.is_installed("editions")


@dataclass(frozen=True)
class FiguresSource:
    """The latest published edition, or the live data (``edition`` is None)."""

    edition: object | None = None

    @cached_property
    def build(self) -> DataBuild | None:
        """The latest build of the open-data files, which cites the live data
        (read only when a citation or date is asked for)."""
        return None if self.is_edition else data_latest_build()

    @property
    def is_edition(self) -> bool:
        return self.edition is not None

    @property
    def key(self) -> str:
        """A folder name: the edition's identifier, else "live"."""
        return self.edition.identifier if self.is_edition else LIVE

    @property
    def label(self) -> str:
        if self.is_edition:
            return _("Edition %(identifier)s of the inventory") % {
                "identifier": self.edition.identifier
            }
        return _("Live data: figures validated so far, not yet a published edition")

    @property
    def as_of(self) -> date:
        if self.is_edition:
            return timezone.localdate(self.edition.published_at)
        if self.build is not None:
            return timezone.localdate(self.build.started_at)
        return timezone.localdate()

    def citation(self, language: str) -> str:
        if self.is_edition:
            from editions.citation import EditionCitation

            return EditionCitation(self.edition).text(language)
        if self.build is not None:
            return build_citation(self.build).text(language)
        records = YearlyRecord.objects.public()
        return Citation(
            built_on=self.as_of,
            identifier=LIVE,
            records=records.count(),
            mhos=records.values("mho").distinct().count(),
        ).text(language)

    @property
    def last_year(self) -> int | None:
        """The latest year the sheets and blocks show: the edition's, else the
        public pages' default year (later years are still being reported)."""
        if self.is_edition:
            return self.edition.year
        default = public_years().default
        return default.year if default else None

    def country_rows(self, *, country: Country) -> list[SynthesisRow]:
        """The country's synthesis rows, by year, up to ``last_year``."""
        return [row for row in self._rows(country=country) if self._shown(row)]

    def year_rows(self, *, year: int) -> list[SynthesisRow]:
        """Every country's row of ``year`` and the Africa-wide one (country None)."""
        if not self.is_edition:
            return list(
                SynthesisRow.objects.filter(year=year).select_related("country")
            )
        stored = list(self.edition.synthesis_rows.filter(year=year))
        countries = Country.objects.in_bulk(
            [row.country for row in stored if row.country], field_name="iso2"
        )
        # A country no longer in the directory is left out, never taken for
        # the Africa-wide row (whose country is empty).
        return [
            _row(row.data, countries.get(row.country), row.year)
            for row in stored
            if not row.country or row.country in countries
        ]

    def _shown(self, row: SynthesisRow) -> bool:
        last = self.last_year
        return last is None or row.year <= last

    def _rows(self, *, country: Country) -> list[SynthesisRow]:
        if not self.is_edition:
            return list(
                SynthesisRow.objects.filter(country=country)
                .select_related("country")
                .order_by("year")
            )
        stored = self.edition.synthesis_rows.filter(country=country.iso2)
        return [_row(row.data, country, row.year) for row in stored.order_by("year")]


def _row(data: dict, country: Country | None, year: int) -> SynthesisRow:
    """An unsaved row from the cells of an edition's synthesis.csv."""
    values = {}
    for name in _ROW_FIELDS:
        field = SynthesisRow._meta.get_field(name)
        value = data.get(name)
        if value in ("", None):
            value = None if field.null else field.get_default()
        elif name != "currency":
            value = int(value)
        values[name] = value
    values["year"] = year
    return SynthesisRow(country=country, **values)


def figures_source() -> FiguresSource:
    """The latest published edition if there is one, else the live data."""
    if _editions_installed():
        from editions.selectors import edition_latest

        edition = edition_latest()
        if edition is not None:
            return FiguresSource(edition=edition)
    return live_source()


def live_source() -> FiguresSource:
    """The live data, cited by the latest build of the open-data files."""
    return FiguresSource()
