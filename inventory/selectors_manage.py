"""Reads for managers and reviewers: their mutuals, queues and record history."""

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
)

from inventory import permissions
from inventory.fields import display_value
from inventory.models import (
    Campaign,
    MHOManagement,
    MutualHealthOrganization,
    YearlyRecord,
)
from inventory.models.access import RequestStatus
from inventory.models.record import DATA_FIELDS


def my_mutuals(*, user, year: int | None):
    """The MHOs a user edits, each with its record of ``year`` (or None)."""
    records = (
        YearlyRecord.objects.filter(year=year) if year else YearlyRecord.objects.none()
    )
    return (
        MutualHealthOrganization.objects.editable_by(user)
        .select_related("country")
        .prefetch_related(
            Prefetch("records", queryset=records, to_attr="campaign_records")
        )
        .order_by("code")
    )


def my_pending_requests(*, user):
    return (
        MHOManagement.objects.filter(user=user)
        .exclude(status=RequestStatus.APPROVED)
        .select_related("mho", "mho__country")
        .order_by("-requested_at")
    )


def _with_who_else(rows, *, user, concerned, country):
    """Rows the user may not decide on get ``who_else``: who decides instead."""
    asked = {}
    for row in rows:
        row.who_else = ""
        if concerned(row):
            where = country(row)
            if where.pk not in asked:
                asked[where.pk] = permissions.who_else(country=where, user=user)
            row.who_else = asked[where.pk]
    return rows


def review_records(*, user):
    """Submitted records waiting for this reviewer, oldest first; those the
    user submitted or changed wait for someone else (``who_else``)."""
    rows = (
        YearlyRecord.objects.reviewable_by(user)
        .filter(state=YearlyRecord.State.SUBMITTED)
        .annotate(
            is_own=ExpressionWrapper(
                permissions.record_changed_by(user), output_field=BooleanField()
            )
        )
        .select_related("mho", "mho__country", "submitted_by")
        .order_by("submitted_at")
    )
    return _with_who_else(
        list(rows),
        user=user,
        concerned=lambda record: record.is_own,
        country=lambda record: record.mho.country,
    )


def review_managements(*, user):
    rows = (
        MHOManagement.objects.filter(
            status=RequestStatus.PENDING,
            mho__approval=MutualHealthOrganization.Approval.APPROVED,
            mho__in=MutualHealthOrganization.objects.reviewable_by(user).values("pk"),
        )
        .select_related("user", "mho", "mho__country")
        .order_by("requested_at")
    )
    return _with_who_else(
        list(rows),
        user=user,
        concerned=lambda management: permissions.is_requester(
            request=management, user=user
        ),
        country=lambda management: management.mho.country,
    )


def review_registrations(*, user):
    rows = (
        MutualHealthOrganization.objects.reviewable_by(user)
        .filter(approval=MutualHealthOrganization.Approval.PENDING)
        .select_related("country", "created_by")
        .order_by("created_at")
    )
    return _with_who_else(
        list(rows),
        user=user,
        concerned=lambda mho: permissions.is_registrant(mho=mho, user=user),
        country=lambda mho: mho.country,
    )


def completeness(*, user, year: int):
    """Per country the user reviews: approved MHOs and how many reported ``year``."""
    reported = YearlyRecord.objects.filter(
        mho=OuterRef("pk"),
        year=year,
        state__in=[YearlyRecord.State.SUBMITTED, YearlyRecord.State.VALIDATED],
    )
    rows = (
        MutualHealthOrganization.objects.reviewable_by(user)
        .approved()
        .annotate(has_reported=Exists(reported))
        .values("country_id", "country__iso2", "country__name_fr", "country__name_en")
        .annotate(
            mhos=Count("pk"),
            reported=Count("pk", filter=Q(has_reported=True)),
        )
        .order_by("country__name_fr")
    )
    return [{**row, "share": row["reported"] / row["mhos"]} for row in rows]


def record_years() -> list[int]:
    """The years that have records, in order: one index lookup per year
    (the next year after the last one found) instead of reading every record."""
    table = connection.ops.quote_name(YearlyRecord._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE years(year) AS ("
            f"SELECT MIN(year) FROM {table} UNION ALL "
            f"SELECT (SELECT MIN(year) FROM {table} WHERE year > years.year) "
            f"FROM years WHERE years.year IS NOT NULL) "
            f"SELECT year FROM years WHERE year IS NOT NULL"
        )
        return [year for (year,) in cursor.fetchall()]


def current_campaign():
    return Campaign.objects.current()


def record_private(*, user, pk: int) -> YearlyRecord:
    """A record its editors, reviewers or the secretariat may look into."""
    allowed = YearlyRecord.objects.editable_by(
        user
    ) | YearlyRecord.objects.reviewable_by(user)
    return allowed.select_related("mho", "mho__country").get(pk=pk)


def record_history(*, record: YearlyRecord) -> list[dict]:
    """Every version, newest first, with what changed since the one before."""
    versions = list(
        record.history.select_related("history_user").order_by("history_id")
    )
    rows = []
    previous = None
    for version in versions:
        changes = []
        if previous is not None:
            delta = version.diff_against(
                previous, included_fields=DATA_FIELDS + ["state"]
            )
            for change in delta.changes:
                field = YearlyRecord._meta.get_field(change.field)
                changes.append(
                    {
                        "label": field.verbose_name,
                        "old": display_value(field, change.old),
                        "new": display_value(field, change.new),
                    }
                )
        rows.append({"version": version, "changes": changes})
        previous = version
    rows.reverse()
    return rows
