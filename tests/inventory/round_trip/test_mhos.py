"""An MHO opened and saved unchanged keeps every value and writes no history:
the admin's change form, the admin's export then import (CSV and Excel). A
registration stores exactly what the registrant entered.

Each write path × kind of value is a test of its own (see ``kinds``).
"""

import pytest
from django.urls import reverse
from django.utils import translation

from inventory.imports import MHOResource
from inventory.models import MutualHealthOrganization
from organizations.models import Organization

from .conftest import make_mho, make_user, posted_back, stored
from .kinds import MHO_KINDS
from .test_records import FILE_FORMATS, admin_export, admin_import

pytestmark = pytest.mark.django_db
KINDS = list(MHO_KINDS)
REGISTERED = [
    "name",
    "acronym",
    "region",
    "locality",
    "area",
    "founded_year",
    "type",
    "membership_basis",
    "legal_status",
    "registration_number",
    "contact_email",
    "contact_phone",
    "postal_address",
]


@pytest.mark.parametrize("kind", KINDS)
def test_admin_change_form_saved_unchanged_changes_nothing(client, secretariat, kind):
    mho = make_mho(kind)
    before = stored(mho)
    with translation.override("fr"):
        url = reverse("admin:inventory_mutualhealthorganization_change", args=[mho.pk])

    response = client.post(url, posted_back(client.get(url)))

    assert response.status_code == 302, response.content.decode()[-3000:]
    assert stored(mho) == before


@pytest.mark.parametrize("file_format", FILE_FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_admin_export_imported_again_changes_nothing(
    client, secretariat, kind, file_format
):
    mho = make_mho(kind)
    before = stored(mho)
    exported = admin_export(
        client,
        MutualHealthOrganization,
        MHOResource(user=secretariat),
        FILE_FORMATS[file_format],
    )

    admin_import(client, MutualHealthOrganization, exported, FILE_FORMATS[file_format])

    assert stored(mho) == before


@pytest.mark.parametrize("kind", KINDS)
def test_registration_stores_what_was_entered(client, organizations, kind):
    client.force_login(make_user("registrant@example.sn"))
    values = MHO_KINDS[kind]
    country = make_mho("typical", code="SN-0900").country
    supporters = Organization.objects.filter(slug__in=values["support_organizations"])
    data = {
        name: "" if values[name] is None else str(values[name]) for name in REGISTERED
    }

    response = client.post(
        "/fr/my/register/",
        {
            **data,
            "country": country.pk,
            "support_organizations": [o.pk for o in supporters],
            # SN-0900 has the same name and place: the registrant confirms.
            "not_a_duplicate": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[-3000:]
    registered = MutualHealthOrganization.objects.get(code="SN-0901")
    assert {name: getattr(registered, name) for name in REGISTERED} == {
        name: values[name] for name in REGISTERED
    }
    assert set(registered.support_organizations.all()) == set(supporters)
    assert registered.approval == "pending"
