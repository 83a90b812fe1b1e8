"""The moderation workflow shared by events and resources: who is told by
mail, in which language, and what staff get when they add an item."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from forum.models import Event
from kernel.moderation import item_decline, item_publish, unique_slug
from resources.models import Resource
from tests.factories import CountryFactory, UserFactory, secretariat_member
from tests.forum.factories import EventFactory
from tests.resources.factories import ResourceFactory

pytestmark = pytest.mark.django_db

SITE_URL = "https://concertation.test"
RESOURCE_PROPOSAL = {
    "title": "Guide de gestion des mutuelles",
    "type": "guide",
    "language": "fr",
    "link": "https://example.org/guide.pdf",
}


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE_URL


@pytest.fixture
def secretariat(db):
    return {
        "fr": secretariat_member(email="fatou@secretariat.sn", language="fr"),
        "en": secretariat_member(email="john@secretariat.org", language="en"),
    }


def test_the_secretariat_is_told_in_its_language_when_a_proposal_arrives(
    client, smtp_server, smtp_handler, secretariat, django_capture_on_commit_callbacks
):
    UserFactory(email="clerk@secretariat.sn", is_staff=True)  # not in the group
    proposer = UserFactory(email="awa@example.sn")
    client.force_login(proposer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/fr/resources/propose/", RESOURCE_PROPOSAL)

    assert response.status_code == 302
    resource = Resource.objects.get()
    assert sorted(smtp_handler.count_per_recipient()) == [
        "fatou@secretariat.sn",
        "john@secretariat.org",
    ]
    (french,) = smtp_handler.to("fatou@secretariat.sn")
    (english,) = smtp_handler.to("john@secretariat.org")
    admin_path = f"/admin/resources/resource/{resource.pk}/change/"
    assert french.message["Subject"].strip() == (
        "Concertation : une proposition à examiner (ressource) : "
        "Guide de gestion des mutuelles"
    )
    assert "awa@example.sn" in french.text
    assert f"{SITE_URL}/fr{admin_path}" in french.links()
    assert english.message["Subject"].strip() == (
        "Concertation: a proposal to review (resource): Guide de gestion des mutuelles"
    )
    assert f"{SITE_URL}/en{admin_path}" in english.links()


def test_a_proposed_event_reaches_the_secretariat_too(
    client, smtp_server, smtp_handler, secretariat, django_capture_on_commit_callbacks
):
    CountryFactory(iso2="SN")
    client.force_login(UserFactory(language="en"))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/events/propose/",
            {
                "text_language": "en",
                "title": "Managers' training",
                "kind": "training",
                "starts_on": "2031-03-02",
                "ends_on": "2031-03-04",
            },
        )

    event = Event.objects.get()
    assert event.status == Event.Status.PROPOSED
    (english,) = smtp_handler.to("john@secretariat.org")
    assert "Managers' training" in english.message["Subject"]
    assert f"/en/admin/forum/event/{event.pk}/change/" in english.text


def test_the_proposer_is_told_in_french_when_the_secretariat_publishes(
    smtp_server, smtp_handler, secretariat, django_capture_on_commit_callbacks
):
    proposer = UserFactory(email="awa@example.sn", language="fr")
    event = EventFactory(
        status=Event.Status.PROPOSED,
        proposed_by=proposer,
        title_fr="Journée des mutuelles",
        slug="journee-des-mutuelles-2031",
    )
    admin = Client()
    admin.force_login(secretariat["en"])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            "/en/admin/forum/event/",
            {"action": "publish_selected", "_selected_action": [event.pk]},
            follow=True,
        )

    assert "1 event published." in response.content.decode()
    (mail,) = smtp_handler.to("awa@example.sn")
    assert mail.message["Subject"].strip() == (
        "Concertation : votre proposition est publiée : Journée des mutuelles"
    )
    assert f"{SITE_URL}/fr/events/journee-des-mutuelles-2031/" in mail.links()
    assert len(smtp_handler) == 1  # nobody else is told


def test_the_proposer_is_told_in_english_why_the_proposal_is_declined(
    smtp_server, smtp_handler, secretariat, django_capture_on_commit_callbacks
):
    proposer = UserFactory(email="kofi@example.gh", language="en")
    resource = ResourceFactory(
        status=Resource.Status.PROPOSED, proposed_by=proposer, title="Old brochure"
    )

    with django_capture_on_commit_callbacks(execute=True):
        declined = item_decline(
            item=resource,
            user=secretariat["fr"],
            reason="The document is already in the library.",
        )

    assert declined.status == Resource.Status.REJECTED
    assert declined.moderated_by == secretariat["fr"]
    (mail,) = smtp_handler.to("kofi@example.gh")
    assert mail.message["Subject"].strip() == (
        "Concertation: your proposal was not accepted: Old brochure"
    )
    assert "The document is already in the library." in mail.text


def test_a_decision_that_changes_nothing_mails_nobody(
    smtp_server, smtp_handler, secretariat, django_capture_on_commit_callbacks
):
    proposer = UserFactory(email="awa@example.sn")
    resource = ResourceFactory(status=Resource.Status.PROPOSED, proposed_by=proposer)
    staff = secretariat["fr"]

    with django_capture_on_commit_callbacks(execute=True):
        item_publish(item=resource, user=staff)
        item_publish(item=resource, user=staff)  # published already
        item_decline(item=resource, user=staff)  # withdrawn: not a proposal

    assert smtp_handler.count_per_recipient() == {"awa@example.sn": 1}


def test_a_refused_decision_mails_nobody(
    smtp_server, smtp_handler, secretariat, django_capture_on_commit_callbacks
):
    resource = ResourceFactory(
        status=Resource.Status.PROPOSED, proposed_by=UserFactory()
    )

    clerk = UserFactory(is_staff=True)

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(PermissionDenied),
    ):
        item_publish(item=resource, user=clerk)

    assert len(smtp_handler) == 0
    resource.refresh_from_db()
    assert resource.status == Resource.Status.PROPOSED


@pytest.mark.parametrize(
    ("url", "model"),
    [
        ("/en/admin/forum/event/add/", Event),
        ("/en/admin/resources/resource/add/", Resource),
    ],
)
def test_staff_add_pages_offer_published_first(secretariat, url, model):
    admin = Client()
    admin.force_login(secretariat["fr"])

    form = admin.get(url).context["adminform"].form

    assert form.fields["status"].initial == model.Status.PUBLISHED
    assert form["status"].value() == model.Status.PUBLISHED


def _add_resource(client, **changes):
    return client.post(
        "/en/admin/resources/resource/add/",
        {**RESOURCE_PROPOSAL, "slug": "guide-gestion", **changes},
    )


def test_a_resource_added_by_staff_as_the_form_offers_it_is_public(client, secretariat):
    admin = Client()
    admin.force_login(secretariat["fr"])

    response = _add_resource(admin, status="published")

    assert response.status_code == 302
    resource = Resource.objects.get()
    assert (resource.status, resource.moderated_by) == ("published", secretariat["fr"])
    assert resource.published_at is not None
    assert client.get(resource.get_absolute_url()).status_code == 200


def test_staff_may_choose_to_keep_an_added_item_as_a_proposal(client, secretariat):
    admin = Client()
    admin.force_login(secretariat["fr"])

    _add_resource(admin, status="proposed")

    resource = Resource.objects.get()
    assert resource.status == "proposed" and resource.published_at is None
    assert client.get(resource.get_absolute_url()).status_code == 404


def test_status_is_changed_by_the_actions_only_once_created(secretariat):
    admin = Client()
    admin.force_login(secretariat["fr"])
    resource = ResourceFactory(status=Resource.Status.PROPOSED, slug="kept")

    page = admin.get(f"/en/admin/resources/resource/{resource.pk}/change/")

    assert "status" not in page.context["adminform"].form.fields


def test_proposed_and_visible_to(secretariat):
    waiting = ResourceFactory(status=Resource.Status.PROPOSED)
    public = ResourceFactory()

    assert list(Resource.objects.proposed()) == [waiting]
    assert list(Resource.objects.visible_to(UserFactory())) == [public]
    assert set(Resource.objects.visible_to(secretariat["en"])) == {waiting, public}
    assert list(Resource.objects.visible_to(UserFactory(is_staff=True))) == [public]


def test_unique_slug_skips_taken_and_reserved_identifiers(db):
    EventFactory(slug="calendar-2031")
    ResourceFactory(slug="propose")

    assert unique_slug(Event, title="Calendar", suffix="-2031") == "calendar-2031-2"
    assert unique_slug(Event, title="Calendar") == "calendar-2"
    assert unique_slug(Resource, title="Propose") == "propose-2"
    assert unique_slug(Resource, title="!!!", fallback="resource") == "resource"
    assert len(unique_slug(Resource, title="mutuelle " * 30)) <= 80
