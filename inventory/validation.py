"""Validation rules of a yearly record.

Each rule has a stable code and a French/English message (``RULES`` lists
them all; docs/consistency-rules.md explains each). Errors block submission,
the admin and the bulk import (through ``YearlyRecord.clean``); a manager's
draft is saved whatever its errors, which are shown to be corrected before
submitting. Warnings must be confirmed by the submitter before a record is
submitted. The same rules serve the form, the Excel template, the admin and
the import.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .display import number_display
from .models.record import AMOUNT_FIELDS, COUNT_FIELDS, FIRST_YEAR, NUMBER_FIELDS

ERROR = "error"
WARNING = "warning"
JUMP_THRESHOLD = 0.5  # a change of more than 50 % against last year
SLIP_FACTOR = 100  # an amount 100 times last year's: a slip of the decimal point
# A mutual that is inactive or still a project has no activity to report.
NO_ACTIVITY_STATUSES = {"inactive", "project"}
ACTIVITY_FIELDS = ("members", "contributions_collected", "benefits_paid")

# Every rule: its code, severity and what it checks, as the documentation and
# the pages that list stored codes (the confirmed warnings) word it.
RULES = {
    "E01": (ERROR, _("A figure is negative.")),
    "E02": (ERROR, _("Fewer beneficiaries than members.")),
    "E03": (ERROR, _("A mutual still in project reports members.")),
    "E04": (ERROR, _("The year is outside the years records can be about.")),
    "E05": (ERROR, _("The year is before the mutual was founded.")),
    "E06": (ERROR, _("New or renewing members above the members.")),
    "E07": (ERROR, _("New members and renewing members together above the members.")),
    "E08": (
        ERROR,
        _(
            "A mutual inactive or in project reports members, contributions or "
            "benefits."
        ),
    ),
    "W01": (WARNING, _("Members changed by more than half since last year.")),
    "W02": (WARNING, _("Beneficiaries changed by more than half since last year.")),
    "W03": (WARNING, _("Contributions collected above the contributions expected.")),
    "W04": (WARNING, _("Benefits paid above the contributions collected.")),
    "W05": (WARNING, _("More renewing members than last year's members.")),
    "W06": (WARNING, _("More beneficiaries than the target population.")),
    "W07": (WARNING, _("Every figure identical to last year's.")),
    "W08": (
        WARNING,
        _("Benefits paid above contributions collected, subsidies and reserves."),
    ),
    "W09": (WARNING, _("An amount more than 100 times last year's.")),
}


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
        *_members_split(record),
        *_activity_without_status(record),
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


def _members_split(record) -> list[Issue]:
    new, renewing, members = (
        record.new_members,
        record.renewing_members,
        record.members,
    )
    if None in (new, renewing, members) or new + renewing <= members:
        return []
    return [
        Issue(
            "E07",
            ERROR,
            "members",
            _(
                "New members (%(new)s) and renewing members (%(renewing)s) add up "
                "to more than the members (%(members)s)."
            )
            % {
                "new": number_display(new),
                "renewing": number_display(renewing),
                "members": number_display(members),
            },
        )
    ]


def _activity_without_status(record) -> list[Issue]:
    if record.status not in NO_ACTIVITY_STATUSES:
        return []
    # A project with members is E03 already.
    names = [
        name
        for name in ACTIVITY_FIELDS
        if _value(record, name)
        and not (record.status == "project" and name == "members")
    ]
    if not names:
        return []
    return [
        Issue(
            "E08",
            ERROR,
            "status",
            _(
                "A mutual that is inactive or still a project has no members, "
                "collects no contributions and pays no benefits: change its status "
                "or enter 0."
            ),
        )
    ]


def _jump(current, previous) -> bool:
    if current is None or not previous:
        return False
    return abs(current - previous) / previous > JUMP_THRESHOLD


def record_warnings(record, previous=None) -> list[Issue]:
    """Unusual figures the submitter must confirm; ``previous`` is last year's."""
    issues = []
    if previous is not None:
        issues += _changes_since_last_year(record, previous)
    issues += _money_checks(record)
    issues += _beyond_target(record)
    return issues


def _changes_since_last_year(record, previous) -> list[Issue]:
    issues = []
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
                        "previous": number_display(_value(previous, name)),
                        "current": number_display(_value(record, name)),
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
    issues += _same_as_last_year(record, previous)
    issues += _decimal_slips(record, previous)
    return issues


def _same_as_last_year(record, previous) -> list[Issue]:
    figures = [(_value(record, n), _value(previous, n)) for n in NUMBER_FIELDS]
    if all(now is None for now, _then in figures):
        return []
    if any(now != then for now, then in figures):
        return []
    return [
        Issue(
            "W07",
            WARNING,
            None,
            _(
                "Every figure is the same as last year's: check that this year's "
                "figures were entered."
            ),
        )
    ]


def _decimal_slips(record, previous) -> list[Issue]:
    issues = []
    for name in AMOUNT_FIELDS:
        now, then = _value(record, name), _value(previous, name)
        if now is not None and then and now > SLIP_FACTOR * then:
            issues.append(
                Issue(
                    "W09",
                    WARNING,
                    name,
                    _(
                        "More than 100 times last year's amount (%(previous)s then, "
                        "%(current)s now): check the decimal point and the zeros."
                    )
                    % {
                        "previous": number_display(then),
                        "current": number_display(now),
                    },
                )
            )
    return issues


def _money_checks(record) -> list[Issue]:
    issues = []
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
    others = [v for v in (record.subsidies, record.reserves) if v is not None]
    resources = (collected or 0) + sum(others)
    # Without subsidies nor reserves reported, W04 says it already.
    if paid is not None and collected is not None and others and paid > resources:
        issues.append(
            Issue(
                "W08",
                WARNING,
                "benefits_paid",
                _(
                    "Benefits paid (%(paid)s) are above the contributions collected, "
                    "subsidies and reserves together (%(resources)s)."
                )
                % {
                    "paid": number_display(paid),
                    "resources": number_display(resources),
                },
            )
        )
    return issues


def _beyond_target(record) -> list[Issue]:
    beneficiaries, target = record.beneficiaries, record.target_population
    if beneficiaries is None or not target or beneficiaries <= target:
        return []
    return [
        Issue(
            "W06",
            WARNING,
            "beneficiaries",
            _("More beneficiaries than the target population (%(target)s).")
            % {"target": number_display(target)},
        )
    ]
