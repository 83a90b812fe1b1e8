"""The public library: list with filters, detail, downloads; only what the
secretariat published is visible."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CountryFactory, UserFactory, secretariat_member

from . import documents
from .factories import ResourceFactory, ThemeFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/en/resources/"


def listed(client, **params) -> list[str]:
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    return [resource.slug for resource in response.context["page"]]


def with_file(content: bytes, extension: str, **fields):
    resource = ResourceFactory.build(link="", **fields)
    resource.file = ContentFile(content, name=f"upload.{extension}")
    resource.save()
    return resource


@pytest.fixture
def library(db):
    senegal = CountryFactory(iso2="SN", name_fr="Sénégal", name_en="Senegal")
    mali = CountryFactory(iso2="ML", name_fr="Mali", name_en="Mali")
    governance = ThemeFactory(slug="governance", name_en="Governance")
    law = ThemeFactory(slug="legal-framework", name_en="Legal framework")
    ResourceFactory(
        slug="abidjan-platform",
        type="monograph",
        title="Plate-forme d'Abidjan",
        title_other="The Abidjan Platform",
        year=1998,
        authors="Concertation promoters",
        themes=[governance],
    )
    ResourceFactory(
        slug="uemoa-regulation",
        type="legal-text",
        title="Règlement de la mutualité sociale de l'UEMOA",
        description_en="The regional **regulation** of social mutuals.",
        year=2009,
        countries=[senegal, mali],
        themes=[law],
    )
    ResourceFactory(
        slug="ghana-case-study",
        type="case-study",
        title="Mutual health organisations in Ghana",
        language="en",
        year=2007,
        authors="K. Mensah",
    )
    ResourceFactory(
        slug="undated-guide", type="guide", title="Guide du gérant", year=None
    )
    ResourceFactory(
        slug="proposed-study",
        title="Not yet reviewed",
        status="proposed",
        published_at=None,
        countries=[senegal],
    )
    ResourceFactory(
        slug="rejected-study",
        title="Turned down",
        status="rejected",
        published_at=None,
    )


def test_list_shows_published_resources_newest_year_first(client, library):
    assert listed(client) == [
        "uemoa-regulation",
        "ghana-case-study",
        "abidjan-platform",
        "undated-guide",
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "legal-text"}, ["uemoa-regulation"]),
        ({"country": "SN"}, ["uemoa-regulation"]),
        ({"language": "en"}, ["ghana-case-study"]),
        ({"year": "1998"}, ["abidjan-platform"]),
        ({"theme": "governance"}, ["abidjan-platform"]),
        ({"q": "abidjan platform"}, ["abidjan-platform"]),  # translated title
        ({"q": "SOCIAL MUTUALS"}, ["uemoa-regulation"]),  # description
        ({"q": "Mensah"}, ["ghana-case-study"]),  # authors
        ({"q": "Not yet reviewed"}, []),  # proposals are never found
        ({"country": "ML", "theme": "legal-framework"}, ["uemoa-regulation"]),
    ],
)
def test_list_filters_and_search(client, library, params, expected):
    assert listed(client, **params) == expected


def test_list_offers_only_countries_and_years_of_published_resources(client, library):
    form = client.get(LIST_URL).context["filter"].form

    assert [code for code, _ in form.fields["country"].choices][1:] == ["ML", "SN"]
    assert [year for year, _ in form.fields["year"].choices][1:] == [2009, 2007, 1998]


def test_list_reports_an_unknown_filter_value_and_shows_all(client, library):
    response = client.get(LIST_URL, {"country": "XX"})

    assert "Select a valid choice" in response.content.decode()
    assert response.context["page"].paginator.count == 4


def test_list_paginates_and_keeps_the_filters(client, db):
    ResourceFactory.create_batch(25, type="guide")

    first = client.get(LIST_URL, {"type": "guide"})
    second = client.get(LIST_URL, {"type": "guide", "page": 2})

    assert len(first.context["page"]) == 20
    assert 'href="?type=guide&amp;page=2"' in first.content.decode()
    assert len(second.context["page"]) == 5


def test_detail_shows_the_resource_with_its_rendered_description(client, library):
    response = client.get("/en/resources/uemoa-regulation/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>regulation</strong>" in html
    assert "Mali, Senegal" in html
    assert 'href="https://example.org/documents/' in html
    assert 'lang="fr"' in html


@pytest.mark.parametrize("slug", ["proposed-study", "rejected-study"])
def test_unpublished_resource_pages_are_not_found_for_visitors_and_members(
    client, library, slug
):
    assert client.get(f"/en/resources/{slug}/").status_code == 404
    client.force_login(UserFactory())
    assert client.get(f"/en/resources/{slug}/").status_code == 404


def test_secretariat_previews_an_unpublished_resource(client, library):
    client.force_login(secretariat_member())

    response = client.get("/en/resources/proposed-study/")

    assert response.status_code == 200
    assert "Not public" in response.content.decode()


def test_download_sends_the_file_as_an_attachment_with_safe_headers(client, db):
    resource = with_file(documents.minimal_docx(), "docx", slug="thies-statutes")

    response = client.get("/en/resources/thies-statutes/download/")

    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == 'attachment; filename="thies-statutes.docx"'
    )
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.streaming
    assert b"".join(response.streaming_content) == documents.minimal_docx()
    detail = client.get(resource.get_absolute_url()).content.decode()
    assert 'href="/en/resources/thies-statutes/download/"' in detail


@pytest.mark.parametrize(
    ("content", "extension", "content_type"),
    [
        (documents.MINIMAL_PDF, "pdf", "application/pdf"),
        (
            documents.minimal_xlsx(),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (documents.minimal_odt(), "odt", "application/vnd.oasis.opendocument.text"),
    ],
)
def test_download_content_type_follows_the_detected_type(
    client, db, content, extension, content_type
):
    with_file(content, extension, slug="document")

    response = client.get("/fr/resources/document/download/")

    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="document.{extension}"'
    )


def test_download_of_an_unpublished_resource_is_refused_to_visitors(client, db):
    with_file(documents.MINIMAL_PDF, "pdf", slug="draft", status="proposed",
              published_at=None)  # fmt: skip

    assert client.get("/en/resources/draft/download/").status_code == 404
    client.force_login(UserFactory())
    assert client.get("/en/resources/draft/download/").status_code == 404
    client.force_login(UserFactory(is_staff=True))  # staff, no permission
    assert client.get("/en/resources/draft/download/").status_code == 404
    client.force_login(secretariat_member())
    assert client.get("/en/resources/draft/download/").status_code == 200


def test_download_of_a_linked_resource_is_not_found(client, library):
    assert client.get("/en/resources/abidjan-platform/download/").status_code == 404


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def grow(n: int, theme=None):
    theme = theme or ThemeFactory()
    for index in range(n):
        country = CountryFactory()
        ResourceFactory(year=1990 + index, countries=[country], themes=[theme])
        ResourceFactory(status="proposed", published_at=None, countries=[country])
    return theme


@pytest.mark.parametrize(
    "url",
    [
        LIST_URL,
        f"{LIST_URL}?q=document&type=article&language=fr",
        f"{LIST_URL}?theme=theme-0&page=2",
    ],
)
def test_list_runs_a_fixed_number_of_queries(client, db, url):
    theme = grow(3)
    url = url.replace("theme-0", theme.slug)
    few = count_queries(client, url.replace("page=2", "page=1"))
    grow(30, theme)
    many = count_queries(client, url)

    assert few == many
    assert many <= 7


def test_detail_runs_a_fixed_number_of_queries(client, db):
    countries = [CountryFactory() for _ in range(2)]
    few = ResourceFactory(countries=countries, themes=[ThemeFactory()])
    many_countries = [CountryFactory() for _ in range(15)]
    many_themes = [ThemeFactory() for _ in range(10)]
    many = ResourceFactory(countries=many_countries, themes=many_themes)

    assert count_queries(client, few.get_absolute_url()) == count_queries(
        client, many.get_absolute_url()
    )
    assert count_queries(client, many.get_absolute_url()) <= 3


def test_a_link_that_is_not_a_web_address_is_never_rendered(client, db):
    ResourceFactory(slug="odd-link", link="javascript:alert(1)")

    html = client.get("/en/resources/odd-link/").content.decode()

    assert "javascript:" not in html
