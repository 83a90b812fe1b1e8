"""What the home page shows: the newest of each app, in a fixed number of queries."""

from django.db.models import Prefetch

from forum.models import Event
from inventory.models import MutualHealthOrganization
from newsletter.models import Edition, Issue, News
from opendata.frozen import FrozenFigures
from opendata.models import SynthesisRow
from opendata.selectors import SynthesisLine
from opendata.selectors_map import figure_pick, network_map
from opendata.selectors_years import public_years
from organizations.selectors import directory_counts

HOME_EVENTS = 3
HOME_FLASH_NEWS = 3


def home_content(
    *,
    language: str,
    map_figure: str | None = None,
    frozen: FrozenFigures | None = None,
) -> dict:
    """``frozen``: the release whose figures the page shows (live when None)."""
    latest_issue = (
        Issue.objects.published()
        .prefetch_related(Prefetch("editions", queryset=Edition.objects.all()))
        .order_by("-date", "-number")
        .first()
    )
    public_year = (frozen.public_years() if frozen else public_years()).default
    if frozen and public_year:
        rows = frozen.of_year(public_year.year)
        figures = next((row for row in rows if row.country is None), None)
        lines = [SynthesisLine(row) for row in rows if row.country is not None]
    else:
        figures = (
            SynthesisRow.objects.filter(
                country__isnull=True, year=public_year.year
            ).first()
            if public_year
            else None
        )
        lines = None
    return {
        "counts": directory_counts(),
        "latest_issue": latest_issue,
        "latest_edition": latest_issue.edition_for(language) if latest_issue else None,
        "next_events": list(
            Event.objects.published()
            .upcoming()
            .select_related("country")
            .order_by("starts_on")[:HOME_EVENTS]
        ),
        "flash_news": list(
            News.objects.published()
            .filter(is_flash=True)
            .in_language(language)
            .order_by("-published_at")[:HOME_FLASH_NEWS]
        ),
        "figures": figures,
        "figures_are_demo": bool(figures)
        and (
            frozen.has_demo
            if frozen
            else MutualHealthOrganization.objects.filter(is_demo=True).exists()
        ),
        # Countries with validated figures that year (as the synthesis has them).
        "figures_countries": public_year.countries if public_year else 0,
        "public_year": public_year,
        # The map of the network, shaded by the figure the address asks for.
        "map": network_map(
            year=public_year.year, figure=figure_pick(map_figure), lines=lines
        )
        if figures
        else None,
    }
