"""A yearly record opened and saved unchanged, on every write path, keeps every
value: the online form, the Excel template, the admin's change form and the
admin's export then import (CSV and Excel). Such a save writes nothing: no
new version, no history row. A year prefilled from the year before keeps
every figure of that year (the flows of the year start empty).

Each write path × kind of value is a test of its own (see ``kinds``).
"""

import io

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from import_export.formats import base_formats

from inventory.imports import YearlyRecordResource
from inventory.models import YearlyRecord
from inventory.models.record import DATA_FIELDS
from tests.fuzz.support import flash_messages
from tests.inventory.conftest import CAMPAIGN_YEAR

from .conftest import posted_back, record_with, stored
from .kinds import RECORD_KINDS

pytestmark = pytest.mark.django_db
KINDS = list(RECORD_KINDS)


def figures(record) -> dict:
    return {name: getattr(record, name) for name in DATA_FIELDS}


def prefilled(kind: str) -> dict:
    """What a new year holds once saved from last year's figures of ``kind``."""
    return {**RECORD_KINDS[kind], "new_members": None, "renewing_members": None}


# --- the online form ------------------------------------------------------------------


def form_url(mho, year=CAMPAIGN_YEAR):
    return f"/fr/my/{mho.code}/{year}/"


@pytest.mark.parametrize("kind", KINDS)
def test_online_form_saved_unchanged_changes_nothing(client, manager, mho, kind):
    record = record_with(mho, CAMPAIGN_YEAR, RECORD_KINDS[kind])
    before = stored(record)

    data = posted_back(client.get(form_url(mho)))
    response = client.post(form_url(mho), {**data, "draft": "1"})

    assert response.status_code == 302, response.content.decode()[-3000:]
    assert flash_messages(response) == [
        "Rien n'a changé\u00a0: le brouillon reste tel quel."
    ]
    assert stored(record) == before


@pytest.mark.parametrize("kind", KINDS)
def test_online_form_prefilled_from_last_year_keeps_its_figures(
    client, manager, mho, kind
):
    record_with(mho, CAMPAIGN_YEAR - 1, RECORD_KINDS[kind], state="validated")

    data = posted_back(client.get(form_url(mho)))
    response = client.post(form_url(mho), {**data, "draft": "1"})

    assert response.status_code == 302, response.content.decode()[-3000:]
    created = YearlyRecord.objects.get(mho=mho, year=CAMPAIGN_YEAR)
    assert figures(created) == prefilled(kind)


# --- the Excel template ---------------------------------------------------------------


def upload(client, mho, content: bytes, year=CAMPAIGN_YEAR):
    file = io.BytesIO(content)
    file.name = f"{mho.code}-{year}.xlsx"
    return client.post(
        f"/fr/my/{mho.code}/{year}/upload/", {"file": file, "action": "draft"}
    )


def template(client, mho, year=CAMPAIGN_YEAR) -> bytes:
    response = client.get(f"/fr/my/{mho.code}/{year}/template.xlsx")
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize("kind", KINDS)
def test_template_uploaded_unchanged_changes_nothing(client, manager, mho, kind):
    record = record_with(mho, CAMPAIGN_YEAR, RECORD_KINDS[kind])
    before = stored(record)

    response = upload(client, mho, template(client, mho))

    assert response.status_code == 302, response.content.decode()[-3000:]
    assert flash_messages(response) == [
        "Votre fichier contient les chiffres déjà enregistrés\u00a0: rien n'a changé."
    ]
    assert stored(record) == before


@pytest.mark.parametrize("kind", KINDS)
def test_template_prefilled_from_last_year_keeps_its_figures(
    client, manager, mho, kind
):
    record_with(mho, CAMPAIGN_YEAR - 1, RECORD_KINDS[kind], state="validated")

    response = upload(client, mho, template(client, mho))

    assert response.status_code == 302, response.content.decode()[-3000:]
    created = YearlyRecord.objects.get(mho=mho, year=CAMPAIGN_YEAR)
    assert figures(created) == prefilled(kind)
    assert created.source == "template"


# --- the admin ------------------------------------------------------------------------


def admin_url(name, *args):
    with translation.override("fr"):
        return reverse(f"admin:inventory_yearlyrecord_{name}", args=args)


@pytest.mark.parametrize("kind", KINDS)
def test_admin_change_form_saved_unchanged_changes_nothing(
    client, secretariat, mho, kind
):
    record = record_with(mho, CAMPAIGN_YEAR, RECORD_KINDS[kind], state="validated")
    before = stored(record)
    url = admin_url("change", record.pk)

    response = client.post(url, posted_back(client.get(url)))

    assert response.status_code == 302, response.content.decode()[-3000:]
    assert stored(record) == before


def _format_index(formats, file_format) -> str:
    """The position of ``file_format`` (or the admin's subclass of it)."""
    return str(next(i for i, one in enumerate(formats) if issubclass(one, file_format)))


def admin_export(client, model, resource, file_format) -> bytes:
    """The file the admin's export page gives, every column ticked."""
    model_admin = admin.site._registry[model]
    formats = model_admin.get_export_formats()
    prefix = type(resource).__name__.lower()
    columns = {f"{prefix}_{name}": "on" for name in resource.get_export_order()}
    name = model._meta.model_name
    with translation.override("fr"):
        url = reverse(f"admin:inventory_{name}_export")
    response = client.post(
        url,
        {"resource": "0", "format": _format_index(formats, file_format), **columns},
    )
    assert response.status_code == 200, response.content.decode()[-3000:]
    return b"".join(response) if response.streaming else response.content


def admin_import(client, model, content: bytes, file_format):
    """Upload ``content`` on the admin's import page, then confirm it."""
    model_admin = admin.site._registry[model]
    formats = model_admin.get_import_formats()
    name = model._meta.model_name
    with translation.override("fr"):
        url = reverse(f"admin:inventory_{name}_import")
        process = reverse(f"admin:inventory_{name}_process_import")
    extension = file_format().get_extension()
    preview = client.post(
        url,
        {
            "resource": "0",
            "format": _format_index(formats, file_format),
            "import_file": SimpleUploadedFile(f"export.{extension}", content),
        },
    )
    assert preview.status_code == 200
    assert "confirm_form" in preview.context, preview.content.decode()[-3000:]
    done = client.post(process, preview.context["confirm_form"].initial)
    assert done.status_code == 302, done.content.decode()[-3000:]
    return preview


FILE_FORMATS = {"csv": base_formats.CSV, "xlsx": base_formats.XLSX}


@pytest.mark.parametrize("file_format", FILE_FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_admin_export_imported_again_changes_nothing(
    client, secretariat, mho, kind, file_format
):
    record = record_with(mho, CAMPAIGN_YEAR, RECORD_KINDS[kind], state="validated")
    before = stored(record)
    exported = admin_export(
        client,
        YearlyRecord,
        YearlyRecordResource(user=secretariat),
        FILE_FORMATS[file_format],
    )

    admin_import(client, YearlyRecord, exported, FILE_FORMATS[file_format])

    assert stored(record) == before
