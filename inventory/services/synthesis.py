"""Rebuilding the synthesis tables from the validated records.

Everything is computed by a few GROUP BY queries, whatever the number of
records: counts and sums per (country, year), the members of the year before
through a join on (MHO, year - 1) (the panel of MHOs that reported both years),
money per currency (only the country's main currency of the year is summed),
and the known MHOs per country and founding year.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q, Sum

from concertation import pagecache
from inventory.models import DirtySynthesis, MutualHealthOrganization, YearlyRecord
from inventory.models.synthesis import SynthesisRow
from organizations.models import Country

STATUS_COLUMNS = {
    "functional": "mhos_functional",
    "difficulty": "mhos_difficulty",
    "starting": "mhos_starting",
    "project": "mhos_project",
    "inactive": "mhos_inactive",
}
COUNT_COLUMNS = [
    "mhos_known",
    "mhos_reporting",
    *STATUS_COLUMNS.values(),
    "members",
    "beneficiaries",
    "target_population",
    "beneficiaries_with_target",
    "panel_members",
    "panel_members_previous",
    "panel_renewing",
]
MONEY_COLUMNS = [
    "contributions_expected",
    "contributions_collected",
    "benefits_paid",
    "operating_costs",
]

Pair = tuple[int, int]  # (country id, year)


def synthesis_mark_dirty(*, pairs: Iterable[Pair]) -> None:
    """Note (country, year) pairs to rebuild, in the caller's transaction.

    The year after each pair is marked too: a year's records are the "year
    before" of the next year's growth and retention."""
    marked = {(c, y + delta) for c, y in pairs if c and y for delta in (0, 1)}
    rows = [DirtySynthesis(country_id=c, year=y) for c, y in marked]
    if rows:
        DirtySynthesis.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["country", "year"],
            update_fields=["marked_at"],
        )


def _restrict(queryset, pairs, country_field):
    if pairs is None:
        return queryset
    countries = {country for country, _ in pairs}
    years = {year for _, year in pairs}
    return queryset.filter(**{f"{country_field}__in": countries, "year__in": years})


def _aggregates(pairs):
    """Counts, sums, the panel and the money of each (country, year) in one
    statement: the public records of the pairs, each joined to its MHO's
    public record of the year before, grouped by (country, year, currency).
    Counts add up across currencies; money is kept for the main currency.

    The SQL is written around the querysets' own, so that "public" keeps one
    definition. (A correlated subquery for the year before was 20x slower at
    400,000 records; one scan instead of three halves a country-year.)"""
    columns = ["status", "members", "beneficiaries", "target_population",
               "renewing_members", *MONEY_COLUMNS]  # fmt: skip
    current = (
        _restrict(YearlyRecord.objects.public(), pairs, "mho__country_id")
        .order_by()
        .values("mho_id", "year", "currency", *columns)
        .annotate(country=F("mho__country_id"))
    )
    before = None if pairs is None else {(c, y - 1) for c, y in pairs}
    previous = (
        _restrict(YearlyRecord.objects.public(), before, "mho__country_id")
        .filter(members__isnull=False)
        .order_by()
        .values("mho_id", "year", "members")
    )
    current_sql, current_params = current.query.sql_with_params()
    previous_sql, previous_params = previous.query.sql_with_params()
    target = "c.target_population IS NOT NULL AND c.beneficiaries IS NOT NULL"
    panel = "p.members IS NOT NULL AND c.members IS NOT NULL"
    selected = {
        "mhos_reporting": "COUNT(*)",
        "members": "SUM(c.members)",
        "beneficiaries": "SUM(c.beneficiaries)",
        "target_population": f"SUM(c.target_population) FILTER (WHERE {target})",
        "beneficiaries_with_target": f"SUM(c.beneficiaries) FILTER (WHERE {target})",
        **{
            column: "COUNT(*) FILTER (WHERE c.status = %s)"
            for column in STATUS_COLUMNS.values()
        },
        "panel_members": f"SUM(c.members) FILTER (WHERE {panel})",
        "panel_members_previous": f"SUM(p.members) FILTER (WHERE {panel})",
        "panel_renewing": f"SUM(c.renewing_members) FILTER (WHERE {panel})",
        **{column: f"SUM(c.{column})" for column in MONEY_COLUMNS},
    }
    sql = (
        f"SELECT c.country, c.year, c.currency, {', '.join(selected.values())} "
        f"FROM ({current_sql}) c LEFT JOIN ({previous_sql}) p "
        "ON p.mho_id = c.mho_id AND p.year = c.year - 1 "
        "GROUP BY c.country, c.year, c.currency"
    )
    params = (*STATUS_COLUMNS, *current_params, *previous_params)
    counted = [name for name in selected if name not in MONEY_COLUMNS]
    counts = defaultdict(lambda: dict.fromkeys(counted, 0))
    by_pair = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for country, year, currency, *figures in cursor:
            values = dict(zip(selected, figures, strict=True))
            totals = counts[(country, year)]
            for name in counted:
                totals[name] += values[name] or 0
            by_pair[(country, year)].append(
                {
                    "currency": currency,
                    "money_records": values["mhos_reporting"],
                    **{column: values[column] for column in MONEY_COLUMNS},
                }
            )
    # The currency most records use; ties go to the first in alphabetical order.
    main = {
        pair: min(options, key=lambda row: (-row["money_records"], row["currency"]))
        for pair, options in by_pair.items()
    }
    return dict(counts), main


def _known(pairs):
    countries = {country for country, _ in pairs} if pairs is not None else None
    mhos = MutualHealthOrganization.objects.approved()
    if countries is not None:
        mhos = mhos.filter(country_id__in=countries)
    founded = defaultdict(list)
    for row in mhos.values("country_id", "founded_year").annotate(n=Count("id")):
        founded[row["country_id"]].append((row["founded_year"], row["n"]))
    return founded


def _known_in(founded_years, year):
    return sum(n for founded, n in founded_years if founded is None or founded <= year)


def synthesis_rebuild(*, pairs: Iterable[Pair] | None = None) -> int:
    """Rebuild the rows of ``pairs`` (all rows when None) and the Africa-wide
    rows of their years. Idempotent. Returns the number of country rows."""
    with transaction.atomic():
        _planner_settings()
        pagecache.invalidate()
        return _rebuild(None if pairs is None else set(pairs))


def _planner_settings():
    # PostgreSQL's JIT compiles the aggregate statement again on every rebuild and
    # takes most of its time (measured 8x slower with it, see docs/performance.md).
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            # The tables are read from memory or SSD: index lookups (one
            # country-year) cost little more than sequential reads.
            cursor.execute("SET LOCAL random_page_cost = 1.1")


def _rebuild(pairs):
    counts, money = _aggregates(pairs)
    if pairs is None:
        # Every pair with public records, and every stored pair (to drop the
        # rows of pairs that no longer have any).
        existing = SynthesisRow.objects.filter(country__isnull=False)
        wanted = set(counts) | set(existing.values_list("country_id", "year"))
    else:
        wanted = pairs
    founded = _known(wanted)
    population = dict(
        Country.objects.filter(pk__in={c for c, _ in wanted}).values_list(
            "pk", "population"
        )
    )
    rows, empty = [], []
    for country, year in wanted:
        values = {column: 0 for column in COUNT_COLUMNS}
        values.update({column: None for column in MONEY_COLUMNS})
        values.update({"currency": "", "money_records": 0})
        values.update({k: v or 0 for k, v in counts.get((country, year), {}).items()})
        values.update(money.get((country, year), {}))
        values["mhos_known"] = _known_in(founded.get(country, []), year)
        values["population"] = population.get(country)
        if not values["mhos_reporting"]:
            empty.append((country, year))
            continue
        rows.append(SynthesisRow(country_id=country, year=year, **values))
    with transaction.atomic():
        for country, year in empty:
            SynthesisRow.objects.filter(country_id=country, year=year).delete()
        SynthesisRow.objects.bulk_create(
            rows,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["country", "year"],
            update_fields=[*COUNT_COLUMNS, *MONEY_COLUMNS, "currency", "money_records",
                           "population", "built_at"],
        )  # fmt: skip
        _rebuild_africa(years={year for _, year in wanted} if pairs else None)
    return len(rows)


def _rebuild_africa(*, years):
    countries = SynthesisRow.objects.filter(country__isnull=False)
    if years is not None:
        countries = countries.filter(year__in=years)
    sums = countries.values("year").annotate(
        **{f"agg_{column}": Sum(column) for column in COUNT_COLUMNS},
        countries=Count("id"),
        with_population=Count("id", filter=Q(population__isnull=False)),
        population_total=Sum("population"),
    )
    totals = {row["year"]: row for row in sums}
    stale = SynthesisRow.objects.filter(country__isnull=True)
    if years is not None:
        stale = stale.filter(year__in=years)
    stale.exclude(year__in=totals).delete()
    for year, row in totals.items():
        values = {column: row[f"agg_{column}"] or 0 for column in COUNT_COLUMNS}
        complete = row["with_population"] == row["countries"]
        values["population"] = row["population_total"] if complete else None
        try:
            with transaction.atomic():
                SynthesisRow.objects.update_or_create(
                    country=None, year=year, defaults=values
                )
        except IntegrityError:
            # Another rebuild created it meanwhile: update that one.
            SynthesisRow.objects.filter(country=None, year=year).update(**values)


def synthesis_rebuild_dirty() -> int:
    """Rebuild every (country, year) marked dirty. Marks made while it runs are
    kept for the next run (their time differs from the one read here)."""
    seen = list(
        DirtySynthesis.objects.values_list("pk", "country_id", "year", "marked_at")
    )
    if not seen:
        return 0
    synthesis_rebuild(pairs={(country, year) for _, country, year, _ in seen})
    done = Q()
    for pk, _, _, marked_at in seen:
        done |= Q(pk=pk, marked_at=marked_at)
    DirtySynthesis.objects.filter(done).delete()
    return len(seen)
