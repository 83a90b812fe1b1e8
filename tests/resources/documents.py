"""Small real documents, and the files that pretend to be documents, built in
memory for the upload tests."""

import io
import zipfile

import openpyxl

MINIMAL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n"
    b"3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 200 200]>> endobj\n"
    b"trailer <</Root 1 0 R>>\n%%EOF\n"
)
# The start of a Windows program: "MZ", then the DOS stub's message.
WINDOWS_EXECUTABLE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"This program cannot be run in DOS mode.\r\r\n$"
    + b"\x00" * 64
)
LINUX_EXECUTABLE = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
    '.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
_DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
    '2006/main"><w:body><w:p><w:r><w:t>Mutuelles de santé</w:t></w:r></w:p>'
    "</w:body></w:document>"
)
_ODT_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:'
    'xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    ' office:version="1.2"><office:body><office:text><text:p>Mutuelles de santé'
    "</text:p></office:text></office:body></office:document-content>"
)
_ODT_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
    'manifest:1.0" manifest:version="1.2"><manifest:file-entry '
    'manifest:full-path="/" manifest:media-type="application/vnd.oasis.'
    'opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" '
    'manifest:media-type="text/xml"/></manifest:manifest>'
)


def _zip(members: list[tuple[str, bytes | str]], stored: tuple = ()) -> bytes:
    """The same bytes at every call: members dated once and for all, not now
    (two calls a second apart would differ in their headers)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            member = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            member.compress_type = (
                zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            )
            archive.writestr(member, data)
    return buffer.getvalue()


def minimal_docx() -> bytes:
    return _zip(
        [
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _RELS),
            ("word/document.xml", _DOCUMENT),
        ]
    )


def minimal_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["country", "mutuals"])
    sheet.append(["SN", 142])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def minimal_odt(*, mimetype_first: bool = True) -> bytes:
    members = [
        ("content.xml", _ODT_CONTENT),
        ("META-INF/manifest.xml", _ODT_MANIFEST),
    ]
    mimetype = ("mimetype", "application/vnd.oasis.opendocument.text")
    members = [mimetype, *members] if mimetype_first else [*members, mimetype]
    return _zip(members, stored=("mimetype",))


def zip_without_document() -> bytes:
    """A ZIP that has an OOXML content-types part but no word/document.xml."""
    return _zip([("[Content_Types].xml", _CONTENT_TYPES), ("notes.txt", "hello")])


def docx_bomb() -> bytes:
    """A valid-looking DOCX with a part that inflates more than 1000 to 1."""
    return _zip(
        [
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _RELS),
            ("word/document.xml", _DOCUMENT),
            ("word/media/padding.bin", b"\0" * (4 * 1024 * 1024)),
        ]
    )


def docm_as_docx() -> bytes:
    """A Word document with macros saved under a .docx name."""
    return _zip(
        [
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("word/document.xml", _DOCUMENT),
            ("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"macro" * 200),
        ]
    )


def docx_whose_headers_hide_its_size(mebibytes: int = 30) -> bytes:
    """A DOCX whose document part declares 1,000 bytes and inflates to
    ``mebibytes`` MB: its headers lie, its CRC is the real data's."""
    from tests.lying_zips import Member, lying_zip, zeros

    return lying_zip(
        [
            Member("[Content_Types].xml", [_CONTENT_TYPES.encode()]),
            Member("_rels/.rels", [_RELS.encode()]),
            Member("word/document.xml", zeros(mebibytes), declared_size=1000),
        ]
    )


def docx_understating_a_part() -> bytes:
    """A DOCX whose document part inflates to a little more than it declares."""
    from tests.lying_zips import Member, lying_zip

    return lying_zip(
        [
            Member("[Content_Types].xml", [_CONTENT_TYPES.encode()]),
            Member("_rels/.rels", [_RELS.encode()]),
            Member("word/document.xml", [_DOCUMENT.encode()], declared_size=40),
        ]
    )
