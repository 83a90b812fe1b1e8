from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import translation

from forum.models import Event, ForumEdition
from tests.forum.conftest import FORUM_FIXTURE
from tests.forum.factories import EventFactory, ForumEditionFactory

pytestmark = pytest.mark.django_db


def test_database_refuses_an_event_that_ends_before_it_starts(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(starts_on=date(2016, 3, 3), ends_on=date(2016, 3, 2))


def test_database_refuses_an_event_without_any_title(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(title_fr="", title_en="")


def test_event_validation_explains_reversed_dates(db):
    event = EventFactory.build(
        country=None, starts_on=date(2016, 3, 3), ends_on=date(2016, 3, 2)
    )

    with pytest.raises(ValidationError) as error:
        event.full_clean()

    assert "ends_on" in error.value.message_dict


@pytest.mark.parametrize(
    ("precision", "starts_on", "ends_on"),
    [
        ("month", date(2000, 9, 15), date(2000, 9, 30)),
        ("month", date(2000, 9, 1), date(2000, 9, 1)),
        ("year", date(2004, 1, 1), date(2004, 6, 30)),
    ],
)
def test_an_imprecise_date_must_span_its_whole_month_or_year(
    db, precision, starts_on, ends_on
):
    event = EventFactory.build(
        country=None, date_precision=precision, starts_on=starts_on, ends_on=ends_on
    )

    with pytest.raises(ValidationError) as error:
        event.full_clean()

    assert "date_precision" in error.value.message_dict


@pytest.mark.parametrize(
    ("language", "precision", "starts_on", "ends_on", "label"),
    [
        ("en", "day", date(2016, 12, 28), date(2016, 12, 28), "28 December 2016"),
        ("en", "day", date(2016, 3, 2), date(2016, 3, 3), "2–3 March 2016"),
        ("fr", "day", date(2016, 3, 2), date(2016, 3, 3), "2–3 mars 2016"),
        (
            "en",
            "day",
            date(2016, 11, 30),
            date(2016, 12, 2),
            "30 November – 2 December 2016",
        ),
        ("en", "month", date(2000, 9, 1), date(2000, 9, 30), "September 2000"),
        ("fr", "month", date(2000, 9, 1), date(2000, 9, 30), "septembre 2000"),
        ("fr", "year", date(2004, 1, 1), date(2004, 12, 31), "2004"),
    ],
)
def test_dates_are_shown_only_as_precisely_as_they_are_known(
    language, precision, starts_on, ends_on, label
):
    event = Event(date_precision=precision, starts_on=starts_on, ends_on=ends_on)

    with translation.override(language):
        assert event.date_label == label


def test_an_edition_year_must_be_the_year_of_its_event(db):
    edition = ForumEditionFactory()
    edition.year += 1

    with pytest.raises(ValidationError) as error:
        edition.full_clean()

    assert "year" in error.value.message_dict


def test_unknown_language_codes_are_refused(db):
    event = EventFactory.build(country=None, languages="fr,xx")

    with pytest.raises(ValidationError) as error:
        event.full_clean()

    assert "languages" in error.value.message_dict


def test_loading_the_forum_fixture_twice_creates_no_duplicate(network):
    call_command("loaddata", FORUM_FIXTURE, verbosity=0)
    first = (Event.objects.count(), ForumEdition.objects.count())
    call_command("loaddata", FORUM_FIXTURE, verbosity=0)

    assert first == (6, 4)
    assert (Event.objects.count(), ForumEdition.objects.count()) == first


def test_fixture_holds_the_facts_of_the_sources(forum_fixture):
    editions = {edition.year: edition for edition in ForumEdition.objects.all()}
    abidjan = Event.objects.get(slug="aim-conference-abidjan-2016")
    tsevie = Event.objects.get(slug="cncmut-tsevie-2016")
    assert sorted(editions) == [2000, 2002, 2004, 2007]
    assert [editions[year].number for year in sorted(editions)] == [1, 2, 3, 4]
    assert editions[2000].participants == 80
    assert (editions[2002].participants, editions[2002].nationalities) == (190, 24)
    assert editions[2004].participants == 400
    assert editions[2007].participants == 300
    assert editions[2007].participants_approximate
    assert editions[2007].questions_en.count("\n- ") == 2
    assert (
        editions[2000].event.date_precision,
        editions[2004].event.date_precision,
    ) == (
        "month",
        "year",
    )
    assert (editions[2007].event.starts_on, editions[2007].event.ends_on) == (
        date(2007, 11, 26),
        date(2007, 11, 27),
    )
    assert editions[2004].event.city == "Bamako"
    assert (abidjan.kind, abidjan.country.iso2) == ("conference", "CI")
    assert (abidjan.starts_on, abidjan.ends_on) == (date(2016, 3, 2), date(2016, 3, 3))
    assert {org.slug for org in abidjan.organizers.all()} == {
        "aim",
        "uam-afro",
        "pass",
        "masmut",
    }
    assert (tsevie.kind, tsevie.country.iso2, tsevie.starts_on) == (
        "awareness-day",
        "TG",
        date(2016, 12, 28),
    )
    assert "CNCMUT" in tsevie.organizers_text_en
    assert set(Event.objects.values_list("status", flat=True)) == {"published"}
    for event in Event.objects.all():
        event.full_clean()
