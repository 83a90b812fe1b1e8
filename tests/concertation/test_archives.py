"""Zip bombs are measured by what they really unpack to, as a stream within a
byte budget, never by the sizes their headers declare."""

import io
import zipfile

import pytest

from kernel.archives import ArchiveDamaged, ArchiveTooLarge, archive_check
from tests.lying_zips import MIB, Member, lying_zip, zeros


def check(content: bytes, **limits):
    limits = {"max_unpacked": 20 * MIB, "max_members": 10, **limits}
    return archive_check(io.BytesIO(content), **limits)


def test_an_honest_archive_within_the_budget_passes_and_is_rewound():
    content = lying_zip([Member("a.xml", zeros(3)), Member("b.xml", [b"<b/>"])])
    file = io.BytesIO(content)

    members = archive_check(file, max_unpacked=4 * MIB, max_members=10)

    assert [(m.filename, m.file_size) for m in members] == [
        ("a.xml", 3 * MIB),
        ("b.xml", 4),
    ]
    assert file.tell() == 0


def test_headers_that_declare_a_kilobyte_for_50_mb_are_refused_by_the_budget():
    content = lying_zip([Member("sheet.xml", zeros(50), declared_size=1000)])
    assert zipfile.ZipFile(io.BytesIO(content)).infolist()[0].file_size == 1000

    with pytest.raises(ArchiveTooLarge):
        check(content)


def test_the_budget_counts_every_member_together():
    content = lying_zip([Member(f"part{n}.xml", zeros(6)) for n in range(4)])

    with pytest.raises(ArchiveTooLarge):
        check(content)
    assert check(content, max_unpacked=24 * MIB)


def test_a_part_packed_tighter_than_the_ratio_is_refused_from_its_real_size():
    content = lying_zip([Member("sheet.xml", zeros(5), declared_size=10)])

    with pytest.raises(ArchiveTooLarge):
        check(content, max_ratio=100)


def test_a_header_that_understates_a_part_a_little_is_damaged():
    content = lying_zip([Member("a.xml", [b"x" * 5000], declared_size=4000)])

    with pytest.raises(ArchiveDamaged):
        check(content)


def test_a_header_that_overstates_a_part_is_damaged():
    content = lying_zip([Member("a.xml", [b"x" * 5000], declared_size=6000)])

    with pytest.raises(ArchiveDamaged):
        check(content)


def test_too_many_members_are_refused_before_any_is_read():
    content = lying_zip([Member(f"{n}.xml", [b""]) for n in range(11)])

    with pytest.raises(ArchiveTooLarge):
        check(content)


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_methods_office_documents_do_not_use_are_refused(method):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", method) as archive:
        archive.writestr("a.xml", "<a/>")

    with pytest.raises(ArchiveDamaged):
        check(output.getvalue())


@pytest.mark.parametrize("content", [b"PK\x03\x04" + bytes(200), b"not a zip"])
def test_what_is_not_a_zip_is_damaged(content):
    with pytest.raises(ArchiveDamaged):
        check(content)
