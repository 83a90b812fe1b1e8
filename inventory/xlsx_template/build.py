"""Build the offline Excel template of one MHO's yearly record, prefilled.

A pure function of the record, in the active language: no request, no write.
"""

import io

import xlsxwriter
from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from xlsxwriter.utility import xl_col_to_name

from inventory.fields import NO, NOT_REPORTED, YES, display_value
from inventory.models import YearlyRecord
from inventory.models.record import (
    AMOUNT_FIELDS,
    BENEFIT_FIELDS,
    CHOICE_FIELDS,
    COUNT_FIELDS,
    DATA_FIELDS,
    FIELD_GROUPS,
    NUMBER_FIELDS,
    TRI_STATE_FIELDS,
)
from inventory.spreadsheets import excel_whole_number

from .layout import FORMAT_VERSION, LISTS_SHEET, META_SHEET, RECORD_SHEET, TEMPLATE_KIND


def _sections():
    """The record's groups of fields, so the sheet reads like the online form."""
    listed = [name for _legend, names in FIELD_GROUPS for name in names]
    rest = [name for name in DATA_FIELDS if name not in listed]
    sections = [(str(legend), names) for legend, names in FIELD_GROUPS]
    return sections + ([(_("Other figures"), rest)] if rest else [])


def _label(name: str) -> str:
    return capfirst(str(YearlyRecord._meta.get_field(name).verbose_name))


def _help(name: str) -> str:
    if name in AMOUNT_FIELDS:
        return _("Amount in the record's currency, whole units, no decimals.")
    if name in COUNT_FIELDS:
        return _("Whole number, 0 or more.")
    if name in BENEFIT_FIELDS:
        return _(
            "Yes if the mutual covers this care, No if it does not; Not reported "
            "if you do not know."
        )
    if name in TRI_STATE_FIELDS:
        return _("Yes or No; Not reported if you do not know.")
    return _("Choose from the list.")


def _cell_value(record: YearlyRecord, name: str):
    """What the Value cell of ``name`` shows: the page's wording of the stored
    value, as a number Excel keeps exactly or as text."""
    value = display_value(YearlyRecord._meta.get_field(name), getattr(record, name))
    if value is not None and name in CHOICE_FIELDS:
        value = str(value)  # the label, translated now
    return excel_whole_number(value)


def _write_lists(workbook) -> dict[str, str]:
    """The drop-down choices on a hidden sheet (labels may contain commas)."""
    sheet = workbook.add_worksheet(LISTS_SHEET)
    columns = {"yes-no": [str(YES), str(NO), str(NOT_REPORTED)]}
    for name in CHOICE_FIELDS:
        choices = YearlyRecord._meta.get_field(name).choices
        columns[name] = [str(label) for _value, label in choices]
    sources = {}
    for index, (key, labels) in enumerate(columns.items()):
        sheet.write_column(0, index, labels)
        letter = xl_col_to_name(index)
        sources[key] = f"={LISTS_SHEET}!${letter}$1:${letter}${len(labels)}"
    sheet.hide()
    sheet.protect()
    return sources


def _validation(name: str, sources: dict[str, str]) -> dict:
    if name in NUMBER_FIELDS:
        return {
            "validate": "integer",
            "criteria": ">=",
            "value": 0,
            "error_message": _("Enter a whole number, 0 or more.")[:255],
        }
    source = sources["yes-no" if name in TRI_STATE_FIELDS else name]
    return {
        "validate": "list",
        "source": source,
        "error_message": _("Choose a value from the list.")[:255],
    }


def _write_meta(workbook, record: YearlyRecord) -> None:
    sheet = workbook.add_worksheet(META_SHEET)
    rows = [
        ("template", TEMPLATE_KIND),
        ("format", FORMAT_VERSION),
        ("code", record.mho.code),
        ("year", record.year),
        ("version", record.version),
        ("language", translation.get_language() or settings.LANGUAGE_CODE),
    ]
    for row, (key, value) in enumerate(rows):
        sheet.write_string(row, 0, key)
        sheet.write(row, 1, value)
    sheet.hide()
    sheet.protect()


def _write_fields(sheet, record: YearlyRecord, sources: dict, formats: dict) -> None:
    """From row 5: a section row per group, then one row per field."""
    row = 4
    for legend, names in _sections():
        sheet.write_string(row, 1, legend, formats["section"])
        row += 1
        for name in names:
            sheet.write_string(row, 0, name)
            sheet.write_string(row, 1, _label(name))
            value = _cell_value(record, name)
            cell = formats["grouped" if name in NUMBER_FIELDS else "editable"]
            if value is None:
                sheet.write_blank(row, 2, None, cell)
            elif isinstance(value, str):  # also the digits of a huge amount
                sheet.write_string(row, 2, value, cell)
            else:
                sheet.write_number(row, 2, value, cell)
            sheet.write_string(row, 3, _help(name))
            sheet.data_validation(row, 2, row, 2, _validation(name, sources))
            row += 1


def template_workbook(*, record: YearlyRecord) -> bytes:
    """The prefilled template of ``record`` (from ``record_for_edit``), in the
    active language."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    formats = {
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "bold": workbook.add_format({"bold": True}),
        "section": workbook.add_format({"bold": True, "bg_color": "#D9EAD3"}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
        # Only the values are unlocked: the protected sheet lets nothing else change.
        "editable": workbook.add_format(
            {"locked": False, "bg_color": "#FFF2CC", "border": 1, "num_format": "0"}
        ),
        # Figures read with their digits grouped (Excel shows the separator of
        # the reader's own settings: 9 500 000 in French, 9,500,000 in English).
        "grouped": workbook.add_format(
            {"locked": False, "bg_color": "#FFF2CC", "border": 1, "num_format": "#,##0"}
        ),
    }
    sheet = workbook.add_worksheet(RECORD_SHEET)
    sources = _write_lists(workbook)
    _write_meta(workbook, record)
    sheet.set_column(0, 0, 24, None, {"hidden": True})
    sheet.set_column(1, 1, 40, formats["wrap"])
    sheet.set_column(2, 2, 28)
    sheet.set_column(3, 3, 60, formats["wrap"])
    title = f"{record.mho.name} ({record.mho.code}) · {record.year}"
    sheet.write_string(0, 1, title, formats["title"])
    instructions = _(
        "Fill in the Value column only, then upload this file on the portal, "
        "on the page of this mutual and this year."
    )
    sheet.write_string(1, 1, instructions)
    for column, text in enumerate(["key", _("Field"), _("Value"), _("Help")]):
        sheet.write_string(3, column, text, formats["bold"])
    _write_fields(sheet, record, sources, formats)
    sheet.freeze_panes(4, 0)
    sheet.protect("", {"format_columns": True, "format_rows": True})
    sheet.activate()
    workbook.close()
    return output.getvalue()
