"""What a resource file may be: a PDF, Word, Excel or OpenDocument text document.

The type is read from the content, never trusted from the name: a PDF starts
with ``%PDF-``; DOCX and XLSX are ZIP archives holding ``[Content_Types].xml``
and their main part; an ODT is a ZIP whose first, stored member is
``mimetype``. The name's extension must then agree with what was found.
Archives are inflated as a stream within a byte budget before anything else
reads them (``kernel.archives``): a zip bomb is refused from what it
really unpacks to, not from the sizes its headers declare.
"""

import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from kernel.archives import ArchiveDamaged, ArchiveTooLarge, archive_check

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ARCHIVE_MEMBERS = 10_000

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
}
FORMAT_NAMES = {
    "pdf": _("PDF"),
    "docx": _("Word (.docx)"),
    "xlsx": _("Excel (.xlsx)"),
    "odt": _("OpenDocument text (.odt)"),
}
ACCEPT = ",".join([f".{ext}" for ext in CONTENT_TYPES] + list(CONTENT_TYPES.values()))

_EXECUTABLE_MAGIC = (
    b"MZ",  # Windows .exe, .dll
    b"\x7fELF",  # Linux
    b"\xfe\xed\xfa\xce",  # macOS Mach-O, both byte orders and widths
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"#!",  # scripts
)
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_OOXML_MAIN_PART = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx"}


def _error(code: str, **params) -> ValidationError:
    return ValidationError(_MESSAGES[code], code=code, params=params or None)


_MESSAGES = {
    "empty": _("The file is empty."),
    "too_large": _(
        "The file is too large (%(size)s; the limit is %(limit)s MB): it is "
        "refused. Send a lighter version or give a link to the document instead."
    ),
    "executable": _(
        "This file is a program, not a document: it is refused. "
        "Only PDF, Word (.docx), Excel (.xlsx) and OpenDocument text (.odt) "
        "documents are accepted."
    ),
    "unsupported": _(
        "This file is not a PDF, Word (.docx), Excel (.xlsx) or OpenDocument "
        "text (.odt) document, whatever its name says: it is refused."
    ),
    "plain_zip": _(
        "This file is a ZIP archive, not a Word (.docx), Excel (.xlsx) or "
        "OpenDocument text (.odt) document: it is refused."
    ),
    "damaged": _("This file is damaged or incomplete: it cannot be read."),
    "bomb": _(
        "This archive would unpack to far more than its size (more than "
        "%(limit)s, or a part compressed more than %(ratio)s to 1): it is refused."
    ),
    "macros": _(
        "This document contains macros: save it without them (as a plain "
        ".docx or .xlsx) and send it again."
    ),
    "no_extension": _(
        "The file's name has no extension: it is a %(found)s document, so "
        "rename it to end in “.%(expected)s” and send it again."
    ),
    "extension": _(
        "The file's name ends in “%(given)s” but it is a %(found)s document: "
        "rename it to end in “.%(expected)s” and send it again."
    ),
}


def _check_archive(file) -> None:
    try:
        archive_check(
            file,
            max_unpacked=MAX_UNPACKED_BYTES,
            max_members=MAX_ARCHIVE_MEMBERS,
            max_ratio=MAX_COMPRESSION_RATIO,
        )
    except ArchiveTooLarge as error:
        raise _error(
            "bomb",
            limit=filesizeformat(MAX_UNPACKED_BYTES),
            ratio=MAX_COMPRESSION_RATIO,
        ) from error
    except ArchiveDamaged as error:
        raise _error("damaged") from error


def _is_odt(archive: zipfile.ZipFile) -> bool:
    first = archive.infolist()[0] if archive.infolist() else None
    if first is None or first.filename != "mimetype":
        return False
    if first.compress_type != zipfile.ZIP_STORED:
        return False
    if first.file_size > 200 or "content.xml" not in archive.namelist():
        return False
    return archive.read(first).strip() == _ODT_MIMETYPE


def _archive_format(file) -> str:
    _check_archive(file)
    try:
        with zipfile.ZipFile(file) as archive:
            if _is_odt(archive):
                return "odt"
            names = set(archive.namelist())
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise _error("macros")
            if "[Content_Types].xml" in names:
                for part, found in _OOXML_MAIN_PART.items():
                    if part in names:
                        return found
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as error:
        raise _error("damaged") from error
    except (NotImplementedError, RuntimeError, ValueError) as error:
        # Unknown compression methods, encrypted members.
        raise _error("damaged") from error
    raise _error("plain_zip")


def detect_format(file) -> str:
    """The document type read from the content: "pdf", "docx", "xlsx" or "odt".

    Raises ValidationError with a message for the person who sent the file.
    Leaves the file positioned at its start.
    """
    size = file.size
    if not size:
        raise _error("empty")
    if size > MAX_UPLOAD_BYTES:
        raise _error(
            "too_large",
            size=filesizeformat(size),
            limit=MAX_UPLOAD_BYTES // 2**20,
        )
    try:
        file.seek(0)
        head = file.read(8)
        if head.startswith(_EXECUTABLE_MAGIC):
            raise _error("executable")
        if head.startswith(b"%PDF-"):
            return "pdf"
        if head.startswith(b"PK\x03\x04"):
            file.seek(0)
            return _archive_format(file)
        raise _error("unsupported")
    finally:
        file.seek(0)


def validate_resource_file(value) -> None:
    """Model and form validator of a resource's uploaded file."""
    if getattr(value, "_committed", False):
        # Already stored: it was checked when it was uploaded.
        return
    found = detect_format(value)
    given = PurePath(value.name or "").suffix.lower()
    if given != f".{found}":
        raise _error(
            "extension" if given else "no_extension",
            given=given,
            found=FORMAT_NAMES[found],
            expected=found,
        )
