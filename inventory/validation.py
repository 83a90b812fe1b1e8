"""Validation rules of a yearly record.

Each rule has a stable code and a French/English message. Errors block any
save; warnings must be confirmed by the submitter before a record is
submitted. The same rules serve the form, the Excel template, the admin and
the bulk import (through ``YearlyRecord.clean``).
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models.record import AMOUNT_FIELDS, COUNT_FIELDS, FIRST_YEAR

ERROR = "error"
WARNING = "warning"
JUMP_THRESHOLD = 0.5  # a change of more than 50 % against last year


@dataclass(frozen=True)
class Issue:
    code: str
    severity: str
    field: str | None
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def _value(record, name):
    return getattr(record, name, None)


def record_errors(record) -> list[Issue]:
    """Hard errors: the record cannot be saved with these."""
    return [
        *_negative_figures(record),
        *_members_and_beneficiaries(record),
        *_year_out_of_range(record),
        *_parts_of_members(record),
    ]


def _negative_figures(record) -> list[Issue]:
    return [
        Issue("E01", ERROR, name, _("This figure cannot be negative."))
        for name in COUNT_FIELDS + AMOUNT_FIELDS
        if (value := _value(record, name)) is not None and value < 0
    ]


def _members_and_beneficiaries(record) -> list[Issue]:
    issues = []
    members, beneficiaries = record.members, record.beneficiaries
    if members is not None and beneficiaries is not None and beneficiaries < members:
        issues.append(
            Issue(
                "E02",
                ERROR,
                "beneficiaries",
                _("Beneficiaries cannot be fewer than members (each member counts)."),
            )
        )
    if record.status == "project" and members:
        issues.append(
            Issue(
                "E03",
                ERROR,
                "members",
                _(
                    "A mutual that is still a project has no members yet: enter 0 "
                    "or change its status."
                ),
            )
        )
    return issues


def _year_out_of_range(record) -> list[Issue]:
    issues = []
    last_year = timezone.localdate().year
    if record.year is not None and not FIRST_YEAR <= record.year <= last_year:
        issues.append(
            Issue(
                "E04",
                ERROR,
                "year",
                _("The year must be between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": last_year},
            )
        )
    founded = getattr(getattr(record, "mho", None), "founded_year", None)
    if founded and record.year and record.year < founded and record.status != "project":
        issues.append(
            Issue(
                "E05",
                ERROR,
                "year",
                _("The mutual was founded in %(founded)s, after this year.")
                % {"founded": founded},
            )
        )
    return issues


def _parts_of_members(record) -> list[Issue]:
    members = record.members
    return [
        Issue("E06", ERROR, part, _("This cannot be more than the number of members."))
        for part in ("new_members", "renewing_members")
        if (value := _value(record, part)) is not None
        and members is not None
        and value > members
    ]


def _jump(current, previous) -> bool:
    if current is None or not previous:
        return False
    return abs(current - previous) / previous > JUMP_THRESHOLD


def record_warnings(record, previous=None) -> list[Issue]:
    """Unusual figures the submitter must confirm; ``previous`` is last year's."""
    issues = []
    if previous is not None:
        for name, code in (("members", "W01"), ("beneficiaries", "W02")):
            if _jump(_value(record, name), _value(previous, name)):
                issues.append(
                    Issue(
                        code,
                        WARNING,
                        name,
                        _(
                            "Changed by more than 50%% since last year "
                            "(%(previous)s then, %(current)s now)."
                        )
                        % {
                            "previous": _value(previous, name),
                            "current": _value(record, name),
                        },
                    )
                )
        if (
            record.renewing_members is not None
            and previous.members is not None
            and record.renewing_members > previous.members
        ):
            issues.append(
                Issue(
                    "W05",
                    WARNING,
                    "renewing_members",
                    _("More renewing members than last year's members."),
                )
            )
    expected, collected = record.contributions_expected, record.contributions_collected
    if expected is not None and collected is not None and collected > expected:
        issues.append(
            Issue(
                "W03",
                WARNING,
                "contributions_collected",
                _("Contributions collected are above the contributions expected."),
            )
        )
    paid = record.benefits_paid
    if paid is not None and collected is not None and paid > collected:
        issues.append(
            Issue(
                "W04",
                WARNING,
                "benefits_paid",
                _("Benefits paid are above the contributions collected."),
            )
        )
    return issues
