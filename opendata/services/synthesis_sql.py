"""The one aggregate statement behind the synthesis.

The public records of the (country, year) pairs asked for, each joined to its
MHO's public record of the year before, grouped by (country, year, currency):
counts, sums, and each ratio's numerator, denominator and number of MHOs,
every one restricted by a FILTER clause to the records that reported both of
its figures. Counts add up across currencies; money (totals and money ratios)
is kept for the main currency only. FILTER runs on PostgreSQL and on
SQLite ≥ 3.30.

The SQL is written around the querysets' own, so that "public" keeps one
definition. (A correlated subquery for the year before was 20x slower at
400,000 records; one scan instead of three halves a country-year.)
"""

from collections import defaultdict

from django.db import connection
from django.db.models import F

from inventory.indicator_table import RATIOS
from inventory.models import YearlyRecord
from inventory.models.record import SYNTHESIS_COLUMNS

COUNT_COLUMN_BY_STATUS = {
    "functional": "mhos_functional",
    "difficulty": "mhos_difficulty",
    "starting": "mhos_starting",
    "project": "mhos_project",
    "inactive": "mhos_inactive",
}
MONEY_COLUMNS = [
    "contributions_expected",
    "contributions_collected",
    "benefits_paid",
    "operating_costs",
]
# Each ratio's (numerator, denominator) as SQL over c (the record) and p (the
# same MHO's record of the year before), from the table of indicators.
# Coverage is paired with the country's population afterwards (see
# services/synthesis.py).
PAIRED = {ratio.name: ratio.sql for ratio in RATIOS if ratio.sql}
MONEY_RATIOS = [ratio for ratio in RATIOS if ratio.money]
# Summed across currencies (everything that is not money).
COUNTED = [
    "mhos_reporting",
    "reporting_founded_later",
    "members",
    "beneficiaries",
    "beneficiaries_mhos",
    *COUNT_COLUMN_BY_STATUS.values(),
    *(
        field
        for ratio in RATIOS
        if ratio.name in PAIRED and not ratio.money
        for field in (ratio.numerator, ratio.denominator, ratio.mhos)
    ),
]
MONEY = [
    *MONEY_COLUMNS,
    *(
        field
        for ratio in MONEY_RATIOS
        for field in (ratio.numerator, ratio.denominator, ratio.mhos)
    ),
]


def _restrict(queryset, pairs, country_field):
    if pairs is None:
        return queryset
    countries = {country for country, _ in pairs}
    years = {year for _, year in pairs}
    return queryset.filter(**{f"{country_field}__in": countries, "year__in": years})


def _selected() -> dict[str, str]:
    selected = {
        "mhos_reporting": "COUNT(*)",
        # An MHO whose founding year was changed after it reported: known all
        # the same that year, so completeness never passes 100 %.
        "reporting_founded_later": "COUNT(*) FILTER (WHERE c.founded_year > c.year)",
        "members": "SUM(c.members)",
        "beneficiaries": "SUM(c.beneficiaries)",
        "beneficiaries_mhos": "COUNT(c.beneficiaries)",
        **{
            column: "COUNT(*) FILTER (WHERE c.status = %s)"
            for column in COUNT_COLUMN_BY_STATUS.values()
        },
        **{column: f"SUM(c.{column})" for column in MONEY_COLUMNS},
    }
    for ratio in RATIOS:
        if ratio.name not in PAIRED:
            continue
        numerator, denominator = PAIRED[ratio.name]
        both = f"FILTER (WHERE {numerator} IS NOT NULL AND {denominator} IS NOT NULL)"
        selected[ratio.numerator] = f"SUM({numerator}) {both}"
        selected[ratio.denominator] = f"SUM({denominator}) {both}"
        selected[ratio.mhos] = f"COUNT(*) {both}"
    return selected


def _statement(pairs):
    current = (
        _restrict(YearlyRecord.objects.public(), pairs, "mho__country_id")
        .order_by()
        .values("mho_id", "year", *SYNTHESIS_COLUMNS)
        .annotate(country=F("mho__country_id"), founded_year=F("mho__founded_year"))
    )
    # The year before is joined to a public record of the same MHO, so its
    # MHO is known to be approved: validated records suffice, without reading
    # the MHOs a second time (a third of one country-year's time).
    previous = YearlyRecord.objects.validated().filter(members__isnull=False)
    if pairs is not None:
        previous = previous.filter(year__in={year - 1 for _, year in pairs})
    previous = previous.order_by().values("mho_id", "year", "members")
    current_sql, current_params = current.query.sql_with_params()
    previous_sql, previous_params = previous.query.sql_with_params()
    selected = _selected()
    sql = (
        f"SELECT c.country, c.year, c.currency, {', '.join(selected.values())} "
        f"FROM ({current_sql}) c LEFT JOIN ({previous_sql}) p "
        "ON p.mho_id = c.mho_id AND p.year = c.year - 1 "
        "GROUP BY c.country, c.year, c.currency"
    )
    return (
        sql,
        (*COUNT_COLUMN_BY_STATUS, *current_params, *previous_params),
        list(selected),
    )


def synthesis_aggregates(pairs):
    """({(country, year): counts}, {(country, year): money of the main
    currency}) for the pairs (every pair with public records when None)."""
    sql, params, names = _statement(pairs)
    counts = defaultdict(lambda: dict.fromkeys(COUNTED, 0))
    by_pair = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for country, year, currency, *figures in cursor:
            values = dict(zip(names, figures, strict=True))
            totals = counts[(country, year)]
            for name in COUNTED:
                if values[name] is not None:
                    totals[name] = (totals[name] or 0) + values[name]
            by_pair[(country, year)].append(
                {
                    "currency": currency,
                    "money_records": values["mhos_reporting"],
                    **{name: values[name] for name in MONEY},
                }
            )
    # The currency most records use; ties go to the first in alphabetical order.
    main = {
        pair: min(options, key=lambda row: (-row["money_records"], row["currency"]))
        for pair, options in by_pair.items()
    }
    return dict(counts), main
