"""On PostgreSQL the database itself refuses to change or delete an edition,
even through QuerySet.update()/delete() that skip the model's guards."""

import pytest
from django.db import IntegrityError, transaction

from editions.models import Edition, EditionChange, EditionRecord
from editions.services import edition_doi_record, edition_publish, edition_withdraw

from .conftest import later_validations

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_database_refuses_to_change_or_delete_an_edition(scenario, secretariat):
    edition_publish(year=2024, user=secretariat)
    later_validations(scenario)
    edition = edition_publish(year=2024, user=secretariat)
    assert EditionChange.objects.filter(edition=edition).exists()
    attempts = [
        lambda: Edition.objects.filter(pk=edition.pk).update(records=0),
        lambda: Edition.objects.filter(pk=edition.pk).update(files={}),
        lambda: EditionRecord.objects.filter(edition=edition).update(line=""),
        lambda: EditionRecord.objects.filter(edition=edition).delete(),
        lambda: EditionChange.objects.filter(edition=edition).delete(),
        lambda: Edition.objects.filter(pk=edition.pk)._raw_delete("default"),
    ]
    for attempt in attempts:
        with pytest.raises(IntegrityError), transaction.atomic():
            attempt()
    edition.refresh_from_db()
    assert edition.records == 4 and edition.files
    assert EditionRecord.objects.filter(edition=edition).count() == 4


def test_database_lets_the_doi_and_the_withdrawal_be_written_once(
    scenario, secretariat
):
    edition = edition_publish(year=2024, user=secretariat)
    edition_doi_record(edition=edition, user=secretariat, doi="10.5281/zenodo.1")
    edition_withdraw(edition=edition, user=secretariat, reason="Doublons")
    for change in ({"doi": "10.5281/zenodo.2"}, {"withdrawal_reason": "Autre"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Edition.objects.filter(pk=edition.pk).update(**change)
    edition.refresh_from_db()
    assert (edition.doi, edition.withdrawal_reason) == ("10.5281/zenodo.1", "Doublons")
