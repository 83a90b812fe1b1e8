"""Writing the CSV files: UTF-8, comma-separated, one header row, ``\\n`` line
ends, empty cells for missing values, ``true``/``false``, dates in ISO 8601 UTC.

inventory.csv is written by PostgreSQL itself (``COPY ... TO STDOUT``) when the
database is PostgreSQL, else by Python's csv writer; both give the same bytes
for the same data: the COPY query formats each value in SQL exactly as
``FORMATTERS`` do in Python.

Text cells that a spreadsheet would run as a formula (starting with = + - @,
a tab or a carriage return) are prefixed with a single quote; numbers never.
"""

import csv
from collections.abc import Iterable, Iterator
from datetime import UTC
from itertools import islice
from typing import BinaryIO

from django.db import connection
from django.db.models import QuerySet

from inventory.models import MutualHealthOrganization

from .columns import RECORD_COLUMNS, Column
from .rows import SUPPORT, _without_support, record_rows, record_values

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LINES_PER_CHUNK = 1000


def text_cell(value: str | None) -> str:
    if not value:
        return ""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _integer_cell(value):
    return "" if value is None else str(value)


def _number_cell(value):
    return "" if value is None else repr(round(value, 6))


def _boolean_cell(value):
    return "" if value is None else ("true" if value else "false")


def _datetime_cell(value):
    return "" if value is None else value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


FORMATTERS = {
    "string": text_cell,
    "integer": _integer_cell,
    "number": _number_cell,
    "boolean": _boolean_cell,
    "datetime": _datetime_cell,
}


class _LastLine:
    """The csv writer's target. Rows end with \\r\\n there, so that the writer
    quotes a field holding a lone carriage return (as PostgreSQL does); the
    caller swaps that ending for \\n."""

    line = ""

    def write(self, text: str) -> None:
        self.line = text


def csv_lines(columns: list[Column], rows: Iterable[tuple]) -> Iterator[str]:
    """The header, then each row, as lines of CSV text."""
    target = _LastLine()
    writer = csv.writer(target, lineterminator="\r\n")
    formatters = [FORMATTERS[column.type] for column in columns]
    writer.writerow([column.name for column in columns])
    yield target.line[:-2] + "\n"
    for row in rows:
        writer.writerow([f(value) for f, value in zip(formatters, row, strict=True)])
        yield target.line[:-2] + "\n"


def csv_chunks(columns: list[Column], rows: Iterable[tuple]) -> Iterator[bytes]:
    """The CSV as UTF-8 blocks of a thousand lines, to write or to stream."""
    lines = csv_lines(columns, rows)
    while block := list(islice(lines, LINES_PER_CHUNK)):
        yield "".join(block).encode()


def csv_write(stream: BinaryIO, columns: list[Column], rows: Iterable[tuple]) -> None:
    for chunk in csv_chunks(columns, rows):
        stream.write(chunk)


# ---------------------------------------------------------------------------
# PostgreSQL: the same rows, formatted by the database
# ---------------------------------------------------------------------------
def _sql_text(value: str) -> str:
    starts = ", ".join(
        f"chr({ord(char)})" if char in "\t\r" else f"'{char}'"
        for char in FORMULA_STARTS
    )
    return (
        f"CASE WHEN left({value}, 1) IN ({starts}) THEN '''' || {value} "
        f"ELSE NULLIF({value}, '') END"
    )


_SQL_FORMATS = {
    "string": _sql_text,
    "integer": lambda value: value,
    "boolean": lambda value: (
        f"CASE WHEN {value} THEN 'true' WHEN NOT {value} THEN 'false' END"
    ),
    "datetime": lambda value: (
        f"to_char({value} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
    ),
}


def records_copy_sql(records: QuerySet | None = None) -> tuple[str, tuple]:
    """``COPY (<the SELECT of record_values, formatted>) TO STDOUT`` and its
    parameters. The inner query's columns are renamed c0, c1, … by position."""
    quote = connection.ops.quote_name
    inner, params = record_values(records).order_by().query.sql_with_params()
    sourced = _without_support(RECORD_COLUMNS)
    names = [f"c{index}" for index in range(len(sourced))]
    position = {column.name: name for column, name in zip(sourced, names, strict=True)}
    select = []
    for column in RECORD_COLUMNS:
        value = "s.slugs" if column.name == SUPPORT else f"t.{position[column.name]}"
        select.append(f"{_SQL_FORMATS[column.type](value)} AS {quote(column.name)}")
    links = MutualHealthOrganization.support_organizations.through
    organization = links._meta.get_field("organization").related_model
    sql = (
        f"SELECT {', '.join(select)} "
        f"FROM ({inner}) AS t({', '.join(names)}, mho_id) "
        f"LEFT JOIN LATERAL (SELECT string_agg(o.slug, '|' ORDER BY o.slug "
        f'COLLATE "C") AS slugs FROM {quote(links._meta.db_table)} l '
        f"JOIN {quote(organization._meta.db_table)} o ON o.id = l.organization_id "
        f"WHERE l.mutualhealthorganization_id = t.mho_id) AS s ON true "
        f"ORDER BY t.{position['mho_code']}, t.{position['year']}"
    )
    return f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER true)", params


def records_csv_write(
    stream: BinaryIO, *, records: QuerySet | None = None, use_copy: bool | None = None
) -> None:
    """Write inventory.csv (or the CSV of ``records``) to a binary stream."""
    if use_copy is None:
        use_copy = connection.vendor == "postgresql"
    if not use_copy:
        csv_write(stream, RECORD_COLUMNS, record_rows(records))
        return
    sql, params = records_copy_sql(records)
    with connection.cursor() as cursor, cursor.cursor.copy(sql, params) as copy:
        for block in copy:
            stream.write(block)
