"""The pages of logged-in users ask the database a fixed number of queries,
however many MHOs and records the network holds: the same count with a few
and with many more mutuals, records, years and versions.

(The review queue's count against the number of submissions is in
test_four_eyes.py, and the admin lists' unfiltered counts in test_admin.py.)
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inventory.models import MHOManagement, SupportDelegation, YearlyRecord
from inventory.models.access import RequestStatus
from organizations.models import Organization
from tests.factories import UserFactory, secretariat_member
from tests.inventory.conftest import CAMPAIGN_YEAR, make_mho, make_record
from tests.inventory.test_four_eyes import submit_as

pytestmark = pytest.mark.django_db

# Years of history each added MHO gets (the records a page must not count).
YEARS = range(CAMPAIGN_YEAR - 6, CAMPAIGN_YEAR)


def queries(client, url) -> int:
    """Queries of a GET of ``url``, after one to warm sessions and caches."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def grow(country, first, count, *, organization=None):
    """``count`` more approved MHOs of ``country`` with years of validated
    records (supported by ``organization`` when given)."""
    for number in range(first, first + count):
        mho = make_mho(f"{country.iso2}-{number:04d}", country)
        for year in YEARS:
            make_record(mho, year)
        if organization is not None:
            mho.support_organizations.add(organization)


@pytest.fixture
def organization(senegal):
    organization = Organization.objects.create(
        slug="appui", name_fr="Appui", name_en="Support", kind="ngo"
    )
    organization.countries.add(senegal)
    return organization


@pytest.fixture
def delegate(organization):
    user = UserFactory(email="delegate@example.sn")
    SupportDelegation.objects.create(
        user=user,
        organization=organization,
        status=RequestStatus.APPROVED,
        decided_at=timezone.now(),
    )
    return user


def test_my_mutuals_of_a_delegate_asks_the_same_queries_for_more_mhos(
    client, senegal, campaign, organization, delegate
):
    grow(senegal, 100, 2, organization=organization)
    client.force_login(delegate)
    few = queries(client, "/fr/my/")

    grow(senegal, 200, 12, organization=organization)
    grow(senegal, 300, 5)  # not his

    response = client.get("/fr/my/")
    assert len(response.context["mhos"]) == 14
    assert queries(client, "/fr/my/") == few


def test_the_yearly_form_asks_the_same_queries_for_more_records(
    client, senegal, campaign, mho_a, manager_a
):
    url = f"/fr/my/{mho_a.code}/{CAMPAIGN_YEAR}/"
    client.force_login(manager_a)
    few = queries(client, url)

    for year in YEARS:
        if not YearlyRecord.objects.filter(mho=mho_a, year=year).exists():
            make_record(mho_a, year)
    grow(senegal, 100, 10)
    MHOManagement.objects.create(
        user=manager_a, mho=make_mho("SN-0500", senegal), status="approved"
    )

    assert queries(client, url) == few


def test_a_review_page_asks_the_same_queries_for_more_records(
    client, senegal, campaign, mho_a, manager_a, focal_sn
):
    record = submit_as(client, manager_a, mho_a)
    url = f"/fr/review/records/{record.pk}/"
    client.force_login(focal_sn)
    few = queries(client, url)

    for year in YEARS:
        if not YearlyRecord.objects.filter(mho=mho_a, year=year).exists():
            make_record(mho_a, year)
    grow(senegal, 100, 10)

    assert queries(client, url) == few


def test_a_records_history_asks_the_same_queries_for_more_versions(
    client, senegal, campaign, mho_a, manager_a, focal_sn
):
    record = submit_as(client, manager_a, mho_a)
    url = f"/fr/records/{record.pk}/history/"
    client.force_login(focal_sn)
    few = queries(client, url)

    for members in (410, 420, 430, 440):
        client.force_login(focal_sn)
        returned = client.post(
            f"/fr/review/records/{record.pk}/",
            {"version": record.version, "comment": "Encore"},
        )
        assert returned.status_code == 302
        record.refresh_from_db()
        assert record.state == YearlyRecord.State.RETURNED
        record = submit_as(client, manager_a, mho_a, record.version, members=members)
    grow(senegal, 100, 5)
    client.force_login(focal_sn)

    response = client.get(url)
    assert len(response.context["history"]) > 2
    assert queries(client, url) == few


def test_the_review_queue_asks_the_same_queries_for_a_bigger_country(
    client, senegal, campaign, mho_a, manager_a, focal_sn
):
    submit_as(client, manager_a, mho_a)
    client.force_login(focal_sn)
    few = queries(client, "/fr/review/")

    grow(senegal, 100, 15)

    assert queries(client, "/fr/review/") == few


def test_the_admin_list_of_records_filtered_asks_the_same_queries_for_more_rows(
    client, senegal, mali, campaign, mho_a
):
    client.force_login(secretariat_member(email="secretariat@example.sn"))
    url = "/fr/admin/inventory/yearlyrecord/"
    filtered = f"{url}?mho__country__id__exact={senegal.pk}&year={CAMPAIGN_YEAR - 1}"
    grow(senegal, 100, 2)
    few = (queries(client, url), queries(client, filtered))

    grow(senegal, 200, 12)
    grow(mali, 300, 6)

    assert (queries(client, url), queries(client, filtered)) == few
