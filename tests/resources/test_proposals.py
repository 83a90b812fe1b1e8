"""Registered users propose resources; the secretariat publishes them."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kernel.moderation import item_decline, item_publish
from resources.models import Resource
from tests.factories import CountryFactory, UserFactory, secretariat_member

from . import documents
from .conftest import stored_files
from .factories import ResourceFactory, ThemeFactory

pytestmark = pytest.mark.django_db

PROPOSE_URL = "/en/resources/propose/"
PROPOSAL = {
    "title": "Étude de cas : la mutuelle de Thiès",
    "title_other": "Case study: the Thiès mutual",
    "type": "case-study",
    "language": "fr",
    "year": "2006",
    "authors": "A. Diop, M. Ndiaye",
    "link": "https://example.org/thies.pdf",
}
BOTH_OR_NEITHER = "Upload the document as a file or give a link to it"


def test_anonymous_visitor_is_sent_to_log_in_and_nothing_is_recorded(client, db):
    response = client.post(PROPOSE_URL, PROPOSAL)

    assert response.status_code == 302
    assert response["Location"].startswith("/en/account/login/")
    assert Resource.objects.count() == 0


def test_registered_user_sees_the_proposal_form(client, db):
    client.force_login(UserFactory())

    response = client.get(PROPOSE_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in html
    assert "csrfmiddlewaretoken" in html
    assert '<label for="id_file">' in html and '<label for="id_link">' in html


def test_proposal_is_recorded_for_review_and_stays_off_the_public_site(client, db):
    user = UserFactory()
    senegal = CountryFactory(iso2="SN", name_fr="Sénégal", name_en="Senegal")
    theme = ThemeFactory(slug="governance")
    client.force_login(user)

    response = client.post(
        PROPOSE_URL, {**PROPOSAL, "countries": [senegal.pk], "themes": [theme.pk]}
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/resources/"
    resource = Resource.objects.get()
    assert resource.status == Resource.Status.PROPOSED
    assert resource.proposed_by == user
    assert resource.published_at is None
    assert resource.slug == "etude-de-cas-la-mutuelle-de-thies"
    assert list(resource.countries.all()) == [senegal]
    assert list(resource.themes.all()) == [theme]
    listing = client.get(response["Location"])
    assert "your proposal is recorded" in listing.content.decode()
    assert "Étude de cas" not in listing.content.decode()
    assert client.get(resource.get_absolute_url()).status_code == 404


def test_two_proposals_with_the_same_title_get_distinct_addresses(client, db):
    client.force_login(UserFactory())

    client.post(PROPOSE_URL, PROPOSAL)
    client.post(PROPOSE_URL, PROPOSAL)

    assert sorted(Resource.objects.values_list("slug", flat=True)) == [
        "etude-de-cas-la-mutuelle-de-thies",
        "etude-de-cas-la-mutuelle-de-thies-2",
    ]


def test_proposal_titled_like_a_page_of_the_library_gets_another_address(client, db):
    client.force_login(UserFactory())

    client.post(PROPOSE_URL, {**PROPOSAL, "title": "Propose"})

    assert Resource.objects.get().slug == "propose-2"


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"link": ""}, id="neither-file-nor-link"),
        pytest.param(
            {"file": SimpleUploadedFile("thies.pdf", documents.MINIMAL_PDF)},
            id="both-file-and-link",
        ),
    ],
)
def test_proposal_needs_exactly_one_of_file_and_link(client, db, media_root, change):
    client.force_login(UserFactory())

    response = client.post(PROPOSE_URL, {**PROPOSAL, **change})

    assert response.status_code == 400
    assert BOTH_OR_NEITHER in response.content.decode()
    assert Resource.objects.count() == 0
    assert stored_files(media_root) == []


def test_proposal_with_an_implausible_year_or_a_script_link_is_refused(client, db):
    client.force_login(UserFactory())

    response = client.post(
        PROPOSE_URL, {**PROPOSAL, "year": "1066", "link": "javascript:alert(1)"}
    )

    errors = response.context["form"].errors
    assert response.status_code == 400
    assert "year" in errors and "link" in errors
    assert Resource.objects.count() == 0


def test_proposal_without_csrf_token_is_forbidden(db, media_root):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    upload = SimpleUploadedFile("thies.pdf", documents.MINIMAL_PDF)

    response = client.post(PROPOSE_URL, {**PROPOSAL, "link": "", "file": upload})

    assert response.status_code == 403
    assert Resource.objects.count() == 0
    assert stored_files(media_root) == []


def test_database_refuses_a_resource_with_both_file_and_link(db):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Resource.objects.create(
            slug="both",
            type="article",
            title="Both",
            language="fr",
            file="resources/2020/both.pdf",
            link="https://example.org/both.pdf",
        )


def test_publishing_makes_a_proposal_public_with_its_date(client, db):
    staff = secretariat_member()
    resource = ResourceFactory(status="proposed", published_at=None)

    published = item_publish(item=resource, user=staff)

    assert published.status == "published"
    assert published.published_at is not None
    assert client.get(resource.get_absolute_url()).status_code == 200
    first_date = published.published_at
    assert item_publish(item=resource, user=staff).published_at == first_date


@pytest.mark.parametrize(
    "is_staff", [False, True], ids=["registered", "staff without permission"]
)
def test_only_the_secretariat_may_publish_or_reject(db, is_staff):
    resource = ResourceFactory(status="proposed", published_at=None)
    user = UserFactory(is_staff=is_staff)

    with pytest.raises(PermissionDenied):
        item_publish(item=resource, user=user)
    with pytest.raises(PermissionDenied):
        item_decline(item=resource, user=user)

    resource.refresh_from_db()
    assert resource.status == "proposed"


def test_admin_moderation_queue_lists_proposals_and_publishes_selected(db):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(staff)
    waiting = ResourceFactory.create_batch(
        2, status="proposed", published_at=None, title="Awaiting review"
    )
    ResourceFactory(title="Already public")
    changelist = reverse("admin:resources_resource_changelist")

    queue = client.get(changelist, {"status__exact": "proposed"})
    response = client.post(
        changelist,
        {
            "action": "publish_selected",
            "_selected_action": [resource.pk for resource in waiting],
        },
    )

    assert queue.status_code == 200
    assert queue.context["cl"].result_count == 2
    assert response.status_code == 302
    assert Resource.objects.published().count() == 3
    assert all(
        resource.published_at
        for resource in Resource.objects.filter(title="Awaiting review")
    )


def test_admin_rejects_selected_and_they_leave_the_site(client, db):
    staff = UserFactory(is_staff=True, is_superuser=True)
    resource = ResourceFactory()
    admin = Client()
    admin.force_login(staff)

    admin.post(
        reverse("admin:resources_resource_changelist"),
        {"action": "reject_selected", "_selected_action": [resource.pk]},
    )

    resource.refresh_from_db()
    assert resource.status == "rejected"
    assert client.get(resource.get_absolute_url()).status_code == 404
