"""Genuine Excel templates taken apart, changed and packed again.

The changes are made on the workbook's XML and on its zip archive, not through
a spreadsheet library, so that any content can be produced (typed cells,
formulas with or without their cached result, dates, errors, deleted rows and
sheets) quickly enough for thousands of examples.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

import openpyxl

from inventory.models.record import DATA_FIELDS

RECORD_PART = "xl/worksheets/sheet1.xml"
META_PART = "xl/worksheets/sheet3.xml"
WORKBOOK_PART = "xl/workbook.xml"
VALUE_STYLE = 5  # the style of the value cells in the genuine template
META_ROWS = {"template": 1, "format": 2, "code": 3, "year": 4, "version": 5}


@dataclass(frozen=True)
class Cell:
    """A cell as written in the sheet's XML and the value a reader gets back."""

    body: str  # the XML inside <c ...>...</c>, with the type attribute apart
    type: str | None  # the t attribute: None (number), "inlineStr", "b", "e", ...
    value: object  # what openpyxl reads (with data_only=True)

    def xml(self, ref: str) -> str:
        kind = f' t="{self.type}"' if self.type else ""
        if not self.body:
            return f'<c r="{ref}" s="{VALUE_STYLE}"{kind}/>'
        return f'<c r="{ref}" s="{VALUE_STYLE}"{kind}>{self.body}</c>'


def text_cell(text: str) -> Cell:
    body = f'<is><t xml:space="preserve">{escape(text)}</t></is>'
    return Cell(body, "inlineStr", text if text else None)


def number_cell(text: str, value) -> Cell:
    """``text`` as stored in the XML, ``value`` as a reader converts it."""
    return Cell(f"<v>{text}</v>", None, value)


def boolean_cell(value: bool) -> Cell:
    return Cell(f"<v>{int(value)}</v>", "b", value)


EMPTY_CELL = Cell("", None, None)


@dataclass
class Template:
    """A downloaded template: its zip members and the row of each field."""

    content: bytes
    members: dict[str, bytes] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    values: dict[str, object] = field(default_factory=dict)

    @classmethod
    def parse(cls, content: bytes) -> "Template":
        template = cls(content)
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for info in archive.infolist():
                template.members[info.filename] = archive.read(info)
        sheet = openpyxl.load_workbook(io.BytesIO(content), data_only=True)["record"]
        for row in sheet.iter_rows(max_col=3):
            if row[0].value in DATA_FIELDS:
                template.rows[row[0].value] = row[0].row
                template.values[row[0].value] = row[2].value
        return template


# --- changes to the XML ----------------------------------------------------------


def _cell_pattern(ref: str):
    return re.compile(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', re.S)


def set_cell(xml: str, ref: str, cell: Cell) -> str:
    replaced, count = _cell_pattern(ref).subn(lambda _m: cell.xml(ref), xml, count=1)
    if count:
        return replaced
    # No such cell: add it at the end of its row.
    row = re.sub(r"\D", "", ref)
    return re.sub(
        rf'(<row r="{row}"[^>]*>.*?)(</row>)',
        lambda m: m.group(1) + cell.xml(ref) + m.group(2),
        xml,
        count=1,
        flags=re.S,
    )


def delete_row(xml: str, row: int) -> str:
    return re.sub(
        rf'<row r="{row}"[^>]*?(?:/>|>.*?</row>)', "", xml, count=1, flags=re.S
    )


def append_row(xml: str, row: int, key: str, cell: Cell) -> str:
    key_cell = text_cell(key).xml(f"A{row}").replace(f' s="{VALUE_STYLE}"', "")
    new = f'<row r="{row}">{key_cell}{cell.xml(f"C{row}")}</row>'
    return xml.replace("</sheetData>", new + "</sheetData>", 1)


def rename_sheet(xml: str, old: str, new: str) -> str:
    return xml.replace(f'name="{old}"', f"name={quoteattr(new)}", 1)


def drop_sheet(xml: str, name: str) -> str:
    return re.sub(rf'<sheet name="{name}"[^>]*/>', "", xml, count=1)


# --- packing -----------------------------------------------------------------------


def pack(entries: list[tuple[str, bytes, int]]) -> bytes:
    """A zip of (name, data, compression method) entries, in this order; a name
    may come twice."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name, data, method in entries:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = method
            archive.writestr(info, data)
    return output.getvalue()


def archive_limits_exceeded(content: bytes, *, size, unzipped, ratio, members) -> bool:
    """Whether the archive breaks one of the limits the portal documents."""
    if len(content) > size:
        return True
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        infos = archive.infolist()
    if len(infos) > members or sum(i.file_size for i in infos) > unzipped:
        return True
    return any(i.file_size / max(i.compress_size, 1) > ratio for i in infos)
