"""Every free and rich text field of events and forums, filled with the shared
XSS corpus, rendered in the lists, the detail pages and the iCalendar feeds."""

import re

import icalendar
import pytest
from django.utils import timezone

from forum.models import Event, ForumEdition, ProceedingsDocument
from tests.factories import UserFactory
from tests.forum.factories import ForumEditionFactory, ProceedingsDocumentFactory
from tests.xss import assert_no_active_content, load_payloads

pytestmark = pytest.mark.django_db

PAYLOADS = load_payloads()
# What an HTML parser takes for the start of a tag, a comment or a declaration.
TAG = re.compile(r"<[a-zA-Z/!?]")

EVENT_TEXT_FIELDS = [
    "title_fr",
    "title_en",
    "description_fr",
    "description_en",
    "city",
    "organizers_text_fr",
    "organizers_text_en",
]
EDITION_TEXT_FIELDS = [
    "theme_fr",
    "theme_en",
    "questions_fr",
    "questions_en",
    "notes_fr",
    "notes_en",
]


def test_the_corpus_is_large_enough():
    assert len(PAYLOADS) >= 100


# Payloads go in this many forums at once: the lists show a whole batch.
BATCH = 20


@pytest.fixture
def editions(db):
    """Upcoming published forums, so they all show in the default event list."""
    first_year = timezone.localdate().year + 5
    editions = [ForumEditionFactory(year=first_year + n) for n in range(BATCH)]
    for edition in editions:
        ProceedingsDocumentFactory(edition=edition)
    return editions


def batches(editions):
    """(edition, payload) pairs, BATCH at a time, covering the whole corpus."""
    for start in range(0, len(PAYLOADS), BATCH):
        yield list(zip(editions, PAYLOADS[start : start + BATCH], strict=False))


def fitted(model, names, payload):
    """The payload in each field, cut to the column's length (PostgreSQL checks)."""
    values = {}
    for name in names:
        max_length = model._meta.get_field(name).max_length
        values[name] = payload[:max_length] if max_length else payload
    return values


def fill(edition, payload):
    """Store the payload as is, past any form check, as an import could."""
    Event.objects.filter(pk=edition.event_id).update(
        **fitted(Event, [*EVENT_TEXT_FIELDS, "link"], payload)
    )
    ForumEdition.objects.filter(pk=edition.pk).update(
        **fitted(ForumEdition, EDITION_TEXT_FIELDS, payload)
    )
    ProceedingsDocument.objects.filter(edition=edition).update(
        **fitted(ProceedingsDocument, ["title_fr", "title_en", "url"], payload)
    )


def assert_inert(client, url, payloads):
    response = client.get(url)
    assert response.status_code == 200, url
    try:
        assert_no_active_content(response.content.decode())
    except AssertionError as error:
        raise AssertionError(f"{url} with one of {payloads!r}: {error}") from error


@pytest.mark.parametrize("language", ["fr", "en"])
def test_payloads_never_become_active_in_event_and_forum_pages(
    client, editions, language
):
    for batch in batches(editions):
        for edition, payload in batch:
            fill(edition, payload)
        payloads = [payload for _edition, payload in batch]
        assert_inert(client, f"/{language}/events/", payloads)
        assert_inert(client, f"/{language}/forums/", payloads)
        for edition, payload in batch:
            assert_inert(client, f"/{language}/events/{edition.event.slug}/", [payload])
            assert_inert(client, f"/{language}/forums/{edition.year}/", [payload])


def assert_plain_calendar(client, url, expected_events):
    response = client.get(url)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    vevents = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert len(vevents) == expected_events
    for vevent in vevents:
        for name in ("SUMMARY", "LOCATION", "DESCRIPTION"):
            text = str(vevent.get(name, ""))
            assert not TAG.search(text), (url, name, text)
        assert str(vevent["URL"]).startswith("http://testserver/")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_payloads_leave_only_plain_text_in_the_calendar(client, editions, language):
    for batch in batches(editions):
        for edition, payload in batch:
            fill(edition, payload)
        assert_plain_calendar(client, f"/{language}/events/calendar.ics", BATCH)
        for edition, _payload in batch:
            slug = edition.event.slug
            assert_plain_calendar(client, f"/{language}/events/{slug}.ics", 1)


def test_payloads_typed_in_the_proposal_form_are_not_echoed_as_active_content(
    client, db
):
    client.force_login(UserFactory())
    for payload in PAYLOADS:
        response = client.post(
            "/en/events/propose/",
            {
                "text_language": "en",
                "kind": "meeting",
                "title": payload,
                "city": payload,
                "organizers_text": payload,
                "description": payload,
                "link": payload,
                # Refused dates keep the form on screen with the values echoed.
                "starts_on": "2030-05-02",
                "ends_on": "2030-05-01",
            },
        )
        assert response.status_code == 400
        assert_no_active_content(response.content.decode())
    assert not Event.objects.exists()
