"""A date known only to the year or the month shows as such everywhere: the
2004 Bamako forum is "2004" and the 2000 Dakar workshop "September 2000" on
the public pages, in the calendar and in the admin lists and change pages,
in French and in English."""

import re

import pytest

from forum.models import Event, ForumEdition
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# What a full date of the first or last day would look like, in either
# language and in Django's default formats.
INVENTED_DAYS = re.compile(
    r"\b(1er?|31|30) (janvier|décembre|septembre) (2000|2004)\b"
    r"|\b(January|December|September|Jan\.|Dec\.|Sept\.) (1|31|30), (2000|2004)\b"
    r"|\b(1|31|30) (January|December|September) (2000|2004)\b"
)


@pytest.fixture
def secretariat(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def cell(html: str, column: str, row_link: str) -> str:
    """The text of ``column`` in the changelist row that links to ``row_link``."""
    row = re.search(
        rf'<tr>(?:(?!</tr>).)*href="{re.escape(row_link)}".*?</tr>', html, re.S
    )
    assert row, row_link
    found = re.search(
        rf'<td class="field-{column}[^"]*">(.*?)</td>', row.group(0), re.S
    )
    assert found, column
    return found.group(1).strip()


@pytest.mark.parametrize(
    ("language", "september"), [("fr", "septembre 2000"), ("en", "September 2000")]
)
def test_admin_event_list_shows_the_year_or_month_only(
    secretariat, forum_fixture, language, september
):
    bamako = Event.objects.get(slug="forum-2004-bamako")
    dakar = Event.objects.get(slug="forum-2000-dakar")

    html = secretariat.get(f"/{language}/admin/forum/event/").content.decode()

    change = f"/{language}/admin/forum/event/{{}}/change/"
    assert cell(html, "event_dates", change.format(bamako.pk)) == "2004"
    assert cell(html, "event_dates", change.format(dakar.pk)) == september
    assert not INVENTED_DAYS.search(html)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_admin_forum_edition_list_and_pages_show_the_year_only(
    secretariat, forum_fixture, language
):
    edition = ForumEdition.objects.get(year=2004)
    change = f"/{language}/admin/forum/forumedition/{edition.pk}/change/"

    listing = secretariat.get(f"/{language}/admin/forum/forumedition/").content
    page = secretariat.get(change).content.decode()

    assert cell(listing.decode(), "edition_dates", change) == "2004"
    assert re.search(r'<div class="readonly">2004</div>', page)
    assert not INVENTED_DAYS.search(listing.decode())


def test_admin_event_change_page_says_how_the_dates_are_shown(
    secretariat, forum_fixture
):
    bamako = Event.objects.get(slug="forum-2004-bamako")

    page = secretariat.get(f"/fr/admin/forum/event/{bamako.pk}/change/")

    html = page.content.decode()
    assert page.status_code == 200
    assert re.search(r'<div class="readonly">2004</div>', html)
    assert not INVENTED_DAYS.search(html)


def test_admin_event_add_page_opens_before_any_date_is_known(secretariat):
    assert secretariat.get("/fr/admin/forum/event/add/").status_code == 200


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", ["2004", "septembre 2000"]), ("en", ["2004", "September 2000"])],
)
def test_public_pages_and_calendar_show_the_year_or_month_only(
    client, forum_fixture, language, expected
):
    pages = [
        f"/{language}/events/forum-2004-bamako/",
        f"/{language}/events/forum-2000-dakar/",
        f"/{language}/events/?when=past",
        f"/{language}/forums/",
        f"/{language}/events/calendar.ics",
    ]

    for url in pages:
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert not INVENTED_DAYS.search(body), url
    bamako = client.get(pages[0]).content.decode()
    assert '<time datetime="2004">2004</time>' in bamako
    dakar = client.get(pages[1]).content.decode()
    assert f'<time datetime="2000-09">{expected[1]}</time>' in dakar
    forums = client.get(pages[3]).content.decode()
    assert '<time datetime="2004">2004</time>' in forums
