"""Reference figures in the secretariat's desk: a source is required (said in
French), and only the secretariat may add or change them."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from editions.models import ReferenceFigure
from tests.factories import CountryFactory, UserFactory

pytestmark = pytest.mark.django_db

ADD = "/fr/admin/editions/referencefigure/add/"


def _form(**changes) -> dict:
    return {
        "key": "concertation-2000-functional",
        "year": "2000",
        "indicator": "mhos_functional",
        "value": "150",
        "country": "",
        "scope_fr": "Afrique de l'Ouest et du Centre",
        "scope_en": "West and Central Africa",
        "source": "Concertation, Inventaire des mutuelles de santé, 2000.",
        "page": "p. 4",
        "note_fr": "",
        "note_en": "",
        **changes,
    }


@pytest.mark.parametrize("source", ["", "   \n "])
def test_admin_refuses_a_figure_without_source_saying_so_in_french(
    client, secretariat, source
):
    client.force_login(secretariat)
    response = client.post(ADD, _form(source=source))
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count("Indiquez la source du chiffre en entier") == 1
    assert "Ce champ est obligatoire" not in text
    assert not ReferenceFigure.objects.exists()


def test_secretariat_adds_a_figure_with_its_source(client, secretariat):
    client.force_login(secretariat)
    response = client.post(ADD, _form(source="  Concertation, Inventaire 2000.  "))
    assert response.status_code == 302
    figure = ReferenceFigure.objects.get()
    assert figure.source == "Concertation, Inventaire 2000."
    assert figure.where == "Afrique de l'Ouest et du Centre"
    listing = client.get("/fr/admin/editions/referencefigure/").content.decode()
    assert "Afrique de l&#x27;Ouest et du Centre" in listing
    assert "Ajouter un chiffre de référence" in listing


def test_a_figure_names_a_country_or_its_scope(client, secretariat):
    client.force_login(secretariat)
    response = client.post(ADD, _form(scope_fr="", scope_en=""))
    assert "Choisissez un pays" in response.content.decode()
    senegal = CountryFactory(iso2="SN", name_fr="Sénégal", name_en="Senegal")
    client.post(ADD, _form(scope_fr="", scope_en="", country=senegal.pk))
    assert ReferenceFigure.objects.get().where == "Sénégal"


def test_only_the_secretariat_edits_reference_figures(client):
    staff = UserFactory(email="staff@example.org", is_staff=True)
    focal = UserFactory(email="focal@example.org")
    client.force_login(staff)
    assert client.post(ADD, _form()).status_code == 403
    client.force_login(focal)
    response = client.post(ADD, _form())
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not ReferenceFigure.objects.exists()


def test_model_validation_refuses_a_source_of_spaces():
    figure = ReferenceFigure(
        key="spaces",
        year=2000,
        scope_fr="Afrique",
        scope_en="Africa",
        indicator="members",
        value=1,
        source="   ",
    )
    with pytest.raises(ValidationError) as error, translation.override("fr"):
        figure.full_clean()
    assert "Indiquez la source" in str(error.value.message_dict["source"])


def test_database_refuses_a_figure_without_source():
    with pytest.raises(IntegrityError), transaction.atomic():
        ReferenceFigure.objects.create(
            key="no-source",
            year=2000,
            scope_fr="Afrique",
            scope_en="Africa",
            indicator="members",
            value=1,
            source="",
        )
