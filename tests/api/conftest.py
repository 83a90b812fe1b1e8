"""A small published inventory with unpublished data around it, and a fresh
anonymous quota for every test (the throttle counts requests in the cache)."""

from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from rest_framework.throttling import AnonRateThrottle

from opendata.models import SynthesisRow
from tests.factories import (
    CountryFactory,
    MHOFactory,
    OrganizationFactory,
    YearlyRecordFactory,
)

VALIDATED_AT = datetime(2022, 3, 1, 9, 30, tzinfo=UTC)
# The test client's address, and none at all for clients that send no
# REMOTE_ADDR (schemathesis' WSGI client).
CLIENT_IDENTS = ["127.0.0.1", None]


@pytest.fixture(autouse=True)
def fresh_anonymous_quota():
    keys = [
        AnonRateThrottle.cache_format % {"scope": "anon", "ident": ident}
        for ident in CLIENT_IDENTS
    ]
    cache.delete_many(keys)
    yield
    cache.delete_many(keys)


def published_record(mho, year, **fields):
    return YearlyRecordFactory(
        mho=mho, year=year, state="validated", reviewed_at=VALIDATED_AT, **fields
    )


@pytest.fixture
def inventory(db):
    """SN: two approved MHOs; ML: one demo MHO; TG: only a pending MHO;
    BJ: nothing. Records in every workflow state; synthesis rows for 2021."""
    senegal = CountryFactory(
        iso2="SN", name_fr="Sénégal", name_en="Senegal", population=17_000_000
    )
    mali = CountryFactory(iso2="ML", name_fr="Mali", name_en="Mali")
    togo = CountryFactory(iso2="TG", name_fr="Togo", name_en="Togo")
    CountryFactory(iso2="BJ", name_fr="Bénin", name_en="Benin")
    union = OrganizationFactory(slug="union-sn", kind="union")
    supporters = [OrganizationFactory(slug=slug) for slug in ("zeta", "alpha")]

    thies = MHOFactory(
        code="SN-0001",
        country=senegal,
        name="Mutuelle de santé de Thiès",
        network=union,
        support_organizations=supporters,
    )
    kaolack = MHOFactory(code="SN-0002", country=senegal, name="Mutuelle de Kaolack")
    demo = MHOFactory(code="ML-0001", country=mali, is_demo=True)
    pending = MHOFactory(code="TG-0001", country=togo, approval="pending")

    published_record(thies, 2021, status="functional")
    published_record(thies, 2020, status="difficulty", members=300)
    YearlyRecordFactory(mho=thies, year=2022, state="draft", review_comment="x")
    YearlyRecordFactory(mho=kaolack, year=2021, state="submitted")
    YearlyRecordFactory(mho=kaolack, year=2020, state="returned")
    published_record(demo, 2021, status="starting")
    published_record(pending, 2021)

    SynthesisRow.objects.create(
        country=senegal,
        year=2021,
        mhos_known=2,
        mhos_reporting=1,
        members=400,
        beneficiaries=1200,
        currency="XOF",
        money_records=1,
        contributions_expected=2_000_000,
        contributions_collected=1_600_000,
        benefits_paid=1_100_000,
        operating_costs=300_000,
        population=17_000_000,
        # The ratios, over the one MHO that reported both figures of each.
        recovery_numerator=1_600_000,
        recovery_denominator=2_000_000,
        recovery_mhos=1,
        claims_ratio_numerator=1_100_000,
        claims_ratio_denominator=1_600_000,
        claims_ratio_mhos=1,
        coverage_numerator=1200,
        coverage_denominator=17_000_000,
        coverage_mhos=1,
    )
    SynthesisRow.objects.create(country=mali, year=2021, mhos_known=1)
    SynthesisRow.objects.create(country=None, year=2021, mhos_known=3, members=800)
    SynthesisRow.objects.create(country=None, year=2020, mhos_known=3)
    return {"SN": senegal, "ML": mali, "TG": togo}
