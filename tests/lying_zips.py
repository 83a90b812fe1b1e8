"""ZIP archives written byte by byte, whose headers may lie about the sizes.

``zipfile`` always writes the true sizes; a zip bomb does not. Here a member
can declare any uncompressed size while its deflated stream inflates to much
more; its CRC is the real data's, so a reader that trusts the stream and not
the header unpacks all of it. The big member is compressed piece by piece and
never held in memory.
"""

import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

MIB = 1024 * 1024
_DOS_TIME, _DOS_DATE = 0, (2026 - 1980) << 9 | 1 << 5 | 1


@dataclass
class Member:
    name: str
    chunks: Iterable[bytes]
    declared_size: int | None = None  # None: the true size


def zeros(mebibytes: int) -> Iterable[bytes]:
    block = bytes(MIB)
    return (block for _ in range(mebibytes))


def _deflate(chunks) -> tuple[bytes, int, int]:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts, size, crc = [], 0, 0
    for chunk in chunks:
        size += len(chunk)
        crc = zlib.crc32(chunk, crc)
        parts.append(compressor.compress(chunk))
    parts.append(compressor.flush())
    return b"".join(parts), size, crc


def lying_zip(members: list[Member]) -> bytes:
    body, directory = bytearray(), bytearray()
    for member in members:
        data, size, crc = _deflate(member.chunks)
        declared = size if member.declared_size is None else member.declared_size
        name = member.name.encode()
        fields = (8, _DOS_TIME, _DOS_DATE, crc, len(data), declared, len(name))
        offset = len(body)
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, *fields, 0)
        body += name + data
        directory += struct.pack(
            "<IHHH" "HHHIIIHH" "HHHII", 0x02014B50, 20, 20, 0, *fields, 0, 0, 0, 0, 0,
            offset,
        )  # fmt: skip
        directory += name
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members),
        len(directory), len(body), 0,
    )  # fmt: skip
    return bytes(body + directory + end)
