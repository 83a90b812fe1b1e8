"""The one write of a yearly record, and the one family of its refusals.

Every path that saves a record (the online form, the Excel template, the
admin's add, change and revert forms, the review, the revert page) ends in
``record_write``, and the admin's deletions in ``records_delete``; both then
take the change path (``inventory.services.changes.records_changed``). The
bulk import, which writes thousands of rows in a few statements, claims their
versions with ``record_versions_claim`` and takes the change path itself. Both take
the versions in the transaction that writes the figures (optimistic locking:
an UPDATE ... WHERE version = seen, so of two editors who opened the same
version exactly one wins).

A refused write raises a ``RecordWriteRefused``: its ``message`` says why to
the user, in the active language, so that a page shows it as it is.
"""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from inventory.models import YearlyRecord
from inventory.models.record import FIRST_YEAR, LAST_YEAR

from . import changes

# (id, version) pairs per claiming UPDATE: two parameters each, under the 999
# parameters SQLite accepts in one statement.
CLAIM_CHUNK = 400


class RecordWriteRefused(Exception):
    """A write of a yearly record is refused; ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class RecordConflict(RecordWriteRefused):
    """Someone saved the record since the editor opened it; ``current`` is what
    they saved (the record the editor wanted to create, when it is new)."""

    def __init__(self, current: YearlyRecord):
        super().__init__(
            _(
                "Someone saved this record after you opened it. Open it again to "
                "see their changes, then make yours."
            )
        )
        self.current = current


class RecordLocked(RecordWriteRefused):
    """Submitted or validated records cannot be changed by their managers."""

    def __init__(self):
        super().__init__(
            _(
                "This record is under review or validated: it cannot be changed. "
                "Your focal point can reopen it."
            )
        )


class NoCampaignOpen(RecordWriteRefused):
    """Managers change the records of the open campaign's year only."""

    def __init__(self, year: int):
        super().__init__(
            _("No campaign is open for %(year)s: it cannot be changed now.")
            % {"year": year}
        )
        self.year = year


class YearOutOfRange(RecordWriteRefused):
    """No record can be about that year (the database refuses it too)."""

    def __init__(self, year):
        super().__init__(
            _(
                "No record can be about %(year)s: the years run from %(first)s to "
                "%(last)s."
            )
            % {"year": year, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
        self.year = year


class RecordWriteNotAllowed(RecordWriteRefused, PermissionDenied):
    """The user may not make this change (also a ``PermissionDenied``, so that
    a view that does not catch it answers 403)."""

    def __init__(self, message: str = ""):
        super().__init__(message or _("You may not make this change to this record."))


class WrongState(RecordWriteRefused):
    """The review action does not apply to the record's current state."""

    def __init__(self):
        super().__init__(_("This record is not waiting for this action."))


def record_versions_claim(
    *, versions: Mapping[int, int], using: str = DEFAULT_DB_ALIAS
) -> None:
    """Take the next version of each record ``id: version seen``, in the
    caller's transaction, or raise ``RecordConflict`` (and take none, once the
    transaction rolls back) when any of them was saved since it was read."""
    pairs = list(versions.items())
    for start in range(0, len(pairs), CLAIM_CHUNK):
        chunk = pairs[start : start + CLAIM_CHUNK]
        seen = Q()
        for pk, version in chunk:
            seen |= Q(pk=pk, version=version)
        rows = YearlyRecord.objects.using(using)
        claimed = rows.filter(seen).update(version=F("version") + 1)
        if claimed != len(chunk):
            stale = rows.filter(pk__in=[pk for pk, _v in chunk])
            changed = stale.exclude(seen).order_by("pk").first()
            raise RecordConflict(changed or YearlyRecord(pk=chunk[0][0]))


def record_write(
    *, record: YearlyRecord, user, expected_version: int | None, reason: str
) -> None:
    """Save ``record`` as the next version of the one its editor saw
    (``expected_version``; 0 or None for a new record), with a history row of
    its author and ``reason``, in one transaction."""
    if record.year is None or not FIRST_YEAR <= record.year <= LAST_YEAR:
        raise YearOutOfRange(record.year)
    with transaction.atomic():
        if record.pk:
            record_versions_claim(versions={record.pk: expected_version})
            record.version = expected_version + 1
        else:
            # A record created meanwhile by someone else fails the unique
            # constraint below and is reported as a conflict there.
            if expected_version:
                existing = YearlyRecord.objects.filter(mho=record.mho, year=record.year)
                raise RecordConflict(existing.first() or record)
            record.version = 1
        before = _rows(YearlyRecord.objects.filter(pk=record.pk)) if record.pk else []
        record._history_user = user
        record._change_reason = reason
        _save_new_or_claimed(record)
        now = (_country_of(record), record.year, record.state)
        changes.records_changed(
            pairs=[(country, year) for country, year, _state in [now, *before]],
            states={state for _country, _year, state in [now, *before]},
        )


def records_delete(records: QuerySet) -> None:
    """Delete ``records`` and take the change path, in one transaction."""
    with transaction.atomic():
        before = _rows(records)
        records.delete()
        if before:
            changes.records_changed(
                pairs={(country, year) for country, year, _state in before},
                states={state for _country, _year, state in before},
            )


def _rows(records: QuerySet) -> list[tuple[int, int, str]]:
    """(country id, year, state) of ``records``, as they are in the database."""
    return list(records.values_list("mho__country_id", "year", "state"))


def _country_of(record: YearlyRecord) -> int:
    mho = record._state.fields_cache.get("mho")  # already loaded by the caller
    if mho is not None and mho.pk == record.mho_id:
        return mho.country_id
    return (
        YearlyRecord.objects.filter(pk=record.pk)
        .values_list("mho__country_id", flat=True)
        .get()
    )


def _save_new_or_claimed(record: YearlyRecord) -> None:
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as error:
        current = YearlyRecord.objects.filter(mho=record.mho, year=record.year)
        if record.pk is None and current.exists():
            raise RecordConflict(current.get()) from error
        raise


def record_check_version(*, record: YearlyRecord, expected_version) -> None:
    """Raise ``RecordConflict`` now when ``record`` was saved since its editor
    opened it: a form can say so beside the figures before anything is
    written. ``record_write`` checks again, in the writing transaction."""
    if record.pk is None:
        return
    current = YearlyRecord.objects.filter(pk=record.pk).first()
    if current is not None and current.version != expected_version:
        raise RecordConflict(current)
