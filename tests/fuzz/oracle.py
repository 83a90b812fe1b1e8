"""What the portal must do with a yearly record's values, shared by the form and
the template fuzz tests.

The form's checks and the design's hard rules are written here again; the
validation module's functions are only used to say whether a record is
refused and which warnings it raises, as the outcome to expect.
"""

from django.db import connection
from django.utils import timezone

from inventory.models import YearlyRecord
from inventory.models.record import (
    AMOUNT_FIELDS,
    COUNT_FIELDS,
    FIRST_YEAR,
    TRI_STATE_FIELDS,
)
from inventory.validation import record_errors

from .values import FREE, INVALID, choices

NUMBER_FIELDS = COUNT_FIELDS + AMOUNT_FIELDS


def integer_range(internal_type: str) -> tuple[int, int]:
    return connection.ops.integer_field_range(internal_type)


def form_accepts(meanings: dict) -> bool:
    """The form's own checks: every value readable, no negative figure, amounts
    within a big integer."""
    top = integer_range("PositiveBigIntegerField")[1]
    for name, meaning in meanings.items():
        if meaning is INVALID:
            return False
        number = meaning if name in NUMBER_FIELDS else None
        if number is None:
            continue
        if number < 0 or (name in AMOUNT_FIELDS and number > top):
            return False
    return True


def record_with(meanings: dict, *, mho, year) -> YearlyRecord:
    record = YearlyRecord(mho=mho, year=year)
    for name, meaning in meanings.items():
        setattr(record, name, meaning)
    return record


def rules_accept(record: YearlyRecord, *, draft: bool = False) -> bool:
    """The model's checks: database ranges, then the validation rules, which a
    manager's draft is saved without (they block its submission only)."""
    count_top = integer_range("PositiveIntegerField")[1]
    if any((getattr(record, n) or 0) > count_top for n in COUNT_FIELDS):
        return False
    if record.year > integer_range("PositiveSmallIntegerField")[1]:
        return False
    return draft or not record_errors(record)


def type_is_right(name, value) -> bool:
    if name in NUMBER_FIELDS:
        return value is None or (isinstance(value, int) and value >= 0)
    if name in TRI_STATE_FIELDS:
        return value is None or isinstance(value, bool)
    blank = YearlyRecord._meta.get_field(name).blank
    return value in choices(name) or (blank and value == "")


def assert_stored(record: YearlyRecord, meanings: dict) -> None:
    """The record holds the meaning of every value, and follows the design's
    hard rules."""
    for name, meaning in meanings.items():
        value = getattr(record, name)
        assert type_is_right(name, value), (name, value)
        if meaning is not FREE:
            assert value == meaning, (name, meaning, value)
    if record.state == "draft":
        return  # saved whatever its rule errors, shown to be corrected
    members, beneficiaries = record.members, record.beneficiaries
    if None not in (members, beneficiaries):
        assert beneficiaries >= members
    for part in (record.new_members, record.renewing_members):
        assert part is None or members is None or part <= members
    assert record.status != "project" or not members
    assert FIRST_YEAR <= record.year <= timezone.localdate().year
    founded = record.mho.founded_year or 0
    assert record.year >= founded or record.status == "project"
