"""What the home page shows: the newest of each app, in a fixed number of queries."""

from django.db.models import Prefetch

from forum.models import Event
from inventory.models import MutualHealthOrganization
from newsletter.models import Edition, Issue, News
from opendata.models import SynthesisRow
from opendata.selectors_years import public_years
from organizations.selectors import directory_counts

HOME_EVENTS = 3
HOME_FLASH_NEWS = 3


def home_content(*, language: str) -> dict:
    latest_issue = (
        Issue.objects.published()
        .prefetch_related(Prefetch("editions", queryset=Edition.objects.all()))
        .order_by("-date", "-number")
        .first()
    )
    public_year = public_years().default
    figures = (
        SynthesisRow.objects.filter(country__isnull=True, year=public_year.year).first()
        if public_year
        else None
    )
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
        and MutualHealthOrganization.objects.filter(is_demo=True).exists(),
        # Countries with validated figures that year (as the synthesis has them).
        "figures_countries": public_year.countries if public_year else 0,
        "public_year": public_year,
    }
