"""Writing inventory.xlsx with XlsxWriter in constant-memory mode: each row is
flushed to disk as soon as the next one starts, so memory stays flat.

Sheets: records (the columns of inventory.csv), mhos, organizations (those of
organizations.csv), synthesis (those of synthesis.csv), dictionary, citation.
Text is always written with ``write_string``, so a name such as
``=cmd|' /C calc'!A0`` is a plain string cell, never a formula.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

import xlsxwriter

from .citation import Citation
from .columns import (
    MHO_COLUMNS,
    MHOS,
    ORGANIZATIONS,
    RECORD_COLUMNS,
    RECORDS,
    SYNTHESIS,
    Column,
)
from .columns_organizations import ORGANIZATION_COLUMNS
from .columns_synthesis import SYNTHESIS_COLUMNS
from .dictionary import dictionary
from .rows import mho_rows, organization_rows, record_rows, synthesis_rows

WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "default_date_format": "yyyy-mm-dd hh:mm:ss",
}


@dataclass(frozen=True)
class WorkbookCounts:
    records: int
    mhos: int


def _cell_writers(worksheet, columns: list[Column], date_format):
    def write_datetime(row, col, value):
        # Excel has no time zones: naive UTC (the dictionary says so), to the
        # second as in the CSV.
        naive = value.astimezone(UTC).replace(tzinfo=None, microsecond=0)
        worksheet.write_datetime(row, col, naive, date_format)

    by_type = {
        "string": worksheet.write_string,
        "integer": worksheet.write_number,
        "number": worksheet.write_number,
        "boolean": worksheet.write_boolean,
        "datetime": write_datetime,
    }
    return [by_type[column.type] for column in columns]


def _sheet(workbook, name, columns: list[Column], rows: Iterable[tuple], fmt) -> int:
    """Write a header and the rows; return the number of rows."""
    worksheet = workbook.add_worksheet(name)
    worksheet.freeze_panes(1, 0)
    for col, column in enumerate(columns):
        worksheet.write_string(0, col, column.name, fmt["header"])
    writers = _cell_writers(worksheet, columns, fmt["date"])
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, (write, value) in enumerate(zip(writers, row, strict=True)):
            if value is not None and value != "":
                write(count, col, value)
    return count


def _dictionary_sheet(workbook, fmt) -> None:
    worksheet = workbook.add_worksheet("dictionary")
    worksheet.freeze_panes(1, 0)
    header = ["column", "sheet", "type", "definition_fr", "definition_en", "unit_fr",
              "unit_en"]  # fmt: skip
    for col, title in enumerate(header):
        worksheet.write_string(0, col, title, fmt["header"])
    row = 0
    for sheet, columns in dictionary():
        for column in columns:
            row += 1
            values = [column.name, sheet, column.type, column.definition_fr,
                      column.definition_en, column.unit_fr, column.unit_en]  # fmt: skip
            for col, value in enumerate(values):
                if value:
                    worksheet.write_string(row, col, value)
    worksheet.set_column(0, 0, 26)
    worksheet.set_column(3, 4, 80)


def _citation_sheet(workbook, citation: Citation, fmt) -> None:
    worksheet = workbook.add_worksheet("citation")
    worksheet.set_column(0, 0, 24)
    worksheet.set_column(1, 1, 120)
    lines = citation.lines()
    for row, (label, text) in enumerate(lines):
        worksheet.write_string(row, 0, label, fmt["header"])
        worksheet.write_string(row, 1, text, fmt["wrap"])


def inventory_xlsx_write(path: Path, *, citation: Citation) -> WorkbookCounts:
    workbook = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    workbook.set_properties(
        {
            "title": citation.title_en,
            "author": citation.publisher_en,
            "comments": citation.text("en"),
        }
    )
    fmt = {
        "header": workbook.add_format({"bold": True}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
    }
    records = _sheet(workbook, RECORDS, RECORD_COLUMNS, record_rows(), fmt)
    mhos = _sheet(workbook, MHOS, MHO_COLUMNS, mho_rows(), fmt)
    _sheet(workbook, ORGANIZATIONS, ORGANIZATION_COLUMNS, organization_rows(), fmt)
    _sheet(workbook, SYNTHESIS, SYNTHESIS_COLUMNS, synthesis_rows(), fmt)
    _dictionary_sheet(workbook, fmt)
    _citation_sheet(workbook, citation, fmt)
    workbook.close()
    return WorkbookCounts(records=records, mhos=mhos)
