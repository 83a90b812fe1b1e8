"""Read a filled-in template back: the values as a form posts them.

The file is checked as an archive first (``archive.template_archive_check``),
then opened with openpyxl; nothing is written.
"""

import openpyxl
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from inventory.fields import FORM_VALUES, tri_state_parse
from inventory.models import YearlyRecord
from inventory.models.record import CHOICE_FIELDS, DATA_FIELDS, TRI_STATE_FIELDS

from .archive import template_archive_check, upload_size
from .layout import (
    FORMAT_VERSION,
    MAX_UPLOAD_BYTES,
    META_SHEET,
    RECORD_SHEET,
    TEMPLATE_KIND,
    VALUE_COLUMN,
    FilledTemplate,
    TemplateError,
)


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
    rows = sheet.iter_rows(min_row=1, max_col=3, values_only=True)
    for number, row in enumerate(rows, start=1):
        if len(row) < 3 or row[0] not in DATA_FIELDS:
            continue
        name, value = row[0], row[2]
        filled.cells[name] = f"{RECORD_SHEET}!{VALUE_COLUMN}{number}"
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
            # Read by the form as people type numbers ("12 500", "9.500.000").
            filled.values[name] = str(value).strip()
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
    if upload_size(file) > MAX_UPLOAD_BYTES:
        raise TemplateError.too_large()
    template_archive_check(file)
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
