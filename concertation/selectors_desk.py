"""What waits for the secretariat: the staff start page's reads.

Each part is there only for an account allowed to act on it, and each reads
in a fixed number of queries whatever the number of rows.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.utils.translation import get_language

from forum.models import Event
from inventory.models import MHOManagement, MutualHealthOrganization, YearlyRecord
from inventory.models.access import RequestStatus
from inventory.selectors_manage import completeness, current_campaign
from newsletter.models import Dispatch, Issue, News
from resources.models import Resource

DESK_ROWS = 5  # rows listed per part; the count says how many there are


@dataclass
class Waiting:
    """Some rows waiting for the secretariat, and how many there are."""

    rows: list
    count: int


@dataclass
class Desk:
    proposed_events: Waiting | None = None
    proposed_resources: Waiting | None = None
    draft_news: Waiting | None = None
    draft_issues: Waiting | None = None
    pending_registrations: Waiting | None = None
    pending_managements: Waiting | None = None
    submitted_per_country: list = field(default_factory=list)
    dispatches: list = field(default_factory=list)
    campaign: object = None
    campaign_completeness: list = field(default_factory=list)

    @property
    def campaign_totals(self) -> dict:
        known = sum(row["mhos"] for row in self.campaign_completeness)
        reported = sum(row["reported"] for row in self.campaign_completeness)
        return {
            "mhos": known,
            "reported": reported,
            "share": reported / known if known else None,
        }


def _waiting(queryset) -> Waiting:
    return Waiting(rows=list(queryset[:DESK_ROWS]), count=queryset.count())


def _may(user, app: str, model: str, action: str = "change") -> bool:
    return user.has_perm(f"{app}.{action}_{model}")


def desk_summary(*, user) -> Desk:
    desk = Desk()
    if _may(user, "forum", "event"):
        desk.proposed_events = _waiting(
            Event.objects.filter(status=Event.Status.PROPOSED)
            .select_related("country", "proposed_by")
            .order_by("created_at")
        )
    if _may(user, "resources", "resource"):
        desk.proposed_resources = _waiting(
            Resource.objects.filter(status=Resource.Status.PROPOSED)
            .select_related("proposed_by")
            .order_by("created_at")
        )
    if _may(user, "newsletter", "news"):
        desk.draft_news = _waiting(
            News.objects.filter(published_at__isnull=True).order_by("-created_at")
        )
    if _may(user, "newsletter", "issue"):
        desk.draft_issues = _waiting(
            Issue.objects.filter(is_published=False).order_by("-number")
        )
    if _may(user, "inventory", "mutualhealthorganization"):
        desk.pending_registrations = _waiting(
            MutualHealthOrganization.objects.filter(
                approval=MutualHealthOrganization.Approval.PENDING
            )
            .select_related("country")
            .order_by("created_at")
        )
    if _may(user, "inventory", "mhomanagement"):
        desk.pending_managements = _waiting(
            MHOManagement.objects.filter(status=RequestStatus.PENDING)
            .select_related("user", "mho")
            .order_by("requested_at")
        )
    if _may(user, "inventory", "yearlyrecord", "view"):
        desk.submitted_per_country = _submitted_per_country()
        desk.campaign = current_campaign()
        if desk.campaign:
            desk.campaign_completeness = [
                {**row, "country": _country_name(row, "country__")}
                for row in completeness(user=user, year=desk.campaign.year)
            ]
    if _may(user, "newsletter", "dispatch", "view"):
        desk.dispatches = _dispatches_to_watch()
    return desk


def _country_name(row: dict, prefix: str) -> str:
    language = "en" if (get_language() or "").startswith("en") else "fr"
    other = "fr" if language == "en" else "en"
    return row[f"{prefix}name_{language}"] or row[f"{prefix}name_{other}"]


def _submitted_per_country() -> list[dict]:
    """Records submitted and not reviewed yet, per country, oldest first."""
    rows = (
        YearlyRecord.objects.filter(state=YearlyRecord.State.SUBMITTED)
        .values("mho__country_id", "mho__country__name_fr", "mho__country__name_en")
        .annotate(count=Count("pk"), oldest=Min("submitted_at"))
        .order_by("oldest")
    )
    return [{**row, "country": _country_name(row, "mho__country__")} for row in rows]


def _dispatches_to_watch() -> list:
    """Dispatches still sending, or finished with failures, newest first."""
    return list(
        Dispatch.objects.with_progress()
        .filter(Q(finished_at__isnull=True) | Q(failed_count__gt=0))
        .select_related("issue", "news")
        .order_by("-created_at")[:10]
    )
