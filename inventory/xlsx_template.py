"""The offline Excel template of one MHO's yearly record: build it, read it back.

Pure functions, no request and no database write. The workbook has a "record"
sheet (one row per field: a hidden technical key, the label, the value to fill
in, a help text), a hidden "lists" sheet holding the drop-down choices and a
hidden "meta" sheet naming the MHO, the year and the record version the
template was made from. Reading checks the file as an archive before openpyxl
opens it: size, workbook parts, and how much it really expands (zip bombs).
"""

import io
from dataclasses import dataclass, field

import openpyxl
import xlsxwriter
from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from xlsxwriter.utility import xl_col_to_name

from kernel.archives import ArchiveRefused, ArchiveTooLarge, archive_check

from .fields import FORM_VALUES, NO, NOT_REPORTED, YES, tri_state_label, tri_state_parse
from .forms import RecordForm
from .models import YearlyRecord
from .models.record import (
    AMOUNT_FIELDS,
    BENEFIT_FIELDS,
    COUNT_FIELDS,
    DATA_FIELDS,
    TRI_STATE_FIELDS,
)
from .spreadsheets import excel_whole_number

TEMPLATE_KIND = "concertation-yearly-record"
FORMAT_VERSION = 1
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UNZIPPED_BYTES = 20 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_MEMBERS = 200
REQUIRED_PARTS = {"[Content_Types].xml", "xl/workbook.xml"}
RECORD_SHEET, LISTS_SHEET, META_SHEET = "record", "lists", "meta"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

NUMBER_FIELDS = [*COUNT_FIELDS, *AMOUNT_FIELDS]
CHOICE_FIELDS = [n for n in DATA_FIELDS if YearlyRecord._meta.get_field(n).choices]
# Spaces people type as thousands separators ("12 500"), including French ones.
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")


class TemplateError(Exception):
    """The uploaded file is refused; ``message`` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    @classmethod
    def too_large(cls):
        return cls(
            _("The file is larger than %(limit)s MB: upload the template itself.")
            % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )

    @classmethod
    def not_a_workbook(cls):
        return cls(
            _(
                "This file is not an Excel workbook (.xlsx). Download the template "
                "again, fill it in and save it in the Excel format."
            )
        )

    @classmethod
    def not_our_template(cls):
        return cls(
            _(
                "This workbook is not a template of this portal. Download the "
                "template from this page, fill it in and upload it."
            )
        )


@dataclass
class FilledTemplate:
    code: str
    year: int
    version: int
    values: dict[str, str] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)


# --- building ------------------------------------------------------------------


def _sections():
    """The form's groups of fields, so the sheet reads like the online form."""
    listed = [name for _legend, names in RecordForm.fieldsets for name in names]
    rest = [name for name in DATA_FIELDS if name not in listed]
    sections = [(str(legend), names) for legend, names in RecordForm.fieldsets]
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


def _display(record: YearlyRecord, name: str):
    value = getattr(record, name)
    if name in TRI_STATE_FIELDS:
        return tri_state_label(value)
    if value is None or value == "":
        return None
    if name in CHOICE_FIELDS:
        return str(dict(YearlyRecord._meta.get_field(name).choices).get(value, value))
    return value


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
            value = excel_whole_number(_display(record, name))
            if value is None:
                sheet.write_blank(row, 2, None, formats["editable"])
            elif isinstance(value, str):  # also the digits of a huge amount
                sheet.write_string(row, 2, value, formats["editable"])
            else:
                sheet.write_number(row, 2, value, formats["editable"])
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


# --- reading -------------------------------------------------------------------


def _size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
    file.seek(0)
    return size


def _check_archive(file) -> None:
    """Refuse anything that is not a plain, small xlsx before openpyxl reads it.

    Every part is inflated as a stream within the budget (see
    ``kernel.archives``): the sizes a file declares are not trusted.
    """
    too_big = TemplateError(
        _(
            "This file would expand to far too much data once unpacked: it cannot "
            "be a filled template. Download the template again."
        )
    )
    try:
        members = archive_check(
            file,
            max_unpacked=MAX_UNZIPPED_BYTES,
            max_members=MAX_MEMBERS,
            max_ratio=MAX_COMPRESSION_RATIO,
        )
    except ArchiveTooLarge as error:
        raise too_big from error
    except ArchiveRefused as error:  # damaged, encrypted, unusual methods
        raise TemplateError.not_a_workbook() from error
    if not {member.filename for member in members} >= REQUIRED_PARTS:
        raise TemplateError.not_a_workbook()


def _as_int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


def _read_meta(workbook) -> FilledTemplate:
    if META_SHEET not in workbook.sheetnames or RECORD_SHEET not in workbook.sheetnames:
        raise TemplateError.not_our_template()
    meta = {}
    for row in workbook[META_SHEET].iter_rows(max_col=2, values_only=True):
        if len(row) == 2 and isinstance(row[0], str):
            meta[row[0]] = row[1]
    code, year = str(meta.get("code") or ""), _as_int(meta.get("year"))
    version = _as_int(meta.get("version"))
    if (
        meta.get("template") != TEMPLATE_KIND
        or _as_int(meta.get("format")) != FORMAT_VERSION
        or not code
        or year is None
        or version is None
    ):
        raise TemplateError.not_our_template()
    return FilledTemplate(code=code, year=year, version=version)


def _choice_lookups() -> dict:
    """Labels in every language (and raw values) → values, case-insensitive."""
    choices = {name: {} for name in CHOICE_FIELDS}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for name in CHOICE_FIELDS:
                for value, label in YearlyRecord._meta.get_field(name).choices:
                    choices[name][str(label).casefold()] = value
    for name in CHOICE_FIELDS:
        for value, _label in YearlyRecord._meta.get_field(name).choices:
            choices[name][value.casefold()] = value
    return choices


def _read_values(sheet, filled: FilledTemplate) -> None:
    choices = _choice_lookups()
    for row in sheet.iter_rows(max_col=3, values_only=True):
        if len(row) < 3 or row[0] not in DATA_FIELDS:
            continue
        name, value = row[0], row[2]
        if value is None or (isinstance(value, str) and not value.strip()):
            filled.values[name] = ""
        elif name in TRI_STATE_FIELDS:
            try:
                filled.values[name] = FORM_VALUES[tri_state_parse(value)]
            except ValueError:
                filled.values[name] = ""
                filled.problems[name] = _("Choose Yes, No or Not reported.")
        elif name in CHOICE_FIELDS:
            text = str(value).strip()
            filled.values[name] = choices[name].get(text.casefold(), text)
        elif isinstance(value, float) and value.is_integer():
            filled.values[name] = str(int(value))
        else:
            filled.values[name] = str(value).translate(_SPACES)
    if not filled.values:
        raise TemplateError.not_our_template()


def _check_target(filled: FilledTemplate, *, code: str, year: int) -> None:
    if (filled.code, filled.year) != (code, year):
        raise TemplateError(
            _(
                "This template belongs to %(code)s for the year %(year)s, not to "
                "%(expected_code)s for %(expected_year)s. Upload it on the page "
                "of that mutual and year, or download the right template."
            )
            % {
                "code": filled.code,
                "year": filled.year,
                "expected_code": code,
                "expected_year": year,
            }
        )


def template_read(file, *, code: str, year: int) -> FilledTemplate:
    """The values of a filled template for ``code`` and ``year``, as strings the
    way a form posts them; raises TemplateError when the file is refused."""
    if _size(file) > MAX_UPLOAD_BYTES:
        raise TemplateError.too_large()
    _check_archive(file)
    try:
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # a broken part can fail in many ways
        raise TemplateError.not_a_workbook() from error
    try:
        filled = _read_meta(workbook)
        _check_target(filled, code=code, year=year)
        _read_values(workbook[RECORD_SHEET], filled)
    except TemplateError:
        raise
    except Exception as error:  # read-only sheets are parsed lazily, here
        raise TemplateError.not_a_workbook() from error
    finally:
        workbook.close()
    return filled
