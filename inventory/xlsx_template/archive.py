"""Check an uploaded template as an archive before openpyxl opens it: size,
workbook parts, and how much it really expands (zip bombs)."""

import io

from django.utils.translation import gettext as _

from kernel.archives import ArchiveRefused, ArchiveTooLarge, archive_check

from .layout import (
    MAX_COMPRESSION_RATIO,
    MAX_MEMBERS,
    MAX_UNZIPPED_BYTES,
    REQUIRED_PARTS,
    TemplateError,
)


def upload_size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
    file.seek(0)
    return size


def template_archive_check(file) -> None:
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
