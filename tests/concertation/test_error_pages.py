"""Error pages in the visitor's language, without a stack trace."""

import pytest
from django.test import Client


@pytest.mark.parametrize(
    ("path", "title"),
    [("/fr/pas-de-page/", "Page introuvable"), ("/en/no-page/", "Page not found")],
)
def test_a_missing_page_answers_in_the_visitors_language(client, db, path, title):
    response = client.get(path)

    assert response.status_code == 404
    assert f"<h1>{title}</h1>" in response.content.decode()


def test_a_server_error_shows_the_portals_page(db, settings):
    settings.ROOT_URLCONF = "tests.concertation.failing_urls"
    response = Client(raise_request_exception=False).get("/boom/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Erreur du serveur" in html and "Server error" in html
    assert "Traceback" not in html
