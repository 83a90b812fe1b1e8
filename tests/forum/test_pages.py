from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum.models import Event
from tests.factories import CountryFactory, OrganizationFactory
from tests.forum.factories import (
    EventFactory,
    ForumEditionFactory,
    ProceedingsDocumentFactory,
)

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.localdate() + timedelta(days=n)


def slugs(response):
    return [event.slug for event in response.context["page"]]


def test_event_list_shows_upcoming_events_soonest_first(client, db):
    EventFactory(slug="later", starts_on=days(40), ends_on=days(41))
    EventFactory(slug="soon", starts_on=days(3), ends_on=days(3))
    EventFactory(slug="running-now", starts_on=days(-1), ends_on=days(1))
    EventFactory(slug="over", starts_on=days(-10), ends_on=days(-9))

    response = client.get("/en/events/")

    assert response.status_code == 200
    assert slugs(response) == ["running-now", "soon", "later"]
    assert "<h1>Upcoming events</h1>" in response.content.decode()


def test_past_switch_lists_finished_events_latest_first(client, db):
    EventFactory(slug="soon", starts_on=days(3), ends_on=days(3))
    EventFactory(slug="yesterday", starts_on=days(-1), ends_on=days(-1))
    EventFactory(slug="last-year", starts_on=days(-400), ends_on=days(-399))

    response = client.get("/en/events/", {"when": "past"})

    assert slugs(response) == ["yesterday", "last-year"]
    assert "<h1>Past events</h1>" in response.content.decode()


def test_fixtures_are_all_in_the_past_section(client, forum_fixture):
    upcoming = client.get("/fr/events/")
    past = client.get("/fr/events/", {"when": "past"})

    assert slugs(upcoming) == []
    assert slugs(past)[:2] == ["cncmut-tsevie-2016", "aim-conference-abidjan-2016"]
    assert len(slugs(past)) == 6
    html = past.content.decode()
    assert "septembre 2000" in html and "2–3 mars 2016" in html


def test_event_list_filters_by_country_and_kind(client, forum_fixture):
    ivorian = client.get("/en/events/", {"when": "past", "country": "CI"})
    senegal_forums = client.get(
        "/en/events/", {"when": "past", "country": "SN", "kind": "forum"}
    )
    awareness = client.get("/fr/events/", {"when": "past", "kind": "awareness-day"})

    assert slugs(ivorian) == ["aim-conference-abidjan-2016"]
    assert slugs(senegal_forums) == ["forum-2007-dakar", "forum-2002-dakar"]
    assert slugs(awareness) == ["cncmut-tsevie-2016"]


def test_country_filter_offers_countries_with_published_events(client, db):
    mali = CountryFactory(iso2="ML", name_fr="Mali", name_en="Mali")
    togo = CountryFactory(iso2="TG", name_fr="Togo", name_en="Togo")
    EventFactory(country=mali)
    EventFactory(country=togo, status=Event.Status.PROPOSED)

    response = client.get("/en/events/")

    choices = dict(response.context["filter"].form.fields["country"].choices)
    assert "ML" in choices and "TG" not in choices


def test_unknown_country_is_reported_and_shows_every_event(client, db):
    EventFactory.create_batch(2)

    response = client.get("/en/events/", {"country": "XX"})

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert response.context["page"].paginator.count == 2


def test_event_list_paginates_and_keeps_the_filters(client, db):
    mali = CountryFactory(iso2="ML", name_fr="Mali", name_en="Mali")
    EventFactory.create_batch(25, country=mali)

    first = client.get("/fr/events/", {"country": "ML"})
    second = client.get("/fr/events/", {"country": "ML", "page": 2})

    assert len(first.context["page"]) == 20
    assert "page=2" in first.content.decode()
    assert "country=ML" in first.content.decode()
    assert len(second.context["page"]) == 5


def test_event_page_shows_dates_place_organizers_and_description(client, forum_fixture):
    response = client.get("/en/events/aim-conference-abidjan-2016/")
    html = response.content.decode()

    assert response.status_code == 200
    assert '<time datetime="2016-03-02">2–3 March 2016</time>' in html
    assert "Abidjan, Côte d&#x27;Ivoire" in html
    assert 'href="/en/organizations/aim/"' in html
    assert 'href="/en/organizations/masmut/"' in html
    assert "<li>advocacy so that mutuals have a place in UHC policies;</li>" in html
    assert 'href="/en/events/aim-conference-abidjan-2016.ics"' in html


def test_event_with_an_unknown_day_says_so(client, forum_fixture):
    html = client.get("/en/events/forum-2004-bamako/").content.decode()

    assert '<time datetime="2004">2004</time>' in html
    assert "the exact days are not known" in html
    assert "1 January" not in html


@pytest.mark.parametrize("status", [Event.Status.PROPOSED, Event.Status.REJECTED])
def test_unpublished_events_appear_nowhere(client, db, status):
    hidden = EventFactory(slug="hidden", title_en="Hidden event", status=status)
    ForumEditionFactory(event=hidden, year=hidden.starts_on.year)

    listing = client.get("/en/events/")
    past = client.get("/en/events/", {"when": "past"})
    forums = client.get("/en/forums/")

    assert "Hidden event" not in listing.content.decode() + past.content.decode()
    assert "Hidden event" not in forums.content.decode()
    assert client.get("/en/events/hidden/").status_code == 404
    assert client.get("/en/events/hidden.ics").status_code == 404
    assert client.get(f"/en/forums/{hidden.starts_on.year}/").status_code == 404
    assert b"Hidden event" not in client.get("/en/events/calendar.ics").content


def test_unknown_event_and_forum_are_not_found(client, db):
    assert client.get("/fr/events/no-such-event/").status_code == 404
    assert client.get("/fr/forums/1999/").status_code == 404


def test_forum_list_shows_the_four_forums_with_their_figures(client, forum_fixture):
    response = client.get("/en/forums/")
    html = response.content.decode()

    assert [edition.year for edition in response.context["editions"]] == [
        2007,
        2004,
        2002,
        2000,
    ]
    assert "<strong>190</strong> participants" in html
    assert "<strong>24</strong> nationalities" in html
    assert "<strong>400</strong> participants" in html
    assert "<strong>300</strong> participants (approximately)" in html
    assert "Networking of mutual health organizations and the role of the State" in html
    assert "September 2000" in html and "Bamako, Mali" in html


def test_forum_page_shows_questions_notes_and_proceedings(client, forum_fixture):
    from forum.models import ForumEdition

    edition = ForumEdition.objects.get(year=2007)
    ProceedingsDocumentFactory(
        edition=edition, title_fr="Actes du forum", title_en="Forum Actions"
    )

    response = client.get("/fr/forums/2007/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "26–27 novembre 2007" in html
    assert html.count("<li>", html.index("Questions")) >= 3
    assert "Cap-Vert" in html and "Union africaine de la mutualité" in html
    document = edition.documents.get()
    assert f'href="/fr/forums/documents/{document.pk}/download/"' in html
    assert "Actes du forum" in html


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def grow(n):
    """Published events, forums and documents, with organizers and countries."""
    for _ in range(n):
        organizers = OrganizationFactory.create_batch(2)
        EventFactory(organizers=organizers)
        EventFactory(starts_on=days(-30), ends_on=days(-29), organizers=organizers)
        edition = ForumEditionFactory()
        edition.event.organizers.set(organizers)
        ProceedingsDocumentFactory.create_batch(2, edition=edition)
        EventFactory(status=Event.Status.PROPOSED)


@pytest.mark.parametrize(
    ("url", "bound"),
    [
        ("/fr/events/", 4),
        ("/fr/events/?when=past&kind=forum", 4),
        ("/en/events/calendar.ics", 1),
        ("/fr/forums/", 1),
    ],
)
def test_list_pages_run_a_fixed_number_of_queries(client, db, url, bound):
    grow(2)
    few = count_queries(client, url)
    grow(15)
    many = count_queries(client, url)

    assert few == many
    assert many <= bound


def test_detail_pages_run_a_fixed_number_of_queries(client, db):
    def detail_counts():
        edition = ForumEditionFactory()
        edition.event.organizers.set(OrganizationFactory.create_batch(n))
        ProceedingsDocumentFactory.create_batch(n, edition=edition)
        return [
            count_queries(client, edition.event.get_absolute_url()),
            count_queries(client, f"/en/events/{edition.event.slug}.ics"),
            count_queries(client, edition.get_absolute_url()),
        ]

    n = 1
    few = detail_counts()
    n = 12
    many = detail_counts()

    assert few == many
    assert max(many) <= 3
