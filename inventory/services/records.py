"""Saving, submitting, reviewing and reverting yearly records.

``record_save`` is how a manager's figures are saved, from the online form
or the Excel template; the admin's forms save through ``record_admin_save``.
Every write ends in ``record_write`` (``inventory.services.record_write``),
which takes the version the editor saw in the writing transaction, and every
refusal is a ``RecordWriteRefused`` whose message the page shows as it is.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory import permissions
from inventory.models import Campaign, YearlyRecord
from inventory.models.record import DATA_FIELDS
from inventory.permissions import can_edit, can_review
from inventory.validation import Issue, record_warnings

from . import notifications
from .field_changes import changed_fields
from .record_write import (
    NoCampaignOpen,
    RecordConflict,
    RecordLocked,
    RecordWriteNotAllowed,
    RecordWriteRefused,
    WrongState,
    YearOutOfRange,
    record_check_version,
    record_write,
)

# The refusals of a write are named here too: callers catch records.RecordLocked.
__all__ = [
    "FIGURES",
    "NoCampaignOpen",
    "RecordConflict",
    "RecordLocked",
    "RecordWriteNotAllowed",
    "RecordWriteRefused",
    "WarningsToConfirm",
    "WrongState",
    "YearOutOfRange",
    "can_edit",
    "can_review",
    "editable_years",
    "record_admin_save",
    "record_check_admin_save",
    "record_change_refusal",
    "record_check_changeable",
    "record_check_version",
    "record_for_edit",
    "record_prefilled",
    "record_previous",
    "record_return",
    "record_revert",
    "record_save",
    "record_save_draft",
    "record_submit",
    "record_unchanged",
    "record_validate",
]

# What a validation vouches for: the figures, of that MHO and year.
FIGURES = ["mho_id", "year", *DATA_FIELDS]


class WarningsToConfirm(Exception):
    """The figures are unusual: the submitter must confirm them."""

    def __init__(self, warnings: list[Issue]):
        super().__init__(", ".join(w.code for w in warnings))
        self.warnings = warnings


# --- permissions ---------------------------------------------------------------


def editable_years(*, user, mho) -> set[int]:
    """Years a manager may edit now: the open campaign's."""
    campaign = Campaign.objects.current()
    return {campaign.year} if campaign else set()


def record_check_changeable(*, user, record: YearlyRecord) -> None:
    """Raise the ``RecordWriteRefused`` a save of ``record`` by ``user`` would
    meet now (locked, no campaign open, not theirs): pages that offer a way to
    change it (the Excel template) ask first."""
    _check_can_change(user=user, record=record)


def _check_can_change(*, user, record: YearlyRecord) -> None:
    if not can_edit(user=user, mho=record.mho):
        raise RecordWriteNotAllowed
    if permissions.edits_every_mho(user):  # any year, even locked
        return
    if record.is_locked:
        raise RecordLocked
    returned = record.pk and record.state == YearlyRecord.State.RETURNED
    if not returned and record.year not in editable_years(user=user, mho=record.mho):
        raise NoCampaignOpen(record.year)


def record_change_refusal(*, user, record: YearlyRecord) -> RecordWriteRefused | None:
    """Why ``user`` may not change ``record`` now, or None: the form says so
    before it is filled in (no campaign open for its year, say)."""
    try:
        _check_can_change(user=user, record=record)
    except RecordWriteRefused as refusal:
        return refusal
    return None


# --- reads used by the writes --------------------------------------------------


def record_previous(record: YearlyRecord) -> YearlyRecord | None:
    known = getattr(record, "_previous_year_record", False)
    if known is not False:  # read by record_for_edit
        return known
    return (
        YearlyRecord.objects.filter(mho_id=record.mho_id, year=record.year - 1)
        .exclude(pk=record.pk)
        .first()
    )


def record_for_edit(*, mho, year: int) -> YearlyRecord:
    """The record for that year, or a new one prefilled from the year before."""
    record = YearlyRecord.objects.filter(mho=mho, year=year).first()
    if record is not None:
        record.mho = mho  # read already: no second query for it
        return record
    return record_prefilled(mho=mho, year=year)


def record_prefilled(*, mho, year: int) -> YearlyRecord:
    """A new, unsaved record for that year, prefilled from the year before."""
    record = YearlyRecord(mho=mho, year=year, version=0)
    previous = YearlyRecord.objects.filter(mho=mho, year__lt=year).order_by("-year")
    previous = previous.first()
    is_year_before = previous is not None and previous.year == year - 1
    record._previous_year_record = previous if is_year_before else None
    if previous is not None:
        for name in DATA_FIELDS:
            setattr(record, name, getattr(previous, name))
        # Flows of the year are new each year; stocks and settings carry over.
        for name in ("new_members", "renewing_members"):
            setattr(record, name, None)
    return record


# --- writes --------------------------------------------------------------------


def _apply(record: YearlyRecord, data: dict) -> None:
    for name in DATA_FIELDS:
        if name in data:
            setattr(record, name, data[name])


def _clean(record: YearlyRecord) -> None:
    # The MHO is never user input: it was read from the permitted ones.
    record.full_clean(
        exclude={"mho"}, validate_unique=False, validate_constraints=False
    )


def _clean_draft(record: YearlyRecord) -> None:
    """A draft is saved whatever its consistency errors (``record_errors``,
    shown to be corrected before submitting); only values that cannot be
    stored (a choice that does not exist, text too long) are refused."""
    record.clean_fields(exclude={"mho"})


def record_save(
    *,
    record: YearlyRecord,
    user,
    data: dict,
    expected_version: int,
    source: str,
    submit: bool = False,
    confirm_warnings: bool = False,
) -> YearlyRecord:
    """Save a manager's figures for ``record`` (from ``record_for_edit``) as a
    draft, or submit them for review when ``submit``: the online form and the
    Excel template save through here. Raises ``ValidationError`` for figures
    that break a rule, ``WarningsToConfirm`` for unusual figures submitted
    unconfirmed, and a ``RecordWriteRefused`` when the record may not be
    written now. A draft saved with the figures it holds writes nothing: the
    record keeps ``expected_version``."""
    if submit:
        return record_submit(
            record=record,
            user=user,
            data=data,
            expected_version=expected_version,
            source=source,
            confirm_warnings=confirm_warnings,
        )
    return record_save_draft(
        record=record,
        user=user,
        data=data,
        expected_version=expected_version,
        source=source,
    )


def record_save_draft(
    *, record: YearlyRecord, user, data: dict, expected_version: int, source: str
) -> YearlyRecord:
    _check_can_change(user=user, record=record)
    _apply(record, data)
    _clean_draft(record)
    record.state = YearlyRecord.State.DRAFT
    if record_unchanged(record=record, expected_version=expected_version):
        return record
    record.source = source
    record_write(
        record=record, user=user, expected_version=expected_version, reason="draft"
    )
    return record


def record_unchanged(*, record: YearlyRecord, expected_version: int) -> bool:
    """True when saving ``record`` would change none of its figures nor its
    state, and nobody saved it since ``expected_version``: such a save writes
    nothing (no new version, no history row)."""
    return (
        record.pk is not None
        and record.version == expected_version
        and not changed_fields(record, names=[*DATA_FIELDS, "state", "version"])
    )


def record_submit(
    *,
    record: YearlyRecord,
    user,
    data: dict,
    expected_version: int,
    source: str,
    confirm_warnings: bool = False,
) -> YearlyRecord:
    """Submit for review; unusual figures must be confirmed first."""
    _check_can_change(user=user, record=record)
    _apply(record, data)
    _clean(record)
    warnings = record_warnings(record, record_previous(record))
    if warnings and not confirm_warnings:
        raise WarningsToConfirm(warnings)
    record.state = YearlyRecord.State.SUBMITTED
    record.source = source
    record.submitted_by = user
    record.submitted_at = timezone.now()
    record.confirmed_warnings = ",".join(w.code for w in warnings)
    record_write(
        record=record,
        user=user,
        expected_version=expected_version,
        reason="submitted",
    )
    notifications.notify_after_commit("record_submitted", record.pk)
    return record


def _review(record, *, user, expected_version, allowed_states, state, comment, reason):
    if not can_review(user=user, mho=record.mho):
        raise RecordWriteNotAllowed
    if record.state not in allowed_states:
        raise WrongState
    if state == YearlyRecord.State.VALIDATED:
        permissions.record_check_validator(record=record, user=user)
    record.state = state
    record.reviewed_by = user
    record.reviewed_at = timezone.now()
    record.review_comment = comment
    record_write(
        record=record, user=user, expected_version=expected_version, reason=reason
    )
    return record


def record_validate(*, record, user, expected_version: int) -> YearlyRecord:
    """Publish a submitted record; never by its submitter or anyone who changed
    it since its last validation (``permissions.SecondPersonRequired``)."""
    record = _review(
        record,
        user=user,
        expected_version=expected_version,
        allowed_states={YearlyRecord.State.SUBMITTED},
        state=YearlyRecord.State.VALIDATED,
        comment="",
        reason="validated",
    )
    notifications.notify_after_commit("record_validated", record.pk)
    return record


def record_return(*, record, user, expected_version: int, comment: str) -> YearlyRecord:
    """Send back to the managers with a comment (also a validated record: reopen).

    Its submitter may return it too: nothing is published."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the managers should correct.")})
    record = _review(
        record,
        user=user,
        expected_version=expected_version,
        allowed_states={YearlyRecord.State.SUBMITTED, YearlyRecord.State.VALIDATED},
        state=YearlyRecord.State.RETURNED,
        comment=comment.strip(),
        reason="returned",
    )
    notifications.notify_after_commit("record_returned", record.pk)
    return record


def record_check_admin_save(*, record: YearlyRecord, user) -> None:
    """The admin's add, change and revert forms write the state directly: a
    save that leaves the record validated is a validation, by a reviewer of
    its country who did not change its figures now nor submit or change the
    record since its last validation."""
    if record.state != YearlyRecord.State.VALIDATED:
        return
    current = YearlyRecord.objects.filter(pk=record.pk).first() if record.pk else None
    was_validated = current is not None and current.state == record.state
    figures_changed = current is None or any(
        getattr(record, name) != getattr(current, name) for name in FIGURES
    )
    if was_validated and not figures_changed:
        return  # a comment, say: nothing is validated anew
    if not can_review(user=user, mho=record.mho):
        raise RecordWriteNotAllowed
    permissions.record_check_validated_write(
        record=record,
        user=user,
        was_validated=was_validated,
        figures_changed=figures_changed,
    )


def record_admin_save(
    *, record: YearlyRecord, user, expected_version: int | None, reason: str
) -> YearlyRecord:
    """Save the admin's add, change or revert form: its four-eyes check (see
    ``record_check_admin_save``), then the write over the version the form
    was opened at. A record added there comes from the administration."""
    with transaction.atomic():
        record_check_admin_save(record=record, user=user)
        if record.pk is None:
            record.source = YearlyRecord.Source.ADMIN
        record_write(
            record=record, user=user, expected_version=expected_version, reason=reason
        )
    return record


def record_revert(*, record: YearlyRecord, user, history_id: int) -> YearlyRecord:
    """Restore the figures and state of an earlier version (``revert_record``).

    Restoring is not validating: a validated version comes back submitted, by
    the person who restores it, when that person could not validate it (its
    figures differ from the current ones, or they submitted or changed the
    record since its last validation). A second reviewer then validates it.
    """
    if not permissions.may_revert(user):
        raise RecordWriteNotAllowed
    earlier = record.history.get(history_id=history_id).instance
    figures_changed = any(
        getattr(record, name) != getattr(earlier, name) for name in FIGURES
    )
    was_validated = record.state == YearlyRecord.State.VALIDATED
    for field in YearlyRecord._meta.concrete_fields:
        if field.name not in {"id", "version", "updated_at", "mho"}:
            setattr(record, field.attname, getattr(earlier, field.attname))
    if record.state == YearlyRecord.State.VALIDATED and (
        figures_changed
        or (
            not was_validated
            and permissions.record_needs_other_reviewer(record=record, user=user)
        )
    ):
        record.state = YearlyRecord.State.SUBMITTED
        record.submitted_by = user
        record.submitted_at = timezone.now()
    record_write(
        record=record,
        user=user,
        expected_version=record.version,
        reason=f"reverted to version {earlier.version}",
    )
    return record
