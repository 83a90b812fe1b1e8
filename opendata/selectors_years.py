"""Which year the public pages show when none is asked for, and which years
are provisional: the one rule every page, the API and the data page follow.

A year with validated records is *final* when
- a campaign covers it and that campaign has closed (its closing day is past);
- no campaign covers it, the year is over, and at least half the MHOs known
  that year (``MIN_COMPLETENESS``) have validated figures for it.
The default year is the latest final year (when none is final: the latest year
not under a campaign that is still open or to come, else the latest year).
A year is *provisional* when it comes after the default year or its campaign
has not closed: the pages show it only when asked for, with a notice saying how
many MHOs have reported so far. Years before the default one that are not
final are not provisional: nothing says their figures will still change, and
their completeness is published with them.

The years and their figures are those of the Africa-wide synthesis rows, so a
page's notice and its tables always agree. They are read once per change of
the public data (and per day, since a campaign closes with the date) and
shared by every page.
"""

from dataclasses import dataclass, replace
from datetime import date

from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import ngettext, pgettext

from inventory.models import Campaign
from kernel import pagecache

from .models import SynthesisRow

MIN_COMPLETENESS = 0.5
FINAL, CAMPAIGN_OPEN, CAMPAIGN_NOT_OPEN, INCOMPLETE = (
    "final",
    "campaign-open",
    "campaign-not-open",
    "incomplete",
)
UNCLOSED = {CAMPAIGN_OPEN, CAMPAIGN_NOT_OPEN}


@dataclass(frozen=True)
class PublicYear:
    """A year with validated records, as the public pages present it."""

    year: int
    known: int  # MHOs known that year (the Africa-wide synthesis row)
    reporting: int  # of them, with a validated record of the year
    countries: int  # countries with at least one validated record
    kind: str
    closes_on: date | None = None  # of its campaign, if any
    provisional: bool = False  # shown only when asked for, with its notice

    @property
    def is_final(self) -> bool:
        return self.kind == FINAL

    @property
    def label(self) -> str:
        """The year as year selectors offer it."""
        if not self.provisional:
            return str(self.year)
        return pgettext("year", "%(year)s (provisional)") % {"year": self.year}

    def scoped(self, *, known: int, reporting: int) -> "PublicYear":
        """The same year with the counts of one country."""
        return replace(self, known=known, reporting=reporting)

    @property
    def notice(self) -> str:
        """Why the figures of this year may still change ("" when they are
        not provisional)."""
        if not self.provisional:
            return ""
        counts = {"year": self.year, "reported": self.reporting, "known": self.known}
        if self.kind == CAMPAIGN_OPEN:
            counts["closes"] = date_format(self.closes_on, "DATE_FORMAT")
            return (
                ngettext(
                    "Provisional figures: the %(year)s campaign is in progress until "
                    "%(closes)s; %(reported)s of %(known)s mutuals has validated "
                    "figures so far.",
                    "Provisional figures: the %(year)s campaign is in progress until "
                    "%(closes)s; %(reported)s of %(known)s mutuals have validated "
                    "figures so far.",
                    self.reporting,
                )
                % counts
            )
        if self.kind == CAMPAIGN_NOT_OPEN:
            return (
                ngettext(
                    "Provisional figures: the %(year)s campaign has not opened yet; "
                    "%(reported)s of %(known)s mutuals has validated figures so far.",
                    "Provisional figures: the %(year)s campaign has not opened yet; "
                    "%(reported)s of %(known)s mutuals have validated figures so far.",
                    self.reporting,
                )
                % counts
            )
        if self.kind == INCOMPLETE:
            return (
                ngettext(
                    "Provisional figures: %(reported)s of %(known)s mutuals has "
                    "validated figures for %(year)s so far.",
                    "Provisional figures: %(reported)s of %(known)s mutuals have "
                    "validated figures for %(year)s so far.",
                    self.reporting,
                )
                % counts
            )
        return ""


@dataclass(frozen=True)
class PublicYears:
    years: list[PublicYear]  # latest first
    default: PublicYear | None

    @property
    def numbers(self) -> list[int]:
        return [one.year for one in self.years]

    def get(self, year: int | None) -> PublicYear | None:
        return next((one for one in self.years if one.year == year), None)

    def pick(self, requested: str | None) -> tuple[PublicYear | None, bool]:
        """(year to show, whether the request was acceptable): the requested
        year when it has figures, else the default; no request is acceptable."""
        if not requested:
            return self.default, True
        try:
            chosen = self.get(int(requested))
        except (TypeError, ValueError):
            chosen = None
        return (chosen, True) if chosen else (self.default, False)

    @property
    def provisional(self) -> list[PublicYear]:
        return [one for one in self.years if one.provisional]


def public_years() -> PublicYears:
    """The years the synthesis covers (those with validated records) and the
    default year. Read once per change of the public data and per day."""
    today = timezone.localdate()
    return pagecache.for_current_data(
        f"public-years:{today.isoformat()}", lambda: _public_years(today)
    )


def _kind(year, known, reporting, opens_on, closes_on, today: date) -> str:
    if closes_on is not None:  # a campaign covers the year
        if closes_on < today:
            return FINAL
        return CAMPAIGN_OPEN if opens_on <= today else CAMPAIGN_NOT_OPEN
    complete = known and reporting / known >= MIN_COMPLETENESS
    return FINAL if year < today.year and complete else INCOMPLETE


def _public_years(today: date) -> PublicYears:
    """One query: the Africa-wide synthesis row of each year (the figures the
    pages show), with the countries that reported and the year's campaign."""
    of_year = {"year": OuterRef("year")}
    reporting = SynthesisRow.objects.filter(
        **of_year, country__isnull=False, mhos_reporting__gt=0
    )
    campaign = Campaign.objects.filter(**of_year)
    rows = (
        SynthesisRow.objects.filter(country__isnull=True, mhos_reporting__gt=0)
        .order_by("-year")
        .annotate(
            countries=Subquery(
                reporting.order_by().values("year").annotate(n=Count("id"))
                .values("n")
            ),
            opens_on=Subquery(campaign.values("opens_on")),
            closes_on=Subquery(campaign.values("closes_on")),
        )
        .values_list("year", "mhos_known", "mhos_reporting", "countries",
                     "opens_on", "closes_on")
    )  # fmt: skip
    years = [
        PublicYear(
            year=year,
            known=known,
            reporting=reported,
            countries=countries or 0,
            kind=_kind(year, known, reported, opens_on, closes_on, today),
            closes_on=closes_on,
        )
        for year, known, reported, countries, opens_on, closes_on in rows
    ]
    default = _default(years)
    years = [
        replace(one, provisional=one.kind in UNCLOSED or one.year > default.year)
        for one in years
    ]
    chosen = next((one for one in years if default and one.year == default.year), None)
    return PublicYears(years=years, default=chosen)


def _default(years: list[PublicYear]) -> PublicYear | None:
    """The latest final year, else the latest not under an unclosed campaign,
    else the latest."""
    final = [one for one in years if one.is_final]
    settled = [one for one in years if one.kind not in UNCLOSED]
    return next((choice[0] for choice in (final, settled, years) if choice), None)
