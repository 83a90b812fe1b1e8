"""Reads for focal points: a record beside last year's, and a country's
dashboard (who reported, who has a draft, who has not started, per campaign).

The dashboard aggregates in SQL: its queries do not grow with the number of
mutuals, and its list of mutuals is read one page at a time. Each row of that
list is an MHO annotated with its record of the campaign (``record_state``,
``record_id``, ``submitted_at``), its number of managers and its last reminder;
another annotation adds a column (``dashboard_mhos``).
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inventory import permissions
from inventory.fields import display_value
from inventory.models import (
    Campaign,
    CampaignReminder,
    MHOManagement,
    MutualHealthOrganization,
    YearlyRecord,
)
from inventory.models.access import RequestStatus
from inventory.models.record import AMOUNT_FIELDS, FIELD_GROUPS, NUMBER_FIELDS
from inventory.validation import record_warnings

State = YearlyRecord.State
REPORTED = [State.SUBMITTED, State.VALIDATED]
DASHBOARD_PAGE_SIZE = 50


# --- values as people read them ----------------------------------------------


def value_text(name: str, value, *, currency: str = "") -> str | None:
    """A record's value as the review page and its mails show it: yes / no /
    not reported, a choice's label, a number with digit grouping (amounts with
    their currency); None when not reported."""
    field = YearlyRecord._meta.get_field(name)
    shown = display_value(field, value)
    if shown is None or name not in NUMBER_FIELDS:
        return shown
    text = number_format(value, force_grouping=True)
    return f"{text} {currency}" if name in AMOUNT_FIELDS and currency else text


def _signed(number, decimal_pos=None) -> str:
    text = number_format(abs(number), decimal_pos=decimal_pos, force_grouping=True)
    return f"+{text}" if number > 0 else f"−{text}"


# --- the review page -----------------------------------------------------------


@dataclass(frozen=True)
class ComparedValue:
    name: str
    label: str
    value: str | None
    previous: str | None
    changed: bool
    change: str = ""  # "+200 (+50 %)" for a figure


def _compare(name, record, previous) -> ComparedValue:
    field = YearlyRecord._meta.get_field(name)
    now, before = getattr(record, name), getattr(previous, name, None)
    changed = previous is not None and now != before
    change = ""
    if changed and name in NUMBER_FIELDS and now is not None and before is not None:
        change = _signed(now - before)
        if before:
            change += f" ({_signed((now - before) * 100 / before, 0)} %)"
    return ComparedValue(
        name=name,
        label=field.verbose_name,
        value=value_text(name, now, currency=record.currency),
        previous=(
            value_text(name, before, currency=previous.currency) if previous else None
        ),
        changed=changed,
        change=change,
    )


def record_comparison(*, record, previous) -> list[dict]:
    """The record's values beside last year's, in the form's groups; each row
    says whether it changed and, for a figure, by how much."""
    return [
        {
            "heading": heading,
            "rows": [_compare(name, record, previous) for name in names],
        }
        for heading, names in FIELD_GROUPS
    ]


def record_confirmed_warnings(*, record, previous) -> list[dict]:
    """The warnings the submitter confirmed (their codes are kept on the
    record), each with its text as the rules word it for these figures."""
    codes = [code for code in record.confirmed_warnings.split(",") if code]
    texts = {issue.code: issue.message for issue in record_warnings(record, previous)}
    return [
        {
            "code": code,
            "message": texts.get(
                code, _("Confirmed at submission; these figures no longer raise it.")
            ),
        }
        for code in codes
    ]


# --- the country's dashboard ---------------------------------------------------

PROGRESS = {
    "reported": (gettext_lazy("Reported"), Q(record_state__in=REPORTED)),
    "validated": (gettext_lazy("Validated"), Q(record_state=State.VALIDATED)),
    "draft": (
        gettext_lazy("Draft or returned"),
        Q(record_state__in=[State.DRAFT, State.RETURNED]),
    ),
    "not_started": (gettext_lazy("Not started"), Q(record_state__isnull=True)),
}


def dashboard_countries(*, user):
    """The countries whose dashboard the user sees: their focal point's, or
    for the secretariat every country with a mutual."""
    from organizations.models import Country

    if permissions.reviews_every_country(user):
        countries = Country.objects.filter(
            pk__in=MutualHealthOrganization.objects.values("country_id")
        )
    else:
        countries = Country.objects.filter(pk__in=permissions.review_countries(user))
    return countries.order_by("name_fr")


def country_campaigns(*, country) -> list[dict]:
    """Per campaign, newest first: the country's approved MHOs (expected
    reports) and how many reported (submitted or validated), validated, are
    in draft or returned, did not start, and reported on time: submitted on
    or before the campaign's closing day (its last submission). Completeness
    and the on-time rate are percentages of the expected reports, as DHIS2
    counts them. Three queries, whatever the number of MHOs."""
    campaigns = list(Campaign.objects.order_by("-year"))
    if not campaigns:
        return []
    expected = MutualHealthOrganization.objects.approved().filter(country=country)
    expected = expected.count()
    closes = Campaign.objects.filter(year=OuterRef("year")).values("closes_on")[:1]
    stats = (
        YearlyRecord.objects.filter(
            mho__country=country,
            mho__approval=MutualHealthOrganization.Approval.APPROVED,
            year__in=[campaign.year for campaign in campaigns],
        )
        .annotate(closes_on=Subquery(closes))
        .values("year")
        .annotate(
            records=Count("pk"),
            reported=Count("pk", filter=Q(state__in=REPORTED)),
            validated=Count("pk", filter=Q(state=State.VALIDATED)),
            on_time=Count(
                "pk",
                filter=Q(state__in=REPORTED, submitted_at__date__lte=F("closes_on")),
            ),
        )
        .order_by()
    )
    by_year = {row["year"]: row for row in stats}
    rows = []
    for campaign in campaigns:
        row = by_year.get(campaign.year, {})
        records, reported = row.get("records", 0), row.get("reported", 0)
        rows.append(
            {
                "campaign": campaign,
                "expected": expected,
                "reported": reported,
                "validated": row.get("validated", 0),
                "draft": records - reported,
                "not_started": max(expected - records, 0),
                "on_time": row.get("on_time", 0),
                "completeness": _percent(reported, expected),
                "on_time_rate": _percent(row.get("on_time", 0), expected),
            }
        )
    return rows


def _percent(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


def dashboard_mhos(*, country, campaign, progress: str = ""):
    """The country's approved MHOs with their record of ``campaign``; only
    those of one ``progress`` (a key of ``PROGRESS``) when given."""
    record = YearlyRecord.objects.filter(mho=OuterRef("pk"), year=campaign.year)
    managers = (
        MHOManagement.objects.filter(
            mho=OuterRef("pk"), status=RequestStatus.APPROVED, user__is_active=True
        )
        .order_by()
        .values("mho")
        .annotate(count=Count("pk"))
        .values("count")
    )
    reminders = CampaignReminder.objects.filter(mho=OuterRef("pk"), campaign=campaign)
    rows = (
        MutualHealthOrganization.objects.approved()
        .filter(country=country)
        .annotate(
            record_id=Subquery(record.values("pk")[:1]),
            record_state=Subquery(record.values("state")[:1]),
            submitted_at=Subquery(record.values("submitted_at")[:1]),
            managers=Coalesce(
                Subquery(managers, output_field=IntegerField()), Value(0)
            ),
            last_reminder=Subquery(
                reminders.order_by("-sent_at").values("sent_at")[:1]
            ),
        )
        .order_by("name", "code")
    )
    if progress in PROGRESS:
        rows = rows.filter(PROGRESS[progress][1])
    return rows


def dashboard_page(*, country, campaign, progress: str, page_number):
    """One page of ``dashboard_mhos``, each row told its state's label."""
    paginator = Paginator(
        dashboard_mhos(country=country, campaign=campaign, progress=progress),
        DASHBOARD_PAGE_SIZE,
    )
    page = paginator.get_page(page_number)
    labels = dict(State.choices)
    for mho in page.object_list:
        mho.state_label = labels.get(mho.record_state, _("Not started"))
        mho.reported = mho.record_state in REPORTED and mho.submitted_at is not None
        mho.on_time = (
            mho.reported and timezone.localdate(mho.submitted_at) <= campaign.closes_on
        )
    return page
