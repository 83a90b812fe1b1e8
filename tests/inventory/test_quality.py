"""The data quality score: its definition on hand-computed records, its checks
against the form's warnings, the per-country figure the public pages publish
and the manager's panel on the yearly form."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from inventory.models import Campaign, YearlyRecord
from inventory.quality import CHECKS
from inventory.selectors_quality import (
    country_quality,
    quality_by_country,
    quality_by_year,
    record_quality,
)
from inventory.validation import record_warnings
from opendata.services.synthesis import synthesis_rebuild

from .conftest import CAMPAIGN_YEAR, make_mho, make_record

pytestmark = pytest.mark.django_db


def score_of(record):
    return record_quality(record=record)


def test_a_complete_consistent_validated_record_without_campaign_scores_100(senegal):
    record = make_record(make_mho("SN-0101", senegal), 2019)

    quality = score_of(record)

    assert (quality.filled, quality.passed, quality.failed) == (8, 5, [])
    assert quality.on_time and quality.validated
    assert quality.score == 100


def test_a_draft_missing_two_key_figures_and_failing_one_check(senegal):
    # 6 of 8 key figures: 25 × 6/8 = 18.75; W03 failed, 4 of 5 checks:
    # 25 × 4/5 = 20; a draft is neither on time nor validated: 38.75.
    record = make_record(
        make_mho("SN-0102", senegal),
        2019,
        state="draft",
        target_population=None,
        operating_costs=None,
        contributions_expected=1_000_000,
        contributions_collected=1_200_000,
        benefits_paid=900_000,
    )

    quality = score_of(record)

    assert (quality.filled, quality.passed, quality.failed) == (6, 4, ["W03"])
    assert not quality.on_time and not quality.validated
    assert quality.score == pytest.approx(38.75)


def test_jumps_against_last_year_fail_their_checks(senegal):
    mho = make_mho("SN-0103", senegal)
    make_record(mho, 2018, members=100, beneficiaries=300, state="draft")
    # Members 100 → 160 (+60 %): W01; beneficiaries 300 → 420 (+40 %): passes;
    # renewing 120 > last year's 100 members: W05.
    record = make_record(
        mho, 2019, members=160, beneficiaries=420, renewing_members=120,
        new_members=40, state="submitted",
    )  # fmt: skip

    quality = score_of(record)

    # 8/8 → 25; 3/5 → 15; submitted, no campaign for 2019 → 25; not validated.
    assert quality.failed == ["W01", "W05"]
    assert quality.score == pytest.approx(65)


def test_the_checks_are_the_warnings_the_form_asks_to_confirm(senegal):
    mho = make_mho("SN-0104", senegal)
    previous = make_record(mho, 2017, members=400, beneficiaries=1000)
    cases = [
        {"members": 700, "beneficiaries": 1000},
        {"members": 400, "beneficiaries": 1600},
        {"benefits_paid": 2_100_000},
        {"contributions_collected": 2_500_000, "benefits_paid": 100},
        {"renewing_members": 401, "members": 500, "beneficiaries": 1000},
        {"members": None, "renewing_members": None, "new_members": None},
    ]
    for figures in cases:
        YearlyRecord.objects.filter(mho=mho, year=2018).delete()
        record = make_record(mho, 2018, **figures)
        expected = [issue.code for issue in record_warnings(record, previous)]

        assert score_of(record).failed == sorted(expected), figures
    assert {code for code, _condition in CHECKS} == {f"W0{n}" for n in range(1, 6)}


def _submitted(record, when):
    YearlyRecord.objects.filter(pk=record.pk).update(submitted_at=when)


def test_on_time_means_submitted_by_the_closing_day_of_its_campaign(senegal):
    Campaign.objects.create(
        year=2019, opens_on=date(2020, 1, 15), closes_on=date(2020, 3, 31)
    )
    on_the_day = make_record(make_mho("SN-0105", senegal), 2019, state="submitted")
    late = make_record(make_mho("SN-0106", senegal), 2019, state="validated")
    imported = make_record(make_mho("SN-0107", senegal), 2019, state="validated")
    returned = make_record(make_mho("SN-0108", senegal), 2019, state="returned")
    _submitted(on_the_day, datetime(2020, 3, 31, 23, 0, tzinfo=UTC))
    _submitted(late, datetime(2020, 4, 1, 9, 0, tzinfo=UTC))
    _submitted(returned, datetime(2020, 2, 1, 9, 0, tzinfo=UTC))

    assert score_of(on_the_day).on_time
    assert not score_of(late).on_time
    assert score_of(late).score == 75
    assert score_of(imported).on_time  # validated with no submission date
    assert not score_of(returned).on_time  # back with its manager


def test_the_published_score_counts_validated_records_only(senegal, mali):
    make_record(make_mho("SN-0109", senegal), 2019)  # 100
    make_record(make_mho("SN-0110", senegal), 2019, target_population=None,
                operating_costs=None)  # 18.75 + 25 + 25 + 25 = 93.75  # fmt: skip
    make_record(make_mho("SN-0111", senegal), 2019, state="draft", members=None)
    make_record(make_mho("ML-0112", mali), 2019, contributions_expected=None)
    pending = make_mho("SN-0113", senegal)
    pending.approval = "pending"
    pending.save()
    make_record(pending, 2019, members=None)  # validated, of an MHO not approved
    make_record(YearlyRecord.objects.get(year=2019, mho__code="SN-0109").mho, 2018)

    by_country = quality_by_country(year=2019)

    assert by_country["SN"].records == 2
    assert by_country["SN"].score == pytest.approx((100 + 93.75) / 2)
    assert by_country["ML"].score == pytest.approx(96.875)  # 7/8 filled
    assert by_country[""].records == 3
    assert by_country[""].score == pytest.approx((100 + 93.75 + 96.875) / 3)
    assert set(quality_by_year(iso2="SN")) == {2018, 2019}


def test_the_focal_point_sees_every_record_of_their_country_lowest_first(
    senegal, mali, focal_sn
):
    make_record(make_mho("SN-0114", senegal), 2019)
    draft = make_record(make_mho("SN-0115", senegal), 2019, state="draft",
                        members=None, beneficiaries=None)  # fmt: skip
    make_record(make_mho("ML-0116", mali), 2019)

    quality = country_quality(user=focal_sn, iso2="SN", year=2019)

    assert [line.code for line in quality.records] == [draft.mho.code, "SN-0114"]
    assert quality.score == pytest.approx((100 + 6 * 25 / 8 + 25) / 2)
    assert country_quality(user=focal_sn, iso2="ML", year=2019).records == []


def test_the_manager_sees_the_score_of_their_record_on_the_form(
    client, manager_a, mho_a, campaign
):
    make_record(mho_a, CAMPAIGN_YEAR, state="draft", target_population=None)
    client.force_login(manager_a)

    french = client.get(f"/fr/my/{mho_a.code}/{CAMPAIGN_YEAR}/").content.decode()
    english = client.get(f"/en/my/{mho_a.code}/{CAMPAIGN_YEAR}/").content.decode()

    # 7/8 → 21.875 + 25 (no check failed) = 46.875, shown rounded.
    assert "Score de qualité des données : 47/100" in french
    assert "Chiffres clés renseignés : 7 sur 8" in french
    assert "Data quality score: 47/100" in english


def test_a_new_record_asks_to_save_a_draft_to_see_its_score(
    client, manager_a, mho_a, campaign
):
    client.force_login(manager_a)

    html = client.get(f"/en/my/{mho_a.code}/{CAMPAIGN_YEAR}/").content.decode()

    assert "Save a draft to see the score of this record." in html


def test_another_user_gets_no_form_and_no_score(client, mho_a, campaign):
    from tests.factories import UserFactory

    make_record(mho_a, CAMPAIGN_YEAR, state="draft")
    client.force_login(UserFactory())

    response = client.get(f"/en/my/{mho_a.code}/{CAMPAIGN_YEAR}/")

    assert response.status_code == 404
    assert b"Data quality score" not in response.content


def test_the_synthesis_pages_publish_the_score_of_validated_records(client, senegal):
    make_record(make_mho("SN-0117", senegal), 2019, target_population=None)
    make_record(make_mho("SN-0118", senegal), 2019, state="submitted",
                members=None, beneficiaries=None)  # fmt: skip
    synthesis_rebuild()

    listing = client.get("/en/synthesis/?year=2019").content.decode()
    country = client.get("/en/synthesis/SN/").content.decode()

    # Only the validated record: 21.875 + 25 + 25 + 25 = 96.875 → 97.
    for html in (listing, country):
        assert "Data quality" in html
        assert '<td class="num">97<span class="over">over 1 record</span></td>' in html


def test_the_data_page_defines_the_score_and_the_peers_in_both_languages(client):
    html = client.get("/fr/data/").content.decode()

    assert 'id="definition-quality_score"' in html
    assert "Sur 100, quatre parts de 25 points" in html
    assert "Out of 100, four parts of 25 points" in html
    assert 'id="definition-peer_group"' in html


def test_a_record_submitted_while_its_campaign_is_open_is_on_time(mho_a, campaign):
    record = make_record(mho_a, CAMPAIGN_YEAR, state="submitted")
    _submitted(record, timezone.now() - timedelta(days=1))

    assert score_of(record).on_time
    assert score_of(record).score == 75
