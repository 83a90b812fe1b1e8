"""The offline Excel template of one MHO's yearly record: build it
(``build``), check an upload as an archive (``archive``), read it back
(``read``). ``layout`` holds what the three share."""

from inventory.models.record import CHOICE_FIELDS

from .build import template_workbook
from .layout import (
    CONTENT_TYPE,
    FORMAT_VERSION,
    MAX_COMPRESSION_RATIO,
    MAX_MEMBERS,
    MAX_UNZIPPED_BYTES,
    MAX_UPLOAD_BYTES,
    TEMPLATE_KIND,
    FilledTemplate,
    TemplateError,
)
from .read import template_read

__all__ = [
    "CHOICE_FIELDS",
    "CONTENT_TYPE",
    "FORMAT_VERSION",
    "MAX_COMPRESSION_RATIO",
    "MAX_MEMBERS",
    "MAX_UNZIPPED_BYTES",
    "MAX_UPLOAD_BYTES",
    "TEMPLATE_KIND",
    "FilledTemplate",
    "TemplateError",
    "template_read",
    "template_workbook",
]
