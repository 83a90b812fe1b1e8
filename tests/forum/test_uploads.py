import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from django.utils import translation

from forum.forms import https_formfield
from forum.models import Event, ProceedingsDocument
from forum.validators import MAX_PDF_BYTES
from tests.factories import UserFactory
from tests.forum.factories import ForumEditionFactory, ProceedingsDocumentFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/en/admin/forum/proceedingsdocument/add/"
SMALL_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
LINUX_ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def secretariat(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def stored_files(root):
    return [path for path in root.rglob("*") if path.is_file()]


def admin_form(edition, upload, **changes):
    data = {
        "edition": edition.pk,
        "slug": "actes",
        "title_fr": "Actes du forum",
        "title_en": "Forum Actions",
        "language": "fr",
        "position": 0,
        "url": "",
        "file": upload,
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("actes.pdf", WINDOWS_EXE, "This file is not a PDF document"),
        ("actes.pdf", LINUX_ELF, "This file is not a PDF document"),
        ("actes.exe", SMALL_PDF, "Only PDF documents are accepted"),
        (
            "actes.pdf",
            SMALL_PDF + b"\x00" * (MAX_PDF_BYTES + 1 - len(SMALL_PDF)),
            "the limit is 20 MB",
        ),
    ],
    ids=["exe-renamed-pdf", "elf-renamed-pdf", "wrong-extension", "over-20-mb"],
)
def test_admin_refuses_an_upload_that_is_not_a_small_pdf(
    client, secretariat, media_root, name, content, message
):
    edition = ForumEditionFactory()

    response = client.post(
        ADD_URL, admin_form(edition, SimpleUploadedFile(name, content))
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ProceedingsDocument.objects.exists()
    assert stored_files(media_root) == []


def test_model_form_refuses_an_executable_renamed_pdf(media_root):
    edition = ForumEditionFactory()
    Form = modelform_factory(
        ProceedingsDocument,
        fields=["edition", "slug", "title_fr", "language", "file", "url"],
        formfield_callback=https_formfield,
    )
    form = Form(
        data={"edition": edition.pk, "slug": "a", "title_fr": "A", "language": "fr"},
        files={"file": SimpleUploadedFile("report.pdf", WINDOWS_EXE)},
    )

    with translation.override("en"):
        assert not form.is_valid()
        assert "not a PDF document" in form.errors["file"][0]
    assert not ProceedingsDocument.objects.exists()
    assert stored_files(media_root) == []


def test_a_document_needs_a_file_or_an_address_but_not_both(client, secretariat):
    edition = ForumEditionFactory()

    neither = client.post(ADD_URL, admin_form(edition, ""))
    both = client.post(
        ADD_URL,
        admin_form(
            edition,
            SimpleUploadedFile("actes.pdf", SMALL_PDF),
            url="https://example.org/actes.pdf",
        ),
    )

    message = "Give either a PDF file or a web address: one of the two, not both."
    assert message in neither.content.decode()
    assert message in both.content.decode()
    assert not ProceedingsDocument.objects.exists()


def test_a_real_pdf_is_saved_and_downloaded_as_an_attachment(
    client, secretariat, media_root
):
    edition = ForumEditionFactory()

    response = client.post(
        ADD_URL, admin_form(edition, SimpleUploadedFile("actes.pdf", SMALL_PDF))
    )
    client.logout()

    assert response.status_code == 302
    document = ProceedingsDocument.objects.get()
    download = client.get(f"/fr/forums/documents/{document.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert (
        download["Content-Disposition"] == 'attachment; filename="actes-du-forum.pdf"'
    )
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == SMALL_PDF


def test_a_document_elsewhere_is_reached_by_redirect(client):
    document = ProceedingsDocumentFactory(url="https://example.org/forum-actions.pdf")

    response = client.get(f"/en/forums/documents/{document.pk}/download/")

    assert response.status_code == 302
    assert response["Location"] == "https://example.org/forum-actions.pdf"


def test_documents_of_an_unpublished_forum_are_not_served(client):
    document = ProceedingsDocumentFactory(edition__event__status=Event.Status.PROPOSED)

    response = client.get(f"/en/forums/documents/{document.pk}/download/")

    assert response.status_code == 404


def test_a_document_address_must_be_a_web_address(client, secretariat):
    edition = ForumEditionFactory()

    response = client.post(ADD_URL, admin_form(edition, "", url="javascript:alert(1)"))

    assert response.status_code == 200
    assert not ProceedingsDocument.objects.exists()
