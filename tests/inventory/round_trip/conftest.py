"""The people, places and helpers of the round-trip tests."""

import pytest
from django.contrib.auth import get_user_model

from inventory.models import MHOManagement, MutualHealthOrganization, YearlyRecord
from organizations.models import Organization
from tests.inventory.conftest import make_country
from tests.security.html_forms import form_data

from .kinds import MHO_KINDS


def make_user(email, **fields):
    """A user without a password: hashing one takes most of a test's time."""
    return get_user_model().objects.create(email=email, **fields)


def stored(obj) -> dict:
    """Everything the database holds of ``obj``: every column, its relations
    and how many history rows it has."""
    model = type(obj)
    columns = [field.attname for field in model._meta.concrete_fields]
    row = model.objects.filter(pk=obj.pk).values(*columns).get()
    related = {
        field.name: sorted(
            getattr(model.objects.get(pk=obj.pk), field.name).values_list(
                "pk", flat=True
            )
        )
        for field in model._meta.many_to_many
    }
    history = model.history.filter(**{model._meta.pk.attname: obj.pk}).count()
    return {**row, **related, "history rows": history}


def posted_back(response) -> dict[str, list[str]]:
    """What the browser sends back from the page's form, unchanged."""
    assert response.status_code == 200, response.status_code
    return form_data(response.content.decode())


def make_mho(kind: str, code="SN-0001") -> MutualHealthOrganization:
    values = dict(MHO_KINDS[kind])
    network = values.pop("network")
    supporters = values.pop("support_organizations")
    mho = MutualHealthOrganization.objects.create(
        code=code,
        country=make_country("SN", "Sénégal"),
        network=Organization.objects.filter(slug=network).first(),
        **values,
    )
    mho.support_organizations.set(Organization.objects.filter(slug__in=supporters))
    return mho


@pytest.fixture
def organizations(db):
    for slug, kind in (("pamas", "ngo"), ("wsm", "ngo"), ("union-thies", "network")):
        Organization.objects.create(
            slug=slug, name_fr=slug.upper(), name_en=slug.upper(), kind=kind
        )


@pytest.fixture
def mho(organizations):
    return make_mho("typical")


@pytest.fixture
def manager(client, campaign, mho):
    user = make_user("manager@example.sn")
    MHOManagement.objects.create(user=user, mho=mho, status="approved")
    client.force_login(user)
    return user


@pytest.fixture
def secretariat(client, organizations):
    user = make_user("secretariat@example.sn", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def record_with(mho, year, figures, state="draft") -> YearlyRecord:
    return YearlyRecord.objects.create(mho=mho, year=year, state=state, **figures)
