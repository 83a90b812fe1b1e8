"""The PDF of an edition is served by a view that checks publication: uploaded
files are never served directly (production nginx answers 404 on /media/)."""

import pytest
from django.core.files.base import ContentFile

from newsletter.services.mail import issue_mail_render

from .factories import issue_with_editions

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def with_pdf(issue, language="fr"):
    edition = issue.editions.get(language=language)
    edition.pdf.save("issue.pdf", ContentFile(PDF))
    return edition


def test_the_pdf_of_a_published_issue_is_served_by_its_view(client, media):
    edition = with_pdf(issue_with_editions(number=44))

    archive = client.get("/fr/newsletter/").content.decode()
    page = client.get("/fr/newsletter/44/").content.decode()
    response = client.get(edition.pdf_url)

    assert edition.pdf_url == "/fr/newsletter/44/fr.pdf"
    assert 'href="/fr/newsletter/44/fr.pdf"' in archive
    assert 'href="/fr/newsletter/44/fr.pdf"' in page
    assert "/media/" not in archive + page
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert "sandbox" in response["Content-Security-Policy"]


def test_the_pdf_of_an_unpublished_issue_or_a_missing_one_is_not_found(client, media):
    hidden = with_pdf(issue_with_editions(number=45, is_published=False))
    issue_with_editions(number=46)

    assert client.get(hidden.pdf_url).status_code == 404
    assert client.get("/fr/newsletter/46/fr.pdf").status_code == 404
    assert client.get("/fr/newsletter/44/xx.pdf").status_code == 404


def test_the_mail_links_to_the_pdf_view(media, settings):
    settings.SITE_URL = "https://concertation.example.org"
    issue = issue_with_editions(number=47)
    edition = with_pdf(issue, "en")

    mail = issue_mail_render(
        issue=issue, edition=edition, language="en", unsubscribe="https://x/u/"
    )

    assert "https://concertation.example.org/en/newsletter/47/en.pdf" in mail.html
    assert "/media/" not in mail.html + mail.text
