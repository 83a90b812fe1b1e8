"""Acceptance point 1: hostile text in every free-text field of a resource never
becomes a script, an event handler or a javascript: URL on the library pages."""

import pytest

from tests.xss import assert_no_active_content, load_payloads

from .factories import ResourceFactory

pytestmark = pytest.mark.django_db

PAYLOADS = load_payloads()


def test_corpus_is_large_enough():
    assert len(PAYLOADS) >= 100


@pytest.mark.parametrize("language", ["fr", "en"])
def test_payloads_in_every_text_field_render_inert_in_list_and_detail(client, language):
    resources = [
        ResourceFactory(
            slug=f"hostile-{index}",
            title=payload[:300],
            title_other=payload[:300],
            authors=payload[:500],
            publisher=payload[:300],
            description_fr=payload,
            description_en=payload,
        )
        for index, payload in enumerate(PAYLOADS)
    ]

    for page in range(1, len(resources) // 20 + 2):
        response = client.get(f"/{language}/resources/", {"page": page})
        assert response.status_code == 200
        assert_no_active_content(response.content.decode())
    for resource in resources:
        response = client.get(f"/{language}/resources/{resource.slug}/")
        assert response.status_code == 200
        assert_no_active_content(response.content.decode())


def test_payloads_in_search_terms_render_inert(client):
    ResourceFactory()

    for payload in PAYLOADS:
        response = client.get("/en/resources/", {"q": payload})
        # Payloads past the search's 100 characters are refused, shown inert.
        assert response.status_code == (200 if len(payload) <= 100 else 400)
        assert_no_active_content(response.content.decode())
