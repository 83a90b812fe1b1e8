import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in {"organizations", "concertation"}
]


@pytest.fixture
def secretariat(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_every_model_of_the_directory_has_an_admin():
    names = {model._meta.model_name for model in MODELS}

    assert names >= {
        "country",
        "organization",
        "focalpoint",
        "nationalcommittee",
        "governancerole",
        "user",
    }


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.model_name)
def test_admin_list_searches_and_filters(secretariat, network, model):
    model_admin = admin.site._registry[model]
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    listing = secretariat.get(url)
    searched = secretariat.get(url, {"q": "Mali"})
    added = secretariat.get(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    )

    assert model_admin.search_fields and model_admin.list_filter
    assert listing.status_code == 200
    assert searched.status_code == 200
    assert added.status_code == 200


def test_admin_search_finds_a_focal_point_by_host_organization(secretariat, network):
    response = secretariat.get(
        reverse("admin:organizations_focalpoint_changelist"), {"q": "UTM"}
    )

    assert response.context["cl"].result_count == 1
    assert "Djikine BABASSA" in response.content.decode()


def test_admin_is_closed_to_registered_users(client, network):
    client.force_login(UserFactory())

    response = client.get(reverse("admin:organizations_organization_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
