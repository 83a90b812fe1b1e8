"""Indicators of one MHO's yearly records, computed from the records alone.

Pure functions (no queries): each ratio is ``None`` when a figure it needs is
missing or its denominator is zero, so a gap in the data never shows as 0 %.
"""

from dataclasses import dataclass, fields


def _ratio(numerator, denominator) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def member_growth(record, previous) -> float | None:
    """M.1: (members − last year's members) / last year's members."""
    if previous is None or record.members is None:
        return None
    return _ratio(record.members - (previous.members or 0), previous.members)


def retention(record, previous) -> float | None:
    """M.2: renewing members / last year's members."""
    if previous is None:
        return None
    return _ratio(record.renewing_members, previous.members)


def penetration(record) -> float | None:
    """M.5: beneficiaries / target population."""
    return _ratio(record.beneficiaries, record.target_population)


def contribution_recovery(record) -> float | None:
    """Contributions collected / contributions expected."""
    return _ratio(record.contributions_collected, record.contributions_expected)


def claims_ratio(record) -> float | None:
    """Benefits paid / contributions collected."""
    return _ratio(record.benefits_paid, record.contributions_collected)


def operating_cost_ratio(record) -> float | None:
    """Operating costs / contributions collected."""
    return _ratio(record.operating_costs, record.contributions_collected)


@dataclass(frozen=True)
class RecordIndicators:
    year: int
    member_growth: float | None
    retention: float | None
    penetration: float | None
    contribution_recovery: float | None
    claims_ratio: float | None
    operating_cost_ratio: float | None

    def values(self) -> list[float | None]:
        """The ratios in display order (the year excluded)."""
        return [getattr(self, field.name) for field in fields(self)[1:]]


def record_indicators(record, previous=None) -> RecordIndicators:
    """The indicators of ``record``; ``previous`` is the same MHO's year before."""
    if previous is not None and previous.year != record.year - 1:
        previous = None
    return RecordIndicators(
        year=record.year,
        member_growth=member_growth(record, previous),
        retention=retention(record, previous),
        penetration=penetration(record),
        contribution_recovery=contribution_recovery(record),
        claims_ratio=claims_ratio(record),
        operating_cost_ratio=operating_cost_ratio(record),
    )


def indicator_series(records) -> list[RecordIndicators]:
    """Indicators for one MHO's records; the previous is the record of year − 1."""
    by_year = {record.year: record for record in records}
    return [
        record_indicators(record, by_year.get(record.year - 1))
        for record in sorted(records, key=lambda record: record.year)
    ]
