from datetime import date, timedelta

import icalendar
import pytest

from forum.models import Event
from tests.forum.factories import EventFactory

pytestmark = pytest.mark.django_db


def fetch_calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events_by_url(calendar):
    return {
        str(vevent["URL"]).rsplit("/", 2)[-2]: vevent
        for vevent in calendar.walk("VEVENT")
    }


def test_calendar_parses_and_holds_every_fixture_event(client, forum_fixture):
    calendar = fetch_calendar(client, "/en/events/calendar.ics")

    events = events_by_url(calendar)
    assert set(events) == set(Event.objects.values_list("slug", flat=True))
    abidjan = events["aim-conference-abidjan-2016"]
    assert abidjan.decoded("DTSTART") == date(2016, 3, 2)
    assert abidjan.decoded("DTEND") == date(2016, 3, 4)  # exclusive end
    assert str(abidjan["LOCATION"]) == "Abidjan, Côte d'Ivoire"
    assert str(abidjan["URL"]) == (
        "http://testserver/en/events/aim-conference-abidjan-2016/"
    )
    assert str(abidjan["SUMMARY"]).startswith("AIM international conference")
    tsevie = events["cncmut-tsevie-2016"]
    assert tsevie.decoded("DTSTART") == date(2016, 12, 28)
    assert tsevie.decoded("DTEND") == date(2016, 12, 29)
    assert str(tsevie["SUMMARY"]) == "CNCMUT awareness day in Tsévié"
    assert events["forum-2007-dakar"].decoded("DTSTART") == date(2007, 11, 26)


def test_calendar_is_in_the_language_of_its_address(client, forum_fixture):
    french = events_by_url(fetch_calendar(client, "/fr/events/calendar.ics"))
    english = events_by_url(fetch_calendar(client, "/en/events/calendar.ics"))

    assert str(french["cncmut-tsevie-2016"]["SUMMARY"]) == (
        "Journée de sensibilisation du CNCMUT à Tsévié"
    )
    assert str(french["cncmut-tsevie-2016"]["LOCATION"]) == "Tsévié, Togo"
    assert str(french["forum-2007-dakar"]["LOCATION"]) == "Dakar, Sénégal"
    assert str(french["forum-2007-dakar"]["URL"]).endswith(
        "/fr/events/forum-2007-dakar/"
    )
    assert (
        str(english["forum-2007-dakar"]["SUMMARY"])
        == "Fourth forum of the Concertation"
    )
    assert french["forum-2007-dakar"].decoded("DTSTART") == date(2007, 11, 26)


def test_event_uid_is_stable_and_shared_by_both_languages(client, forum_fixture):
    first = events_by_url(fetch_calendar(client, "/fr/events/calendar.ics"))
    again = events_by_url(fetch_calendar(client, "/fr/events/calendar.ics"))
    english = events_by_url(fetch_calendar(client, "/en/events/calendar.ics"))
    single = fetch_calendar(client, "/en/events/forum-2007-dakar.ics")

    uids = {slug: str(vevent["UID"]) for slug, vevent in first.items()}
    assert len(set(uids.values())) == len(uids)
    assert uids == {slug: str(vevent["UID"]) for slug, vevent in again.items()}
    assert uids == {slug: str(vevent["UID"]) for slug, vevent in english.items()}
    assert [str(v["UID"]) for v in single.walk("VEVENT")] == [uids["forum-2007-dakar"]]


def test_description_is_plain_text_from_the_markdown(client, forum_fixture):
    events = events_by_url(fetch_calendar(client, "/en/events/calendar.ics"))

    description = str(events["aim-conference-abidjan-2016"]["DESCRIPTION"])
    assert "<" not in description
    assert "- advocacy so that mutuals have a place in UHC policies;" in description
    tsevie = str(events["cncmut-tsevie-2016"]["DESCRIPTION"])
    assert "[" not in tsevie and "](" not in tsevie
    assert "National Concertation Framework of Mutual Societies in Togo" in tsevie


def test_events_known_to_the_month_or_year_are_one_day_titled_with_what_is_known(
    client, forum_fixture
):
    english = events_by_url(fetch_calendar(client, "/en/events/calendar.ics"))
    french = events_by_url(fetch_calendar(client, "/fr/events/calendar.ics"))

    for slug, first_day in [
        ("forum-2000-dakar", date(2000, 9, 1)),  # September 2000
        ("forum-2002-dakar", date(2002, 9, 1)),  # September 2002
        ("forum-2004-bamako", date(2004, 1, 1)),  # 2004
    ]:
        for events in (english, french):
            vevent = events[slug]
            assert vevent.decoded("DTSTART") == first_day
            assert vevent.decoded("DTEND") == first_day + timedelta(days=1)
            assert str(vevent["TRANSP"]) == "TRANSPARENT"  # nobody looks busy
    assert str(english["forum-2000-dakar"]["SUMMARY"]) == (
        "First workshop of the Concertation (September 2000, exact date unknown)"
    )
    assert str(french["forum-2004-bamako"]["SUMMARY"]) == (
        "Troisième forum de la Concertation (2004, date exacte inconnue)"
    )
    assert "September 2000 (the exact days are not known)" in str(
        english["forum-2000-dakar"]["DESCRIPTION"]
    )


def test_events_with_known_days_keep_every_day_and_their_plain_title(
    client, forum_fixture
):
    events = events_by_url(fetch_calendar(client, "/fr/events/calendar.ics"))

    forum = events["forum-2007-dakar"]
    assert forum.decoded("DTEND") - forum.decoded("DTSTART") > timedelta(days=1)
    assert str(forum["SUMMARY"]) == "Quatrième forum de la Concertation"
    assert "TRANSP" not in forum


def test_calendar_links_open_the_development_server_that_sent_it_on_any_port(
    client, forum_fixture
):
    response = client.get("/en/events/calendar.ics", headers={"host": "127.0.0.1:8123"})

    events = events_by_url(icalendar.Calendar.from_ical(response.content))
    assert str(events["forum-2007-dakar"]["URL"]) == (
        "http://127.0.0.1:8123/en/events/forum-2007-dakar/"
    )


def test_calendar_links_are_on_site_url_in_production(client, forum_fixture, settings):
    settings.PRODUCTION = True
    settings.SITE_URL = "https://www.concertation.org"

    response = client.get("/en/events/calendar.ics", headers={"host": "localhost"})

    events = events_by_url(icalendar.Calendar.from_ical(response.content))
    assert str(events["forum-2007-dakar"]["URL"]) == (
        "https://www.concertation.org/en/events/forum-2007-dakar/"
    )
    assert str(events["forum-2007-dakar"]["UID"]).endswith("@www.concertation.org")


def test_single_event_calendar_holds_only_that_event(client, db):
    event = EventFactory(slug="mutual-day", title_fr="Journée des mutuelles")
    EventFactory()

    calendar = fetch_calendar(client, "/fr/events/mutual-day.ics")

    vevents = calendar.walk("VEVENT")
    assert len(vevents) == 1
    assert str(vevents[0]["SUMMARY"]) == "Journée des mutuelles"
    assert vevents[0].decoded("DTEND") == event.ends_on + timedelta(days=1)


def test_calendar_leaves_out_proposed_and_rejected_events(client, db):
    EventFactory(slug="shown")
    EventFactory(slug="waiting", status=Event.Status.PROPOSED)
    EventFactory(slug="refused", status=Event.Status.REJECTED)

    calendar = fetch_calendar(client, "/en/events/calendar.ics")

    assert set(events_by_url(calendar)) == {"shown"}
