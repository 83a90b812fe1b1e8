import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from editions.files import FILE_NAMES, edition_dir
from editions.models import Edition, EditionRecord, EditionSynthesisRow, FrozenError
from editions.services import edition_publish, edition_withdraw

pytestmark = pytest.mark.django_db


def _sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_edition_publish_freezes_files_and_rows(scenario, secretariat):
    edition = edition_publish(year=2024, user=secretariat)

    assert edition.identifier == "2024.1"
    assert edition.title_fr == "Inventaire des mutuelles de santé — édition 2024"
    assert edition.records == 4 and edition.mhos == 3
    folder = edition_dir("2024.1")
    for name in FILE_NAMES:
        assert edition.files[name]["sha256"] == _sha256(folder / name)
    assert EditionRecord.objects.filter(edition=edition).count() == 4
    thies = EditionRecord.objects.get(edition=edition, mho_code="SN-0001", year=2024)
    assert thies.cells(edition.record_columns)["members"] == "450"
    assert EditionSynthesisRow.objects.filter(edition=edition, country="SN").exists()


def test_edition_publish_is_refused_to_anyone_but_the_secretariat(scenario, visitor):
    with pytest.raises(PermissionDenied):
        edition_publish(year=2024, user=visitor)
    assert not Edition.objects.exists()


def test_edition_publish_waits_for_the_campaign_to_close(scenario, secretariat):
    scenario_campaign = scenario["thies_2024"]  # noqa: F841 (data of 2024 exist)
    from inventory.models import Campaign

    Campaign.objects.filter(year=2024).update(closes_on="2999-12-31")
    with pytest.raises(ValidationError) as error:
        edition_publish(year=2024, user=secretariat)
    assert error.value.code == "campaign_open"


def test_an_edition_is_never_edited_nor_deleted(scenario, secretariat):
    edition = edition_publish(year=2024, user=secretariat)
    edition.title_en = "Something else"
    with pytest.raises(FrozenError):
        edition.save()
    with pytest.raises(FrozenError):
        edition.delete()
    row = EditionRecord.objects.filter(edition=edition).first()
    with pytest.raises(FrozenError):
        row.save()
    edition.refresh_from_db()
    assert edition.title_en.startswith("Inventory")


def test_edition_withdraw_keeps_the_reason(scenario, secretariat, visitor):
    edition = edition_publish(year=2024, user=secretariat)
    with pytest.raises(PermissionDenied):
        edition_withdraw(edition=edition, user=visitor, reason="no")
    with pytest.raises(ValidationError):
        edition_withdraw(edition=edition, user=secretariat, reason="  ")
    edition = edition_withdraw(edition=edition, user=secretariat, reason="Erreur")
    edition.refresh_from_db()
    assert edition.is_withdrawn and edition.withdrawal_reason == "Erreur"
    assert edition_dir("2024.1").is_dir()


def test_a_correction_after_a_withdrawn_one_names_it(scenario, secretariat):
    first = edition_publish(year=2024, user=secretariat)
    second = edition_publish(year=2024, user=secretariat)
    edition_withdraw(edition=second, user=secretariat, reason="Erreur")
    third = edition_publish(year=2024, user=secretariat)
    assert (second.supersedes, third.supersedes) == (first, second)
    # Its changes are counted against the latest edition still standing.
    assert third.previous == first


def test_a_publication_rolled_back_around_the_service_leaves_no_blocking_folder(
    scenario, secretariat
):
    """Its files were frozen, then a transaction around the call rolled back:
    the folder belongs to no edition, and the next publication replaces it."""
    from django.db import transaction

    with transaction.atomic():
        edition_publish(year=2024, user=secretariat)
        transaction.set_rollback(True)
    assert not Edition.objects.exists()
    assert edition_dir("2024.1").exists()

    edition = edition_publish(year=2024, user=secretariat)

    assert edition.identifier == "2024.1"
    folder = edition_dir("2024.1")
    for name in FILE_NAMES:
        assert edition.files[name]["sha256"] == _sha256(folder / name)
