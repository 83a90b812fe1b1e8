"""The subject of an issue's mail names the series once: "Concertation Mail
n° 61 : Les unions de mutuelles", never "… n° 61 : Concertation Mail n° 61 : …"."""

import importlib

import pytest
from django.apps import apps
from django.utils import translation

from newsletter import services
from newsletter.models import Edition
from newsletter.titles import edition_subject, edition_title_without_series

from .factories import EditionFactory, IssueFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db


def subject(received) -> str:
    # A long encoded subject is folded after "Subject:"; unfolded, it starts
    # with the folding space, which mail programs do not show.
    return " ".join(received.message["Subject"].split())


def send(issue, language):
    dispatch = services.dispatch_create(issue=issue, language=language)
    services.dispatch_send_all(dispatch_id=dispatch.pk)


def test_subject_of_a_sent_issue_names_the_series_once_in_both_languages(
    smtp_server, smtp_handler
):
    SubscriptionFactory(email="awa@example.sn", language="fr")
    SubscriptionFactory(email="kofi@example.gh", language="en")
    issue = IssueFactory(number=61)
    # As a secretary would type them, series name included.
    EditionFactory(
        issue=issue,
        language="fr",
        title="Concertation Mail n° 61 : Les unions de mutuelles",
    )
    EditionFactory(
        issue=issue, language="en", title="Concertation Mail no. 61: Unions of mutuals"
    )

    send(issue, "fr")
    send(issue, "en")

    (french,) = smtp_handler.to("awa@example.sn")
    (english,) = smtp_handler.to("kofi@example.gh")
    assert subject(french) == ("Concertation Mail n° 61 : Les unions de mutuelles")
    assert subject(english) == "Concertation Mail no. 61: Unions of mutuals"
    assert french.text.count("Concertation Mail") == 1
    assert "<h1" in french.html and ">Les unions de mutuelles</h1>" in french.html


def test_a_title_stored_with_the_series_name_still_gives_a_single_series_name(
    smtp_server, smtp_handler
):
    SubscriptionFactory(email="moussa@example.ml", language="fr")
    edition = EditionFactory(issue=IssueFactory(number=62), language="fr")
    # Stored before titles were cleaned on save (an update skips save()).
    Edition.objects.filter(pk=edition.pk).update(
        title="Concertation Mail – Numéro 62 : La CMU au Sénégal"
    )

    send(edition.issue, "fr")

    (mail,) = smtp_handler.to("moussa@example.ml")
    assert subject(mail) == "Concertation Mail n° 62 : La CMU au Sénégal"


def test_saving_an_edition_takes_the_series_name_off_its_title():
    edition = EditionFactory(
        issue=IssueFactory(number=63), title="CONCERTATION MAIL No. 63 - Les unions"
    )

    edition.refresh_from_db()
    assert edition.title == "Les unions"


def test_data_migration_cleans_the_titles_already_stored():
    doubled = EditionFactory(issue=IssueFactory(number=64), language="fr")
    plain = EditionFactory(issue=IssueFactory(number=65), language="fr")
    Edition.objects.filter(pk=doubled.pk).update(
        title="Concertation Mail n° 64 : Santé et mutuelles"
    )
    Edition.objects.filter(pk=plain.pk).update(title="2004 : l'année des forums")
    migration = importlib.import_module(
        "newsletter.migrations.0002_edition_titles_without_series_name"
    )

    migration.titles_strip(apps, None)

    doubled.refresh_from_db()
    plain.refresh_from_db()
    assert doubled.title == "Santé et mutuelles"
    assert plain.title == "2004 : l'année des forums"


@pytest.mark.parametrize(
    ("title", "kept"),
    [
        ("Concertation Mail n° 61 : Les unions", "Les unions"),
        ("Concertation Mail – Numéro 61 : Les unions", "Les unions"),
        ("Issue 61: Unions", "Unions"),
        ("Concertation Mail : les unions", "les unions"),
        # Nothing of the series: left alone.
        ("2004 : l'année des forums", "2004 : l'année des forums"),
        ("Numéro 3 des cahiers : les unions", "Numéro 3 des cahiers : les unions"),
        ("Numéro spécial : Bamako", "Numéro spécial : Bamako"),
        ("Concertation Mail, vingt ans après", "Concertation Mail, vingt ans après"),
        # Only the series name and number: nothing else to keep.
        ("Numéro 61", "Numéro 61"),
    ],
)
def test_title_without_series_removes_only_the_series_name_and_own_number(title, kept):
    assert edition_title_without_series(title, number=61) == kept


def test_subject_of_a_title_that_is_only_the_series_name_is_the_issue_title():
    with translation.override("fr"):
        assert edition_subject(number=61, title="Numéro 61") == (
            "Concertation Mail n° 61"
        )
        assert edition_subject(number=61, title="Concertation Mail n° 61") == (
            "Concertation Mail n° 61"
        )
