"""Published and unpublished data for the open-data tests, and a temporary
folder for the built files."""

from datetime import UTC, datetime

import pytest
from django.core.cache import cache

from opendata.exports.build import build_keys
from opendata.services.synthesis import synthesis_rebuild
from tests.factories import (
    CountryFactory,
    MHOFactory,
    OrganizationFactory,
    YearlyRecordFactory,
)

FORMULA_NAMES = ["=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)"]


@pytest.fixture(autouse=True)
def data_root(settings, tmp_path):
    """Build the files in a temporary MEDIA_ROOT, without a lock or a queued
    build left by another test."""
    settings.MEDIA_ROOT = tmp_path
    cache.delete_many(build_keys())
    yield tmp_path / "data"
    cache.delete_many(build_keys())


@pytest.fixture
def senegal(db):
    return CountryFactory(iso2="SN", name_fr="Sénégal", name_en="Senegal")


@pytest.fixture
def mali(db):
    return CountryFactory(iso2="ML", name_fr="Mali", name_en="Mali")


@pytest.fixture
def published(senegal, mali):
    """Public records (validated, approved MHOs) and records that must not be
    published (a draft, a submitted one, an MHO waiting for approval)."""
    network = OrganizationFactory(slug="umsd", kind="union")
    supporters = [
        OrganizationFactory(slug="zeta-ngo"),
        OrganizationFactory(slug="alpha-ngo"),
    ]
    thies = MHOFactory(
        code="SN-0001",
        country=senegal,
        name="Mutuelle de santé de Thiès, « Jàmm »",
        acronym="MUSAT",
        region="Thiès",
        area="urban",
        membership_basis="family",
        legal_status="recognized",
        network=network,
        support_organizations=supporters,
    )
    reviewed = datetime(2025, 3, 4, 10, 11, 12, 345678, tzinfo=UTC)
    YearlyRecordFactory(mho=thies, year=2023, reviewed_at=reviewed)
    YearlyRecordFactory(
        mho=thies,
        year=2024,
        members=450,
        general_assembly_held=True,
        accounts_approved=False,
        covers_primary_care=True,
        payment_mode="third-party",
        contribution_unit="person",
        contribution_periodicity="monthly",
        contribution_amount=500,
        entry_fee=1000,
        reviewed_at=reviewed,
    )
    kaolack = MHOFactory(code="SN-0002", country=senegal, name="Mutuelle de Kaolack")
    YearlyRecordFactory(mho=kaolack, year=2024, status="difficulty")
    YearlyRecordFactory(mho=kaolack, year=2023, state="draft", members=1)
    bamako = MHOFactory(code="ML-0001", country=mali, name="Mutuelle de Bamako")
    YearlyRecordFactory(mho=bamako, year=2024, currency="XOF", target_population=None)
    YearlyRecordFactory(mho=bamako, year=2023, state="submitted")
    pending = MHOFactory(code="SN-0003", country=senegal, approval="pending")
    YearlyRecordFactory(mho=pending, year=2024)
    synthesis_rebuild()  # as after a validation: the pages' years come from it
    return {"thies": thies, "kaolack": kaolack, "bamako": bamako}


@pytest.fixture
def formula_mhos(senegal):
    mhos = []
    for number, name in enumerate(FORMULA_NAMES, start=10):
        mho = MHOFactory(
            code=f"SN-{number:04d}", country=senegal, name=name, acronym=name
        )
        YearlyRecordFactory(mho=mho, year=2024)
        mhos.append(mho)
    return mhos
