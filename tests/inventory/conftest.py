"""People and mutuals of the inventory workflow tests."""

from datetime import timedelta

import pytest
from django.utils import timezone

from inventory.models import (
    Campaign,
    MHOManagement,
    MutualHealthOrganization,
    YearlyRecord,
)
from inventory.services.changes import records_changed
from inventory.services.mho_write import mho_saved
from organizations.models import Country, FocalPoint
from tests.factories import UserFactory, secretariat_member

CAMPAIGN_YEAR = timezone.localdate().year - 1

LAST_YEAR_FIGURES = {
    "status": "functional",
    "members": 400,
    "beneficiaries": 1200,
    "target_population": 8000,
    "new_members": 60,
    "renewing_members": 320,
    "currency": "XOF",
    "contribution_amount": 500,
    "contribution_unit": "person",
    "contribution_periodicity": "monthly",
    "contributions_expected": 2_400_000,
    "contributions_collected": 2_000_000,
    "benefits_paid": 1_500_000,
    "operating_costs": 300_000,
    "covers_primary_care": True,
    "covers_delivery": True,
    "payment_mode": "third-party",
}


def make_country(iso2, name):
    country, _ = Country.objects.get_or_create(
        iso2=iso2, defaults={"name_fr": name, "name_en": name, "region": "west-africa"}
    )
    return country


def make_mho(code, country, **fields):
    """An approved MHO, written as every writer does: then the change path."""
    mho = MutualHealthOrganization.objects.create(
        code=code,
        name=fields.pop("name", f"Mutuelle {code}"),
        country=country,
        approval="approved",
        founded_year=2001,
        **fields,
    )
    mho_saved(mho, country_before=None)
    return mho


def make_record(mho, year, state="validated", **figures):
    """A record with last year's figures, then the change path."""
    record = YearlyRecord.objects.create(
        mho=mho, year=year, state=state, **{**LAST_YEAR_FIGURES, **figures}
    )
    records_changed(pairs=[(mho.country_id, year)], states={state})
    return record


@pytest.fixture
def senegal(db):
    return make_country("SN", "Sénégal")


@pytest.fixture
def mali(db):
    return make_country("ML", "Mali")


@pytest.fixture
def campaign(db):
    today = timezone.localdate()
    return Campaign.objects.create(
        year=CAMPAIGN_YEAR,
        opens_on=today - timedelta(days=10),
        closes_on=today + timedelta(days=60),
    )


@pytest.fixture
def mho_a(senegal):
    mho = make_mho("SN-0001", senegal, name="Mutuelle de santé de Thiès")
    make_record(mho, CAMPAIGN_YEAR - 1)
    return mho


@pytest.fixture
def mho_b(senegal):
    mho = make_mho("SN-0002", senegal, name="Mutuelle de santé de Kaolack")
    make_record(mho, CAMPAIGN_YEAR - 1)
    return mho


@pytest.fixture
def manager_a(mho_a):
    user = UserFactory(email="manager.a@example.sn", full_name="Awa Diop")
    MHOManagement.objects.create(user=user, mho=mho_a, status="approved")
    return user


@pytest.fixture
def focal_sn(senegal):
    user = UserFactory(email="focal.sn@example.sn", full_name="Point focal Sénégal")
    focal_point = FocalPoint.objects.create(country=senegal, contact_person="PF SN")
    focal_point.reviewers.add(user)
    return user


@pytest.fixture
def focal_ml(mali):
    user = UserFactory(email="focal.ml@example.ml")
    focal_point = FocalPoint.objects.create(country=mali, contact_person="PF ML")
    focal_point.reviewers.add(user)
    return user


@pytest.fixture
def staff(db):
    """The technical secretariat: staff in the Secretariat group."""
    return secretariat_member(email="secretariat@example.sn")


def form_data(record_or_figures, version, **changes):
    """What the browser posts for the record form."""
    figures = (
        dict(record_or_figures)
        if isinstance(record_or_figures, dict)
        else {name: getattr(record_or_figures, name) for name in LAST_YEAR_FIGURES}
    )
    figures.update(changes)
    data = {"version": version}
    for name, value in figures.items():
        if isinstance(value, bool):
            data[name] = "true" if value else "false"
        elif value is not None:
            data[name] = str(value)
    return data
