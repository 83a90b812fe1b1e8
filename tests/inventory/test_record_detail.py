"""The read-only page of a record: what was saved or submitted, in every state,
with who did what and when and the reviewer's comment; only for those who may
see the record."""

from pathlib import Path

import pytest
from django.conf import settings

from inventory.models import MHOManagement, YearlyRecord
from inventory.services import records
from tests.factories import UserFactory

from .conftest import CAMPAIGN_YEAR, form_data, make_mho, make_record

pytestmark = pytest.mark.django_db


def submit(client, mho, record, **changes):
    data = form_data(record, record.version, **changes)
    data["submit"] = "1"
    data["confirm_warnings"] = "on"
    return client.post(f"/en/my/{mho.code}/{CAMPAIGN_YEAR}/", data)


def test_a_submission_opens_the_read_only_record(client, campaign, manager_a, mho_a):
    client.force_login(manager_a)
    record = records.record_for_edit(mho=mho_a, year=CAMPAIGN_YEAR)

    response = submit(client, mho_a, record, members=420, beneficiaries=1300)

    saved = YearlyRecord.objects.get(mho=mho_a, year=CAMPAIGN_YEAR)
    assert response.status_code == 302
    assert response["Location"] == f"/en/records/{saved.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert "Record submitted to your focal point." in html
    assert '<span class="tag">Submitted</span>' in html
    assert "Awa Diop" in html  # who submitted
    assert "Submitted to the focal point, by Awa Diop" in html
    assert (
        'id="figure-members">Members</dt><dd aria-labelledby="figure-members">420<'
        in (html)
    )
    assert ">2,400,000\u00a0XOF</dd>" in html  # contributions expected
    assert ">Yes</dd>" in html and ">Not reported</dd>" in html
    assert ">Third-party payment</dd>" in html
    for raw in (">True<", ">False<", ">None<", "third-party<"):
        assert raw not in html
    assert 'action="' not in html.split("<main")[1]  # nothing to post here


def test_the_french_page_groups_digits_the_french_way(
    client, campaign, manager_a, mho_a
):
    record = make_record(mho_a, CAMPAIGN_YEAR, state="draft")
    client.force_login(manager_a)

    html = client.get(f"/fr/records/{record.pk}/").content.decode()

    assert ">2\u202f400\u202f000\u00a0XOF</dd>" in html
    assert '<span class="tag">Brouillon</span>' in html
    assert "Mettre à jour la fiche" in html  # a draft can still be changed


def test_a_returned_record_shows_the_comment_and_who_returned_it(
    client, campaign, manager_a, focal_sn, mho_a
):
    record = make_record(mho_a, CAMPAIGN_YEAR, state="submitted", version=1)
    records.record_return(
        record=record,
        user=focal_sn,
        expected_version=1,
        comment="Les bénéficiaires semblent trop nombreux.",
    )
    client.force_login(manager_a)

    html = client.get(f"/en/records/{record.pk}/").content.decode()

    assert '<span class="tag">Returned for correction</span>' in html
    assert "Les bénéficiaires semblent trop nombreux." in html
    assert "Returned to the managers with a comment, by Point focal Sénégal" in html
    assert f'href="/en/my/SN-0001/{CAMPAIGN_YEAR}/"' in html


def test_a_validated_record_cannot_be_changed_from_its_page(
    client, campaign, manager_a, mho_a
):
    record = make_record(mho_a, CAMPAIGN_YEAR - 2)
    client.force_login(manager_a)

    html = client.get(f"/en/records/{record.pk}/").content.decode()

    assert '<span class="tag">Validated</span>' in html
    assert "This record is validated and public." in html
    assert "/my/SN-0001/" not in html


def test_confirmed_warnings_are_listed(client, campaign, manager_a, mho_a):
    client.force_login(manager_a)
    record = records.record_for_edit(mho=mho_a, year=CAMPAIGN_YEAR)
    submit(client, mho_a, record, members=800, beneficiaries=1600)
    saved = YearlyRecord.objects.get(mho=mho_a, year=CAMPAIGN_YEAR)

    html = client.get(f"/en/records/{saved.pk}/").content.decode()

    assert saved.confirmed_warnings.startswith("W01")
    assert "Warnings confirmed by the submitter" in html
    assert "Changed by more than 50% since last year" in html and "(W01)" in html


def test_my_mutuals_links_the_read_only_record(client, campaign, manager_a, mho_a):
    record = make_record(mho_a, CAMPAIGN_YEAR, state="submitted")
    client.force_login(manager_a)

    html = client.get("/en/my/").content.decode()

    assert f'href="/en/records/{record.pk}/">See the record</a>' in html


def test_focal_points_read_the_record_of_their_country_only(
    client, campaign, focal_sn, focal_ml, mho_a, mali
):
    record = make_record(mho_a, CAMPAIGN_YEAR, state="submitted")
    other = make_record(make_mho("ML-0001", mali), CAMPAIGN_YEAR, state="submitted")
    client.force_login(focal_sn)

    mine = client.get(f"/en/records/{record.pk}/")
    theirs = client.get(f"/en/records/{other.pk}/")

    assert mine.status_code == 200
    assert f'href="/en/review/records/{record.pk}/"' in mine.content.decode()
    assert theirs.status_code == 404


def test_another_mutuals_manager_cannot_read_the_record(client, campaign, mho_a, mho_b):
    record = make_record(mho_a, CAMPAIGN_YEAR, state="submitted")
    other_manager = UserFactory()
    MHOManagement.objects.create(user=other_manager, mho=mho_b, status="approved")
    client.force_login(other_manager)

    assert client.get(f"/en/records/{record.pk}/").status_code == 404
    client.logout()
    response = client.get(f"/en/records/{record.pk}/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_page_is_printable(client, campaign, manager_a, mho_a):
    record = make_record(mho_a, CAMPAIGN_YEAR, state="submitted")
    client.force_login(manager_a)

    html = client.get(f"/en/records/{record.pk}/").content.decode()
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()

    assert 'class="record-sheet"' in html and 'class="no-print"' in html
    assert "Printed from the Concertation portal" in html
    assert "@media print" in css and ".no-print" in css
