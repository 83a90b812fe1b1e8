from inventory.indicators import indicator_series, record_indicators
from inventory.models import YearlyRecord


def record(year=2021, **figures):
    values = {
        "members": 440,
        "beneficiaries": 1200,
        "target_population": 6000,
        "renewing_members": 300,
        "contributions_expected": 2_000_000,
        "contributions_collected": 1_600_000,
        "benefits_paid": 1_100_000,
        "operating_costs": 300_000,
    }
    values.update(figures)
    return YearlyRecord(year=year, **values)


def test_record_indicators_compute_each_ratio_exactly():
    indicators = record_indicators(record(), record(2020, members=400))

    assert indicators.year == 2021
    assert indicators.member_growth == 0.1
    assert indicators.retention == 0.75
    assert indicators.penetration == 0.2
    assert indicators.contribution_recovery == 0.8
    assert indicators.claims_ratio == 0.6875
    assert indicators.operating_cost_ratio == 0.1875
    assert indicators.values() == [0.1, 0.75, 0.2, 0.8, 0.6875, 0.1875]


def test_member_growth_is_negative_when_members_fall():
    indicators = record_indicators(record(members=300), record(2020, members=400))

    assert indicators.member_growth == -0.25


def test_indicators_are_none_without_last_year():
    indicators = record_indicators(record(), None)

    assert indicators.member_growth is None
    assert indicators.retention is None
    assert indicators.penetration == 0.2


def test_indicators_are_none_when_a_denominator_is_zero_or_missing():
    current = record(
        target_population=0,
        contributions_expected=None,
        contributions_collected=0,
    )
    previous = record(2020, members=0)

    indicators = record_indicators(current, previous)

    assert indicators.values() == [None, None, None, None, None, None]


def test_indicators_are_none_when_a_numerator_is_missing():
    current = record(
        members=None,
        renewing_members=None,
        beneficiaries=None,
        contributions_collected=None,
    )

    indicators = record_indicators(current, record(2020))

    assert indicators.member_growth is None
    assert indicators.retention is None
    assert indicators.penetration is None
    assert indicators.contribution_recovery is None
    assert indicators.claims_ratio is None


def test_record_indicators_ignore_a_previous_record_that_is_not_last_year():
    indicators = record_indicators(record(2021), record(2019, members=400))

    assert indicators.member_growth is None
    assert indicators.retention is None


def test_indicator_series_sorts_by_year_and_compares_with_the_year_before():
    records = [
        record(2021, members=500, renewing_members=400),
        record(2019, members=400),
        record(2020, members=440, renewing_members=330),
        record(2023, members=800),
    ]

    series = indicator_series(records)

    assert [item.year for item in series] == [2019, 2020, 2021, 2023]
    assert series[0].member_growth is None
    assert series[1].member_growth == 0.1
    assert series[1].retention == 330 / 400
    assert series[2].member_growth == 60 / 440
    assert series[2].retention == 400 / 440
    assert series[3].member_growth is None  # no record for 2022


def test_indicator_series_of_no_records_is_empty():
    assert indicator_series([]) == []
