from datetime import timedelta
from urllib.parse import urlsplit

import icalendar
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from forum.models import Event
from kernel.moderation import item_decline, item_publish
from tests.factories import CountryFactory, UserFactory
from tests.forum.factories import EventFactory

pytestmark = pytest.mark.django_db

PROPOSE = "/en/events/propose/"


def calendar_urls(client):
    calendar = icalendar.Calendar.from_ical(
        client.get("/en/events/calendar.ics").content
    )
    return {urlsplit(str(vevent["URL"])).path for vevent in calendar.walk("VEVENT")}


def proposal(**changes):
    starts_on = timezone.localdate() + timedelta(days=20)
    data = {
        "text_language": "fr",
        "title": "Formation des gérants de mutuelles",
        "kind": "training",
        "starts_on": starts_on.isoformat(),
        "ends_on": (starts_on + timedelta(days=2)).isoformat(),
        "country": "SN",
        "city": "Kaolack",
        "organizers_text": "Union des mutuelles de Kaolack",
        "languages": ["fr", "en"],
        "link": "https://example.org/formation",
        "description": "Trois jours sur la **gestion** d'une mutuelle.",
    }
    data.update(changes)
    return data


@pytest.fixture
def senegal(db):
    return CountryFactory(iso2="SN", name_fr="Sénégal", name_en="Senegal")


@pytest.fixture
def member(db):
    return UserFactory(email="awa@example.sn")


@pytest.fixture
def secretariat(db):
    return UserFactory(email="secretariat@example.sn", is_staff=True, is_superuser=True)


def test_anonymous_visitor_is_sent_to_the_login_page(client, senegal):
    shown = client.get(PROPOSE)
    posted = client.post(PROPOSE, proposal())

    assert shown.status_code == 302
    assert shown["Location"].startswith("/en/account/login/?next=")
    assert posted.status_code == 302
    assert not Event.objects.exists()


def test_registered_user_proposes_an_event_that_waits_for_moderation(
    client, senegal, member
):
    client.force_login(member)

    form = client.get(PROPOSE)
    response = client.post(PROPOSE, proposal(), follow=True)

    assert form.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in form.content.decode()
    assert "The secretariat will review your event" in response.content.decode()
    event = Event.objects.get()
    assert event.status == Event.Status.PROPOSED
    assert event.proposed_by == member
    assert event.title_fr == "Formation des gérants de mutuelles"
    assert event.organizers_text_fr == "Union des mutuelles de Kaolack"
    assert (event.country.iso2, event.city, event.kind) == ("SN", "Kaolack", "training")
    assert event.language_codes == ["fr", "en"]
    assert event.slug.startswith("formation-des-gerants-de-mutuelles-")


def test_text_written_in_english_goes_in_the_english_columns(client, senegal, member):
    client.force_login(member)

    client.post(PROPOSE, proposal(text_language="en", title="Managers' training"))

    event = Event.objects.get()
    assert (event.title_fr, event.title_en) == ("", "Managers' training")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"ends_on": (timezone.localdate() + timedelta(days=1)).isoformat()},
            "ends_on",
            "The last day cannot come before the first day.",
        ),
        ({"link": "javascript:alert(1)"}, "link", "http:// or https://"),
        ({"link": "ftp://example.org/file"}, "link", "http:// or https://"),
        ({"title": ""}, "title", "This field is required."),
        ({"country": "XX"}, "country", "Select a valid choice."),
    ],
)
def test_invalid_proposal_is_refused_with_a_message(
    client, senegal, member, changes, field, message
):
    client.force_login(member)

    response = client.post(PROPOSE, proposal(**changes))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert message in " ".join(response.context["form"].errors[field])
    assert not Event.objects.exists()


def test_proposal_without_csrf_token_is_refused(senegal, member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    response = client.post(PROPOSE, proposal())

    assert response.status_code == 403
    assert not Event.objects.exists()


def test_proposed_event_is_public_only_once_the_secretariat_publishes_it(
    client, senegal, member, secretariat
):
    client.force_login(member)
    client.post(PROPOSE, proposal())
    event = Event.objects.get()
    client.logout()

    before = client.get("/en/events/")
    assert event not in before.context["page"]
    assert client.get(event.get_absolute_url()).status_code == 404
    assert event.get_absolute_url() not in calendar_urls(client)

    client.force_login(secretariat)
    queue = client.get("/en/admin/forum/event/", {"status__exact": "proposed"})
    assert event.title_fr in queue.content.decode()
    published = client.post(
        "/en/admin/forum/event/",
        {"action": "publish_selected", "_selected_action": [event.pk]},
        follow=True,
    )
    assert "1 event published." in published.content.decode()
    client.logout()

    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert event.moderated_by == secretariat
    assert event in client.get("/en/events/").context["page"]
    assert client.get(event.get_absolute_url()).status_code == 200
    assert event.get_absolute_url() in calendar_urls(client)


def test_rejected_event_stays_out_of_the_calendar(client, secretariat):
    event = EventFactory(status=Event.Status.PROPOSED)
    client.force_login(secretariat)

    client.post(
        "/en/admin/forum/event/",
        {"action": "reject_selected", "_selected_action": [event.pk]},
    )
    client.logout()

    event.refresh_from_db()
    assert event.status == Event.Status.REJECTED
    assert client.get(event.get_absolute_url()).status_code == 404


def test_only_the_secretariat_may_publish(member):
    event = EventFactory(status=Event.Status.PROPOSED)

    with pytest.raises(PermissionDenied):
        item_publish(item=event, user=member)
    with pytest.raises(PermissionDenied):
        item_decline(item=event, user=member)

    event.refresh_from_db()
    assert event.status == Event.Status.PROPOSED
    assert event.moderated_by is None


def test_staff_without_the_change_permission_cannot_publish(db):
    clerk = UserFactory(is_staff=True)
    event = EventFactory(status=Event.Status.PROPOSED)

    with pytest.raises(PermissionDenied):
        item_publish(item=event, user=clerk)

    event.refresh_from_db()
    assert event.status == Event.Status.PROPOSED


def test_proposals_with_the_same_title_get_distinct_addresses(client, senegal, member):
    client.force_login(member)
    year = (timezone.localdate() + timedelta(days=20)).year

    client.post(PROPOSE, proposal(title="Journée des mutuelles"))
    client.post(PROPOSE, proposal(title="Journée des mutuelles"))

    assert sorted(Event.objects.values_list("slug", flat=True)) == [
        f"journee-des-mutuelles-{year}",
        f"journee-des-mutuelles-{year}-2",
    ]


@pytest.mark.parametrize("slug", ["propose", "calendar"])
def test_an_event_cannot_take_the_address_of_a_calendar_page(db, slug):
    event = EventFactory.build(country=None, slug=slug)

    with pytest.raises(ValidationError) as error:
        event.full_clean()

    assert "slug" in error.value.message_dict
