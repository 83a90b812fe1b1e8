"""Reads for the read-only page of one yearly record: its figures as people
read them, grouped like the form, and who did what with it and when."""

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inventory.display import record_value
from inventory.models import YearlyRecord
from inventory.models.record import FIELD_GROUPS
from inventory.validation import record_warnings

# History reasons written by the services, as the page words them.
ACTIONS = {
    "draft": gettext_lazy("Saved as a draft"),
    "submitted": gettext_lazy("Submitted to the focal point"),
    "validated": gettext_lazy("Validated"),
    "returned": gettext_lazy("Returned to the managers with a comment"),
    "import": gettext_lazy("Imported"),
    "admin": gettext_lazy("Changed by the technical secretariat"),
}


def record_value_shown(record: YearlyRecord, name: str) -> str:
    """One figure of ``record`` as the page shows it (``inventory.display``:
    yes / no / not reported, translated choices, digit grouping, amounts with
    their currency)."""
    return record_value(record, name)


def record_sheet(*, record: YearlyRecord) -> list[dict]:
    """The record's figures under the form's headings."""
    return [
        {
            "legend": legend,
            "rows": [
                {
                    "name": name,
                    "label": capfirst(YearlyRecord._meta.get_field(name).verbose_name),
                    "value": record_value_shown(record, name),
                }
                for name in names
            ],
        }
        for legend, names in FIELD_GROUPS
    ]


def _action(reason: str) -> str:
    if reason in ACTIONS:
        return str(ACTIONS[reason])
    if reason.startswith("reverted to version "):
        version = reason.removeprefix("reverted to version ")
        return _("Restored to version %(version)s") % {"version": version}
    return reason or _("Saved")


def record_timeline(*, record: YearlyRecord) -> list[dict]:
    """Every saved version, oldest first: when, who, what they did, in which
    state it left the record."""
    versions = record.history.select_related("history_user").order_by("history_id")
    return [
        {
            "when": version.history_date,
            "who": version.history_user,
            "action": _action(version.history_change_reason or ""),
            "state": version.get_state_display(),
            "version": version.version,
        }
        for version in versions
    ]


def record_confirmed_warnings(*, record: YearlyRecord) -> list[dict]:
    """The warnings its submitter confirmed, worded for the figures as they are
    now (a warning no longer raised keeps its code)."""
    codes = [code for code in record.confirmed_warnings.split(",") if code]
    if not codes:
        return []
    previous = (
        YearlyRecord.objects.filter(mho_id=record.mho_id, year=record.year - 1)
        .exclude(pk=record.pk)
        .first()
    )
    raised = {issue.code: issue for issue in record_warnings(record, previous)}
    rows = []
    for code in codes:
        issue = raised.get(code)
        label, message = "", ""
        if issue is not None:
            message = issue.message
            if issue.field:
                field = YearlyRecord._meta.get_field(issue.field)
                label = capfirst(field.verbose_name)
        rows.append({"code": code, "label": label, "message": message})
    return rows
