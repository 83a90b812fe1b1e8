"""Reads for managers and reviewers: their mutuals, queues and record history."""

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Value,
)

from inventory import permissions
from inventory.display import field_display
from inventory.models import (
    Campaign,
    MHOManagement,
    MutualHealthOrganization,
    YearlyRecord,
)
from inventory.models.access import RequestStatus
from inventory.models.record import DATA_FIELDS
from kernel.i18n import TranslatedSortKey
from kernel.search import Similarity, similar_names_threshold


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
    rows = list(
        MutualHealthOrganization.objects.reviewable_by(user)
        .filter(approval=MutualHealthOrganization.Approval.PENDING)
        .select_related("country", "created_by")
        .order_by("created_at")
    )
    for mho in rows:  # a few registrations wait at a time: one query each
        mho.similar = mho_similar(
            country=mho.country,
            name=mho.name,
            locality=mho.locality,
            region=mho.region,
            exclude_pk=mho.pk,
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
        .order_by(TranslatedSortKey("country__name"))
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
                        "old": field_display(
                            change.field, change.old, currency=previous.currency
                        ),
                        "new": field_display(
                            change.field, change.new, currency=version.currency
                        ),
                    }
                )
        rows.append({"version": version, "changes": changes})
        previous = version
    rows.reverse()
    return rows


def manages_some_mho(*, user) -> bool:
    """The user manages a mutual, or acts for an organization that supports
    one (not a power over every MHO): "My mutuals" is their work page."""
    if permissions.edits_every_mho(user):
        return False
    return MutualHealthOrganization.objects.editable_by(user).exists()


# Enough to recognise one's mutual; a longer list asks for more words.
FIND_LIMIT = 20


def mho_find(*, text: str) -> list:
    """Approved MHOs whose name, acronym, code, locality or region contains
    ``text``, accents and case aside: whom a manager may ask to manage."""
    from inventory.selectors import mho_search

    if not text.strip():
        return []
    found = mho_search(MutualHealthOrganization.objects.approved(), text)
    return list(found.select_related("country").order_by("name", "code")[:FIND_LIMIT])


# Enough for a reviewer or a registrant to recognise the mutual.
SIMILAR_LIMIT = 5


def mho_similar(
    *, country, name: str, locality: str = "", region: str = "", exclude_pk=None
) -> list:
    """Mutuals of ``country`` (approved or waiting) with a name like ``name``
    in the same place (the same locality, else the same region), accents and
    case aside: probably the same mutual registered twice."""
    name, locality, region = name.strip(), locality.strip(), region.strip()
    if country is None or not name or not (locality or region):
        return []
    if locality:
        place = Q(locality__unaccent_icontains=locality)
    else:
        place = Q(region__unaccent_icontains=region)
    rows = (
        MutualHealthOrganization.objects.filter(country=country)
        .exclude(approval=MutualHealthOrganization.Approval.REJECTED)
        .exclude(pk=exclude_pk)
        .filter(place)
        .annotate(likeness=Similarity(F("name"), Value(name)))
        .filter(likeness__gte=similar_names_threshold(connection))
        .order_by("-likeness", "code")
    )
    return list(rows[:SIMILAR_LIMIT])
