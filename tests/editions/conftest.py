"""A scenario of two campaign years for the editions' tests: records
validated in 2024, then, after the first edition, new validations, a changed
record, a withdrawn one and a new MHO."""

import datetime

import pytest
from django.core.cache import cache

from inventory.models import Campaign
from kernel.cache import site_key
from opendata.exports.build import build_keys
from opendata.services.synthesis import synthesis_rebuild
from tests.factories import (
    CountryFactory,
    MHOFactory,
    UserFactory,
    YearlyRecordFactory,
    secretariat_member,
)


@pytest.fixture(autouse=True)
def data_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    keys = [*build_keys(), site_key("editions:publish:lock")]
    cache.delete_many(keys)
    yield tmp_path / "data"
    cache.delete_many(keys)


@pytest.fixture
def secretariat(db):
    return secretariat_member(email="secretariat@example.org")


@pytest.fixture
def visitor(db):
    return UserFactory(email="visitor@example.org")


@pytest.fixture
def closed_2024(db):
    return Campaign.objects.create(
        year=2024,
        opens_on=datetime.date(2025, 1, 1),
        closes_on=datetime.date(2025, 3, 31),
    )


@pytest.fixture
def scenario(db, closed_2024):
    senegal = CountryFactory(iso2="SN", name_fr="Sénégal", name_en="Senegal")
    mali = CountryFactory(iso2="ML", name_fr="Mali", name_en="Mali")
    thies = MHOFactory(code="SN-0001", country=senegal, name="Mutuelle de Thiès")
    kaolack = MHOFactory(code="SN-0002", country=senegal, name="Mutuelle de Kaolack")
    bamako = MHOFactory(code="ML-0001", country=mali, name="Mutuelle de Bamako")
    records = {
        "thies_2023": YearlyRecordFactory(mho=thies, year=2023),
        "thies_2024": YearlyRecordFactory(mho=thies, year=2024, members=450),
        "kaolack_2024": YearlyRecordFactory(mho=kaolack, year=2024),
        "bamako_2024": YearlyRecordFactory(mho=bamako, year=2024, members=300),
    }
    synthesis_rebuild()
    return {
        "senegal": senegal,
        "mali": mali,
        "thies": thies,
        "kaolack": kaolack,
        "bamako": bamako,
        **records,
    }


def later_validations(scenario):
    """What happens after the first edition: a record corrected and validated
    again, a record sent back to its manager (no longer public), and a new MHO
    whose first record is validated."""
    from inventory.models import YearlyRecord

    YearlyRecord.objects.filter(pk=scenario["thies_2024"].pk).update(members=500)
    YearlyRecord.objects.filter(pk=scenario["kaolack_2024"].pk).update(state="returned")
    sikasso = MHOFactory(code="ML-0002", country=scenario["mali"], name="Sikasso")
    YearlyRecordFactory(mho=sikasso, year=2024)
    synthesis_rebuild()
