"""How much a ZIP archive (DOCX, XLSX, ODT) really holds once unpacked.

The sizes in a ZIP's headers are what the file says about itself, and a zip
bomb lies: a member may declare a kilobyte and inflate to gigabytes, and many
entries may point at one compressed block. Python's ``zipfile`` stops at the
declared size and then fails its CRC check, but other readers (a spreadsheet
program, the unzip tool of whoever downloads a published document) may trust
the stream rather than the header.

So ``archive_check`` inflates every member as a stream, keeping nothing, with a
byte budget for the whole archive: it stops as soon as the bytes actually
produced pass the budget (or one member inflates more than ``max_ratio`` times
its compressed size), and refuses a member whose real size is not the size its
header declares. Only the two methods office documents use (stored, deflated)
are read; encrypted members are refused.
"""

import copy
import struct
import zipfile
import zlib

CHUNK_BYTES = 64 * 1024
PLAIN_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
_UNREADABLE = (
    zipfile.BadZipFile,  # also a wrong CRC, overlapping entries
    zipfile.LargeZipFile,
    EOFError,  # a stream cut short
    OSError,
    NotImplementedError,  # an unknown method or "version needed"
    RuntimeError,  # an encrypted member
    ValueError,
    struct.error,
    zlib.error,
)


class ArchiveRefused(Exception):
    """The archive is refused; the subclass says why."""


class ArchiveTooLarge(ArchiveRefused):
    """It unpacks to more than the budget, holds too many members, or packs a
    member more tightly than any document does."""


class ArchiveDamaged(ArchiveRefused):
    """It cannot be read as a plain ZIP, or its headers lie about its sizes."""


def archive_check(
    file, *, max_unpacked: int, max_members: int, max_ratio: int | None = None
) -> list[zipfile.ZipInfo]:
    """The members of ``file``, once each has been inflated within the budget.

    Raises ArchiveTooLarge or ArchiveDamaged. Leaves the file at its start.
    """
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            if len(members) > max_members:
                raise ArchiveTooLarge
            left = max_unpacked
            for member in members:
                left -= _inflated_size(archive, member, left, max_ratio)
    except ArchiveRefused:
        raise
    except _UNREADABLE as error:
        raise ArchiveDamaged from error
    finally:
        file.seek(0)
    return members


def _inflated_size(archive, member, budget: int, max_ratio: int | None) -> int:
    if member.compress_type not in PLAIN_METHODS or member.flag_bits & 0x1:
        raise ArchiveDamaged
    if member.file_size > budget:
        raise ArchiveTooLarge  # it says so itself: no need to inflate it
    limit = budget
    if max_ratio is not None:
        limit = min(limit, max_ratio * max(member.compress_size, 1))
    # Read past the declared size: what counts is what the compressed stream
    # really produces. zipfile checks the CRC once it has produced the size it
    # was given, so give it more than the loop below ever lets it read.
    unbounded = copy.copy(member)
    unbounded.file_size = limit + 2 * CHUNK_BYTES
    produced = 0
    with archive.open(unbounded) as stream:
        while chunk := stream.read(CHUNK_BYTES):
            produced += len(chunk)
            if produced > limit:
                raise ArchiveTooLarge
    if produced != member.file_size:
        raise ArchiveDamaged
    return produced
