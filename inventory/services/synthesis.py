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


def _counts(pairs):
    records = _restrict(YearlyRecord.objects.public(), pairs, "mho__country_id")
    with_target = Q(target_population__isnull=False, beneficiaries__isnull=False)
    aggregates = {
        "mhos_reporting": Count("id"),
        "members": Sum("members"),
        "beneficiaries": Sum("beneficiaries"),
        "target_population": Sum("target_population", filter=with_target),
        "beneficiaries_with_target": Sum("beneficiaries", filter=with_target),
    }
    for status, column in STATUS_COLUMNS.items():
        aggregates[column] = Count("id", filter=Q(status=status))
    return _grouped(records, aggregates)


def _grouped(records, aggregates, *extra):
    """GROUP BY (country, year[, extra]) with aliases that cannot clash with
    the model's field names (Django refuses an alias equal to a field)."""
    rows = records.values(*extra, country=F("mho__country_id"), y=F("year")).annotate(
        **{f"agg_{name}": expression for name, expression in aggregates.items()}
    )
    return {
        (row["country"], row["y"], *(row[e] for e in extra)): {
            name: row[f"agg_{name}"] for name in aggregates
        }
        for row in rows
    }


def _panel(pairs):
    """Members of the MHOs that reported both the year and the year before.

    A join of the public records on (MHO, year - 1), written around the
    querysets' own SQL so that "public" keeps one definition. (A correlated
    subquery per record was 20x slower at 400,000 records.)"""
    current = (
        _restrict(YearlyRecord.objects.public(), pairs, "mho__country_id")
        .filter(members__isnull=False)
        .order_by()
        .values("mho_id", "year", "members", "renewing_members")
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
    sql = (
        "SELECT c.country, c.year, SUM(c.members), SUM(p.members), "
        f"SUM(c.renewing_members) FROM ({current_sql}) c "
        f"JOIN ({previous_sql}) p ON p.mho_id = c.mho_id AND p.year = c.year - 1 "
        "GROUP BY c.country, c.year"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*current_params, *previous_params))
        return {
            (country, year): {
                "panel_members": members,
                "panel_members_previous": previous_members,
                "panel_renewing": renewing,
            }
            for country, year, members, previous_members, renewing in cursor
        }


def _money(pairs):
    records = _restrict(YearlyRecord.objects.public(), pairs, "mho__country_id")
    rows = _grouped(
        records,
        {
            "money_records": Count("id"),
            **{column: Sum(column) for column in MONEY_COLUMNS},
        },
        "currency",
    )
    by_pair = defaultdict(list)
    for (country, year, currency), values in rows.items():
        by_pair[(country, year)].append({"currency": currency, **values})
    # The currency most records use; ties go to the first in alphabetical order.
    return {
        pair: min(options, key=lambda row: (-row["money_records"], row["currency"]))
        for pair, options in by_pair.items()
    }


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
        _without_jit()
        pagecache.invalidate()
        return _rebuild(None if pairs is None else set(pairs))


def _without_jit():
    # PostgreSQL's JIT compiles the panel subquery again on every rebuild and
    # takes most of its time (measured 8x slower with it, see docs/performance.md).
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


def _rebuild(pairs):
    counts, panel, money = _counts(pairs), _panel(pairs), _money(pairs)
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
        values.update({k: v or 0 for k, v in panel.get((country, year), {}).items()})
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
