"""Hypothesis profiles and the shared world of the fuzz tests.

CI runs the "ci" profile: a fixed number of examples per test, derandomized
(the same examples on every run, on SQLite and on PostgreSQL), no deadline and
no example database. ``FUZZ_PROFILE=explore`` draws new random examples on
every run, and ``FUZZ_SCALE=10`` multiplies the number of examples, to hunt for
new bugs locally.
"""

import logging
import os

import pytest
from django.template.base import Template
from django.test.utils import _TestState
from hypothesis import HealthCheck, Phase, settings

from inventory.models import MHOManagement
from inventory.services import records
from tests.inventory import conftest as inventory
from tests.inventory.conftest import (
    CAMPAIGN_YEAR,
    LAST_YEAR_FIGURES,
    make_mho,
    make_record,
)

# The inventory tests' people and mutuals, shared rather than written again.
campaign = inventory.campaign
senegal = inventory.senegal
mho_a = inventory.mho_a
manager_a = inventory.manager_a
staff = inventory.staff

_COMMON = {
    "deadline": None,
    "database": None,
    "print_blob": True,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
}
settings.register_profile(
    "ci",
    derandomize=True,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    **_COMMON,
)
settings.register_profile("explore", derandomize=False, **_COMMON)
PROFILE = settings.get_profile(os.environ.get("FUZZ_PROFILE", "ci"))
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))


def fuzz_settings(examples: int):
    """The profile's settings with ``examples`` examples (times FUZZ_SCALE)."""
    return settings(PROFILE, max_examples=max(1, int(examples * SCALE)))


def required_examples(examples: int) -> int:
    """How many examples a test must have run: all of them, at any scale."""
    return max(1, int(examples * SCALE))


@pytest.fixture
def plain_templates():
    """Render templates as in production, without the test runner's
    instrumentation: it copies every template's context for
    ``response.context`` and would double the time of each request."""
    instrumented = Template._render
    Template._render = _TestState.saved_data.template_render
    yield
    Template._render = instrumented


@pytest.fixture
def quiet_client_errors():
    """Thousands of expected 4xx answers would each log a warning; 5xx still log."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


class Mutuals:
    """The mutuals of the fuzz world, one for each situation a record can be in."""

    def __init__(self, **mhos):
        self.__dict__.update(mhos)


@pytest.fixture
def mutuals(campaign, senegal, mho_a, manager_a, staff):
    """SN-0001 reported last year (a new record is prefilled from it); SN-0002
    has a draft at version 2; SN-0003 is submitted (locked); SN-0004 has a
    record returned for correction two years ago; SN-0005 was founded after
    the campaign year; SN-0006 is not managed by the manager."""

    def managed(code, **fields):
        mho = make_mho(code, senegal)
        for name, value in fields.items():
            setattr(mho, name, value)
        mho.save()
        MHOManagement.objects.create(user=manager_a, mho=mho, status="approved")
        return mho

    draft = managed("SN-0002")
    make_record(draft, CAMPAIGN_YEAR - 1)
    for members in (410, 420):
        records.record_save_draft(
            record=records.record_for_edit(mho=draft, year=CAMPAIGN_YEAR),
            user=manager_a,
            data={"members": members, "beneficiaries": 3 * members},
            expected_version=records.record_for_edit(
                mho=draft, year=CAMPAIGN_YEAR
            ).version,
            source="form",
        )
    submitted = managed("SN-0003")
    records.record_submit(
        record=records.record_for_edit(mho=submitted, year=CAMPAIGN_YEAR),
        user=manager_a,
        data=dict(LAST_YEAR_FIGURES),
        expected_version=0,
        source="form",
        confirm_warnings=True,
    )
    returned = managed("SN-0004")
    make_record(
        returned,
        CAMPAIGN_YEAR - 2,
        state="returned",
        review_comment="Les cotisations attendues manquent.",
    )
    late = managed("SN-0005", founded_year=CAMPAIGN_YEAR + 1)
    stranger = make_mho("SN-0006", senegal)
    return Mutuals(
        reported=mho_a,
        draft=draft,
        submitted=submitted,
        returned=returned,
        late=late,
        stranger=stranger,
    )
