"""The year the public pages show: the latest year whose campaign has closed
(or, without a campaign, a past year at least half reported), never the year
of a campaign in progress unless it is asked for, and then marked provisional
with how many mutuals have reported."""

import io
import re
from datetime import timedelta
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.formats import date_format

from inventory.demo.accounts import FOCAL_EMAIL, MANAGER_EMAIL
from inventory.models import Campaign, MutualHealthOrganization
from inventory.services.records import (
    record_for_edit,
    record_submit,
    record_validate,
)
from opendata.exports.build import build_keys
from opendata.models import SynthesisRow
from opendata.services.synthesis import synthesis_rebuild, synthesis_rebuild_dirty
from tests.factories import CountryFactory, MHOFactory, YearlyRecordFactory

pytestmark = pytest.mark.django_db


def main(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, url
    html = response.content.decode()
    return unescape(html[html.index("<main") : html.index("</main>")])


@pytest.fixture
def make_run_data(network, settings, tmp_path):
    """What `make run` serves: 300 demonstration MHOs over the ten years up to
    last year, the demo accounts, and a campaign open for this year."""
    settings.MEDIA_ROOT = tmp_path
    cache.delete_many(build_keys())
    call_command(
        "seed_demo",
        mhos=300,
        years=10,
        seed=42,
        with_accounts=True,
        password="demo-password-for-tests",
        stdout=io.StringIO(),
    )
    yield timezone.localdate().year
    cache.delete_many(build_keys())


def validate_one_record(year: int, django_capture_on_commit_callbacks):
    """The demo manager submits their mutual's record of ``year`` and the
    demo focal point validates it; the synthesis is rebuilt."""
    users = get_user_model().objects
    manager, focal = users.get(email=MANAGER_EMAIL), users.get(email=FOCAL_EMAIL)
    mho = MutualHealthOrganization.objects.get(managements__user=manager)
    record = record_for_edit(mho=mho, year=year)
    with django_capture_on_commit_callbacks(execute=True):
        record = record_submit(
            record=record,
            user=manager,
            data={"members": 742, "beneficiaries": 2100},
            expected_version=record.version,
            source="form",
            confirm_warnings=True,
        )
    with django_capture_on_commit_callbacks(execute=True):
        record_validate(record=record, user=focal, expected_version=record.version)
    # What the worker does with the rebuild queued on commit (done already
    # when tasks run in the request, without a broker).
    synthesis_rebuild_dirty()
    return mho


def test_one_validation_of_the_open_campaign_leaves_the_pages_on_the_last_closed_year(
    client, make_run_data, django_capture_on_commit_callbacks
):
    this_year = make_run_data
    last_year = this_year - 1
    before = SynthesisRow.objects.get(country=None, year=last_year)

    validate_one_record(this_year, django_capture_on_commit_callbacks)

    campaign_year = SynthesisRow.objects.get(country=None, year=this_year)
    assert (campaign_year.mhos_reporting, campaign_year.mhos_known) == (1, 300)
    home = main(client, "/fr/")
    assert f"L'inventaire en {last_year}" in home
    assert str(this_year) not in re.sub(r"<footer.*", "", home)
    assert f"<strong>{before.mhos_reporting}</strong>" in home
    assert "provisoire" not in home.lower()
    synthesis = main(client, "/fr/synthesis/")
    assert f"Chiffres de {last_year}" in synthesis
    assert 'id="provisional-' not in synthesis
    assert f'<option value="{this_year}">{this_year} (provisoire)</option>' in (
        synthesis
    )
    inventory = client.get("/fr/inventory/")
    assert inventory.context["year"] == last_year
    assert 'id="provisional-' not in inventory.content.decode()


def test_the_campaign_year_asked_for_is_marked_provisional_with_n_of_m(
    client, make_run_data, django_capture_on_commit_callbacks
):
    this_year = make_run_data
    validate_one_record(this_year, django_capture_on_commit_callbacks)
    closes = Campaign.objects.get(year=this_year).closes_on
    with translation.override("fr"):
        closes_on = date_format(closes, "DATE_FORMAT")
    notice = (
        f"Chiffres provisoires : la campagne {this_year} est en cours jusqu'au "
        f"{closes_on} ; "
    )

    synthesis = main(client, "/fr/synthesis/", year=this_year)
    inventory = main(client, "/fr/inventory/", year=this_year)

    for html in (synthesis, inventory):
        assert notice in html
        assert "1 mutuelle sur 300 a des chiffres validés à ce jour." in html
    assert f"Chiffres de {this_year}" in synthesis
    # The table, the notice and the campaign's completeness count the same
    # 300 known mutuals (before, Africa said 61 in one table, 300 in the next).
    africa = synthesis[synthesis.index('<th scope="row">Afrique</th>') :]
    assert re.findall(r'<td class="num"[^>]*>([^<]*)</td>', africa)[:2] == ["300", "1"]
    campaign = synthesis[synthesis.index('id="campaign"') :]
    total = campaign[campaign.index("<tfoot>") :]
    assert re.findall(r'<td class="num"[^>]*>([^<]*)</td>', total)[:2] == ["300", "1"]
    rows = client.get("/api/v1/synthesis/", {"year": this_year}).json()["results"]
    assert rows and all(row["provisional"] for row in rows)
    rows = client.get("/api/v1/synthesis/", {"year": this_year - 1}).json()
    assert not any(row["provisional"] for row in rows["results"])
    # A country's page says how many of its own mutuals have reported.
    senegal = SynthesisRow.objects.get(country__iso2="SN", year=this_year)
    country = main(client, "/fr/synthesis/SN/")
    assert f'<th scope="row">{this_year} <span class="tag">provisoire</span>' in (
        country
    )
    assert (
        f"{senegal.mhos_reporting} mutuelle sur {senegal.mhos_known} a des chiffres "
        "validés à ce jour." in country
    )
    data_page = client.get("/fr/data/").content.decode()
    assert f"montrent les chiffres de {this_year - 1}" in data_page
    assert "1 mutuelle sur 300 a des chiffres validés à ce jour." in data_page


def test_the_campaign_year_becomes_the_default_once_its_campaign_closes(
    client, make_run_data, django_capture_on_commit_callbacks
):
    this_year = make_run_data
    validate_one_record(this_year, django_capture_on_commit_callbacks)
    yesterday = timezone.localdate() - timedelta(days=1)
    Campaign.objects.filter(year=this_year).update(
        opens_on=yesterday - timedelta(days=90), closes_on=yesterday
    )
    Campaign.objects.get(year=this_year).save()  # as the admin does: pages change

    assert f"Chiffres de {this_year}" in main(client, "/fr/synthesis/")
    assert client.get("/fr/inventory/").context["year"] == this_year


@pytest.fixture
def small_inventory():
    """Four MHOs of one country, founded in 2000, all reported for 2022."""
    country = CountryFactory(iso2="SN", name_fr="Sénégal", name_en="Senegal")
    mhos = [MHOFactory(country=country, founded_year=2000) for _ in range(4)]
    for mho in mhos:
        YearlyRecordFactory(mho=mho, year=2022)
    return mhos


def test_without_a_campaign_a_year_becomes_the_default_once_half_reported(
    client, small_inventory
):
    YearlyRecordFactory(mho=small_inventory[0], year=2023)
    synthesis_rebuild()

    assert client.get("/fr/inventory/").context["year"] == 2022
    html = main(client, "/fr/synthesis/", year=2023)
    assert (
        "Chiffres provisoires : 1 mutuelle sur 4 a des chiffres validés pour 2023"
        in (html)
    )

    YearlyRecordFactory(mho=small_inventory[1], year=2023)
    synthesis_rebuild()

    assert client.get("/fr/inventory/").context["year"] == 2023
    assert 'id="provisional-' not in main(client, "/fr/synthesis/")


def test_a_campaign_not_opened_yet_keeps_its_year_provisional(client, small_inventory):
    today = timezone.localdate()
    Campaign.objects.create(
        year=2023, opens_on=today + timedelta(days=3), closes_on=today + timedelta(60)
    )
    for mho in small_inventory:
        YearlyRecordFactory(mho=mho, year=2023)  # imported ahead of the campaign
    synthesis_rebuild()

    assert client.get("/fr/inventory/").context["year"] == 2022
    html = main(client, "/fr/synthesis/", year=2023)
    assert "la campagne 2023 n'est pas encore ouverte" in html
    assert "4 mutuelles sur 4 ont des chiffres validés à ce jour." in html
