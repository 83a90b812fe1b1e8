"""One write of a yearly record for every path, with one family of refusals."""

import pytest
from django.utils import translation

from inventory.models import YearlyRecord
from inventory.services import records
from tests.factories import UserFactory

from .conftest import CAMPAIGN_YEAR, LAST_YEAR_FIGURES, make_record

pytestmark = pytest.mark.django_db


def test_an_admin_save_over_a_version_saved_meanwhile_overwrites_nothing(mho_a, staff):
    record = YearlyRecord.objects.get(mho=mho_a, year=CAMPAIGN_YEAR - 1)
    record.state = "draft"
    record.save()
    opened_at = record.version
    YearlyRecord.objects.filter(pk=record.pk).update(members=410, version=7)
    record.members = 999

    with pytest.raises(records.RecordConflict) as refused:
        records.record_admin_save(
            record=record, user=staff, expected_version=opened_at, reason="admin"
        )

    stored = YearlyRecord.objects.get(pk=record.pk)
    assert (stored.members, stored.version) == (410, 7)
    assert refused.value.current.members == 410
    assert stored.history.count() == 2  # created, set as a draft


def test_an_admin_save_of_the_version_opened_is_the_next_version_with_history(
    mho_a, staff
):
    record = YearlyRecord.objects.get(mho=mho_a, year=CAMPAIGN_YEAR - 1)
    record.state = "draft"
    record.save()
    record.members = 420

    records.record_admin_save(
        record=record, user=staff, expected_version=record.version, reason="admin"
    )

    stored = YearlyRecord.objects.get(pk=record.pk)
    assert (stored.members, stored.version) == (420, 2)
    assert stored.history.count() == 3  # created, set as a draft, saved here
    latest = stored.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (staff, "admin")


def test_every_refusal_says_why_in_the_language_of_the_page(mho_a, manager_a, campaign):
    locked = make_record(mho_a, CAMPAIGN_YEAR, state="submitted")
    closed = make_record(mho_a, CAMPAIGN_YEAR - 2, state="draft")
    stranger = UserFactory(email="stranger@example.sn")
    attempts = {
        "locked": (manager_a, locked),
        "no campaign": (manager_a, closed),
        "not allowed": (stranger, closed),
    }

    messages = {}
    for name, (user, record) in attempts.items():
        with (
            translation.override("fr"),
            pytest.raises(records.RecordWriteRefused) as refused,
        ):
            records.record_save(
                record=record,
                user=user,
                data=dict(LAST_YEAR_FIGURES),
                expected_version=record.version,
                source="form",
            )
        messages[name] = refused.value.message

    assert messages == {
        "locked": "Cette fiche est en cours de vérification ou déjà validée\u00a0: "
        "elle ne peut pas être modifiée. Votre point focal peut la rouvrir.",
        "no campaign": f"Aucune campagne n'est ouverte pour {CAMPAIGN_YEAR - 2}"
        "\u00a0: la fiche ne peut pas être modifiée maintenant.",
        "not allowed": "Vous ne pouvez pas apporter cette modification à cette fiche.",
    }
    assert YearlyRecord.objects.get(pk=locked.pk).version == locked.version


def test_a_year_no_record_can_be_about_is_refused_before_the_database(mho_a, staff):
    record = YearlyRecord(mho=mho_a, year=1900, **LAST_YEAR_FIGURES)

    with translation.override("en"), pytest.raises(records.YearOutOfRange) as refused:
        records.record_admin_save(
            record=record, user=staff, expected_version=None, reason="admin"
        )

    assert refused.value.message == (
        "No record can be about 1900: the years run from 1990 to 2100."
    )
    assert not YearlyRecord.objects.filter(year=1900).exists()
