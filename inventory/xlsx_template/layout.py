"""What the offline Excel template is made of, for building and reading it.

The workbook has a "record" sheet (one row per field: a hidden technical key,
the label, the value to fill in, a help text), a hidden "lists" sheet holding
the drop-down choices and a hidden "meta" sheet naming the MHO, the year and
the record version the template was made from.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

TEMPLATE_KIND = "concertation-yearly-record"
FORMAT_VERSION = 1
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UNZIPPED_BYTES = 20 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_MEMBERS = 200
REQUIRED_PARTS = {"[Content_Types].xml", "xl/workbook.xml"}
RECORD_SHEET, LISTS_SHEET, META_SHEET = "record", "lists", "meta"
VALUE_COLUMN = "C"  # of the record sheet: what the manager fills in
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    # Field name -> the address of its value cell, as Excel names it ("record!C7").
    cells: dict[str, str] = field(default_factory=dict)
