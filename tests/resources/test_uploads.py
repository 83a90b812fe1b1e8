"""Uploads are judged by their content: only real PDF, DOCX, XLSX and ODT
documents of 20 MB at most are kept, under a name the portal makes."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from resources.forms import ResourceProposalForm
from resources.models import Resource
from resources.validators import _MESSAGES, MAX_UPLOAD_BYTES, detect_format
from tests.factories import UserFactory

from . import documents
from .conftest import stored_files

pytestmark = pytest.mark.django_db

PROPOSE_URL = "/en/resources/propose/"
PROPOSAL = {
    "title": "Guide de gestion des mutuelles de santé",
    "type": "guide",
    "language": "fr",
    "year": "2004",
}


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


def propose(client, name: str, content: bytes, **fields):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(PROPOSE_URL, {**PROPOSAL, **fields, "file": upload})


def form_errors(response) -> list[str]:
    return response.context["form"].errors.get("file", [])


REFUSALS = [
    pytest.param(
        "report.pdf", documents.WINDOWS_EXECUTABLE, "is a program, not a document",
        id="windows-executable-renamed-pdf",
    ),
    pytest.param(
        "report.pdf", documents.LINUX_EXECUTABLE, "is a program, not a document",
        id="linux-executable-renamed-pdf",
    ),
    pytest.param(
        "notes.docx", b"Minutes of the steering committee\n" * 20,
        "is not a PDF, Word (.docx), Excel (.xlsx) or OpenDocument",
        id="text-renamed-docx",
    ),
    pytest.param(
        "study.docx", documents.zip_without_document(),
        "is a ZIP archive, not a Word (.docx)",
        id="zip-without-word-document-renamed-docx",
    ),
    pytest.param(
        "study.docx", documents.docx_bomb(), "would unpack to far more",
        id="docx-with-a-part-compressed-beyond-100-to-1",
    ),
    pytest.param(
        "study.docx", documents.docx_whose_headers_hide_its_size(),
        "would unpack to far more",
        id="docx-whose-headers-declare-1-kb-for-30-mb",
    ),
    pytest.param(
        "study.docx", documents.docx_understating_a_part(),
        "is damaged or incomplete",
        id="docx-whose-header-understates-a-part",
    ),
    pytest.param(
        "study.docx", documents.docm_as_docx(), "contains macros",
        id="macro-document-renamed-docx",
    ),
    pytest.param(
        "study.odt", documents.minimal_odt(mimetype_first=False),
        "is a ZIP archive, not a Word (.docx)",
        id="odt-without-mimetype-first",
    ),
    pytest.param(
        "report.docx", documents.MINIMAL_PDF,
        "ends in “.docx” but it is a PDF document: rename it to end in “.pdf”",
        id="pdf-named-docx",
    ),
    pytest.param(
        "report", documents.MINIMAL_PDF, "has no extension", id="pdf-without-extension"
    ),
    pytest.param(
        "broken.xlsx", b"PK\x03\x04" + b"\x00" * 200, "is damaged or incomplete",
        id="truncated-zip",
    ),
    pytest.param("empty.pdf", b"", "file is empty", id="empty-file"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "message"), REFUSALS)
def test_proposal_with_a_file_that_is_not_an_accepted_document_is_refused(
    client, member, media_root, name, content, message
):
    response = propose(client, name, content)

    assert response.status_code == 400
    assert any(message in error for error in form_errors(response))
    assert Resource.objects.count() == 0
    assert stored_files(media_root) == []


def test_refusal_message_follows_the_page_language(client, member):
    upload = SimpleUploadedFile("rapport.pdf", documents.WINDOWS_EXECUTABLE)

    response = client.post(
        PROPOSE_URL.replace("/en/", "/fr/"), {**PROPOSAL, "file": upload}
    )

    assert response.status_code == 400
    with translation.override("fr"):
        expected = str(_MESSAGES["executable"])
    assert form_errors(response) == [expected]


@pytest.fixture
def oversized_pdf(tmp_path):
    """A file one byte over the limit, written to disk (sparse), never in memory."""
    path = tmp_path / "oversized.pdf"
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.truncate(MAX_UPLOAD_BYTES + 1)
    return path


def test_file_over_20_mb_is_refused_by_the_form_with_its_size(
    member, media_root, oversized_pdf
):
    with oversized_pdf.open("rb") as handle, translation.override("en"):
        upload = UploadedFile(
            handle, name="oversized.pdf", size=oversized_pdf.stat().st_size
        )
        form = ResourceProposalForm(data=PROPOSAL, files={"file": upload})

        assert not form.is_valid()
        (error,) = form.errors["file"]

    assert error == (
        "The file is too large (20.0\xa0MB; the limit is 20 MB): it is refused. "
        "Send a lighter version or give a link to the document instead."
    )
    assert Resource.objects.count() == 0
    assert stored_files(media_root) == []


def test_body_declared_over_20_mb_is_refused_before_it_is_read(
    client, member, media_root
):
    upload = SimpleUploadedFile("report.pdf", documents.MINIMAL_PDF)

    response = client.post(
        PROPOSE_URL,
        {**PROPOSAL, "file": upload},
        CONTENT_LENGTH=str(MAX_UPLOAD_BYTES + 2**20),
    )

    assert response.status_code == 413
    assert "larger than 20 MB: it is refused" in response.content.decode()
    assert Resource.objects.count() == 0
    assert stored_files(media_root) == []


def test_file_of_exactly_20_mb_is_within_the_limit(tmp_path):
    path = tmp_path / "limit.pdf"
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(MAX_UPLOAD_BYTES)

    with path.open("rb") as handle:
        upload = UploadedFile(handle, name="limit.pdf", size=MAX_UPLOAD_BYTES)
        assert detect_format(upload) == "pdf"


ACCEPTED = [
    pytest.param("Rapport final.PDF", documents.MINIMAL_PDF, "pdf", id="pdf"),
    pytest.param("étude.docx", documents.minimal_docx(), "docx", id="docx"),
    pytest.param("tableaux.xlsx", documents.minimal_xlsx(), "xlsx", id="xlsx"),
    pytest.param("guide.odt", documents.minimal_odt(), "odt", id="odt"),
]


@pytest.mark.parametrize(("name", "content", "found"), ACCEPTED)
def test_real_documents_are_accepted_and_stored_under_a_generated_name(
    client, member, media_root, name, content, found
):
    response = propose(client, name, content)

    assert response.status_code == 302
    resource = Resource.objects.get()
    year = timezone.now().year
    slug = "guide-de-gestion-des-mutuelles-de-sante"
    assert resource.slug == slug
    assert resource.file.name == f"resources/{year}/{slug}.{found}"
    assert stored_files(media_root) == [f"resources/{year}/{slug}.{found}"]
    assert (media_root / resource.file.name).read_bytes() == content


def test_uploaded_name_is_never_used_as_a_path(client, member, media_root):
    response = propose(client, "../../../etc/evil.pdf", documents.MINIMAL_PDF)

    assert response.status_code == 302
    year = timezone.now().year
    assert stored_files(media_root) == [
        f"resources/{year}/guide-de-gestion-des-mutuelles-de-sante.pdf"
    ]


def test_xlsx_and_odt_builders_make_the_archives_the_rules_expect():
    with zipfile.ZipFile(io.BytesIO(documents.minimal_odt())) as odt:
        first = odt.infolist()[0]
    assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
    with zipfile.ZipFile(io.BytesIO(documents.minimal_xlsx())) as xlsx:
        assert {"[Content_Types].xml", "xl/workbook.xml"} <= set(xlsx.namelist())


def test_admin_upload_goes_through_the_same_checks(admin_client, media_root):
    upload = SimpleUploadedFile("report.pdf", documents.WINDOWS_EXECUTABLE)

    with translation.override("en"):
        url = reverse("admin:resources_resource_add")
    response = admin_client.post(
        url,
        {
            "title": "Programme",
            "slug": "programme",
            "type": "report",
            "language": "en",
            "file": upload,
            "countries": [],
            "themes": [],
        },
    )

    assert response.status_code == 200
    assert "is a program, not a document" in response.content.decode()
    assert Resource.objects.count() == 0
    assert stored_files(media_root) == []


def test_theme_fixture_loads_twice_without_duplicates():
    from resources.models import Theme

    call_command("loaddata", "resource_themes", verbosity=0)
    first = Theme.objects.count()
    call_command("loaddata", "resource_themes", verbosity=0)

    assert first >= 5
    assert Theme.objects.count() == first


def test_admin_upload_of_a_real_document_is_stored_under_the_slug(
    admin_client, media_root
):
    upload = SimpleUploadedFile("Programme (final).pdf", documents.MINIMAL_PDF)

    response = admin_client.post(
        reverse("admin:resources_resource_add"),
        {
            "title": "Programme du forum",
            "slug": "forum-programme",
            "type": "report",
            "language": "fr",
            "file": upload,
        },
    )

    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.status == "proposed"
    assert stored_files(media_root) == [
        f"resources/{timezone.now().year}/forum-programme.pdf"
    ]


def csrf_client(user) -> Client:
    """A client that must send the CSRF token, as a browser does."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get(PROPOSE_URL)
    return client


def test_upload_growing_past_the_limit_is_dropped_while_it_streams_in(
    db, media_root, monkeypatch
):
    # A small limit stands for 20 MB so that the body stays small in memory.
    monkeypatch.setattr("resources.validators.MAX_UPLOAD_BYTES", 4096)
    client = csrf_client(UserFactory())
    upload = SimpleUploadedFile("big.pdf", documents.MINIMAL_PDF + b"\0" * 8192)

    response = client.post(
        PROPOSE_URL,
        {
            **PROPOSAL,
            "file": upload,
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
    )

    assert response.status_code == 413
    assert "it is refused" in response.content.decode()
    assert Resource.objects.count() == 0
    assert stored_files(media_root) == []


def test_upload_under_the_limit_passes_the_csrf_check_and_is_kept(db, media_root):
    client = csrf_client(UserFactory())
    upload = SimpleUploadedFile("report.pdf", documents.MINIMAL_PDF)

    response = client.post(
        PROPOSE_URL,
        {
            **PROPOSAL,
            "file": upload,
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
    )

    assert response.status_code == 302
    assert Resource.objects.get().file.name.endswith(".pdf")
