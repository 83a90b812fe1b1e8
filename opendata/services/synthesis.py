"""Rebuilding the synthesis tables from the validated records.

One aggregate statement computes the figures of the (country, year) pairs
(``synthesis_sql``); then the known MHOs per country and founding year, and an
upsert. Every year the synthesis covers (a year with at least one public
record) has a row for each country with known MHOs, reports or not, so that
completeness and the Africa-wide "MHOs known" count every known MHO.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from inventory.indicator_table import RATIO_BY_NAME, RATIOS
from inventory.models import MutualHealthOrganization
from kernel import pagecache
from opendata.models import DirtySynthesis
from opendata.models.synthesis import SynthesisRow, mhos_known_in
from organizations.models import Country

from .synthesis_sql import COUNT_COLUMN_BY_STATUS, MONEY, synthesis_aggregates

COVERAGE = RATIO_BY_NAME["coverage"]
# Added up over the countries for the Africa-wide row (money never is).
SUMMED = [
    "mhos_known",
    "mhos_reporting",
    *COUNT_COLUMN_BY_STATUS.values(),
    "members",
    "beneficiaries",
    *(
        field
        for ratio in RATIOS
        if not ratio.money
        for field in (ratio.numerator, ratio.denominator, ratio.mhos)
    ),
]
STORED = [*SUMMED, *MONEY, "currency", "money_records", "population"]

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


def _known_by_country(countries=None) -> dict[int, list[tuple[int | None, int]]]:
    """Approved MHOs per country (of ``countries``, all when None) and
    founding year."""
    mhos = MutualHealthOrganization.objects.approved()
    if countries is not None:
        mhos = mhos.filter(country_id__in=countries)
    founded = defaultdict(list)
    counted = mhos.order_by().values("country_id", "founded_year")
    for row in counted.annotate(n=Count("id")):
        founded[row["country_id"]].append((row["founded_year"], row["n"]))
    return founded


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
        # The tables are read from memory or SSD: index lookups (one
        # country-year) cost little more than sequential reads. One statement:
        # a partial rebuild is a dozen short ones, each a round trip.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('jit', 'off', true), "
                "set_config('random_page_cost', '1.1', true)"
            )


def _values(pair, counts, money, founded, population) -> dict:
    country, year = pair
    values = dict.fromkeys(SUMMED, 0)
    values.update(dict.fromkeys(MONEY))
    values.update({"currency": "", "money_records": 0})
    values.update({k: v for k, v in counts.get(pair, {}).items() if k in values})
    values.update(money.get(pair, {}))
    founded_later = counts.get(pair, {}).get("reporting_founded_later", 0)
    values["mhos_known"] = mhos_known_in(founded.get(country, []), year) + founded_later
    values["population"] = population.get(country)
    # Coverage pairs the beneficiaries reported with the country's population.
    reported = counts.get(pair, {}).get("beneficiaries_mhos", 0)
    if values["population"] and reported:
        values[COVERAGE.numerator] = values["beneficiaries"]
        values[COVERAGE.denominator] = values["population"]
        values[COVERAGE.mhos] = reported
    for ratio in RATIOS:  # no MHO reported both: nothing to add up
        if not values[ratio.mhos]:
            values[ratio.numerator] = values[ratio.denominator] = None
            values[ratio.mhos] = 0
    return values


def _covered_years(pairs, counts) -> tuple[set[int], set[int]]:
    """(years with public records, those of them without rows yet): the years
    of the pairs just computed, and, for a partial rebuild, those where other
    countries' stored rows have reports."""
    covered = {year for (_, year), row in counts.items() if row["mhos_reporting"]}
    if pairs is None:
        return covered, covered
    stored = SynthesisRow.objects.filter(
        Q(country__isnull=True) | Q(mhos_reporting__gt=0),
        year__in={year for _, year in pairs},
    ).values_list("country_id", "year")
    africa = set()
    for country, year in stored:
        if country is None:
            africa.add(year)
        elif (country, year) not in pairs:
            covered.add(year)
    return covered, covered - africa


def _plan(pairs, counts):
    """(years to rebuild, covered years, pairs to compute, pairs to add with
    zeros when they have no row yet, known MHOs per country)."""
    covered, new_years = _covered_years(pairs, counts)
    # Every country with known MHOs has a row in every covered year: a year
    # covered for the first time gets them all (later changes to a country's
    # MHOs mark its own pairs).
    founded = _known_by_country(None if new_years else {c for c, _ in pairs})
    everyone = {(c, y) for y in new_years for c in founded}
    everyone |= {pair for pair in counts if pair[1] in covered}
    if pairs is None:
        return covered, covered, everyone, set(), founded
    computed = {pair for pair in pairs if pair[1] in covered}
    years = {year for _, year in pairs}
    return years, covered, computed, everyone - computed, founded


def _rebuild(pairs):
    counts, money = synthesis_aggregates(pairs)
    years, covered, computed, missing, founded = _plan(pairs, counts)
    population = dict(Country.objects.values_list("pk", "population"))
    rows = {}
    for pair in computed | missing:
        values = _values(pair, counts, money, founded, population)
        if values["mhos_known"] or values["mhos_reporting"]:
            rows[pair] = SynthesisRow(country_id=pair[0], year=pair[1], **values)
    with transaction.atomic(savepoint=False):  # within synthesis_rebuild's
        _delete_stale(pairs, set(rows), years, covered)
        SynthesisRow.objects.bulk_create(
            [row for pair, row in rows.items() if pair in computed],
            batch_size=500,
            update_conflicts=True,
            unique_fields=["country", "year"],
            update_fields=[*STORED, "built_at"],
        )
        SynthesisRow.objects.bulk_create(
            [row for pair, row in rows.items() if pair in missing],
            batch_size=500,
            ignore_conflicts=True,
        )
        _rebuild_africa(years=None if pairs is None else years)
    return sum(1 for pair in rows if pair in computed)


def _delete_stale(pairs, kept, years, covered):
    countries = SynthesisRow.objects.filter(country__isnull=False)
    if pairs is None:
        stale = [
            pk
            for pk, country, year in countries.values_list("pk", "country_id", "year")
            if (country, year) not in kept
        ]
        countries.filter(pk__in=stale).delete()
        return
    # A year no longer covered loses every row; a pair without known MHOs
    # nor reports loses its own.
    countries.filter(year__in=years - covered).delete()
    for country, year in pairs:
        if year in covered and (country, year) not in kept:
            countries.filter(country_id=country, year=year).delete()


def _rebuild_africa(*, years):
    countries = SynthesisRow.objects.filter(country__isnull=False)
    if years is not None:
        countries = countries.filter(year__in=years)
    sums = countries.values("year").annotate(
        **{f"agg_{column}": Sum(column) for column in SUMMED},
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
        values = {column: row[f"agg_{column}"] for column in SUMMED}
        for column in ("mhos_known", "mhos_reporting", *COUNT_COLUMN_BY_STATUS.values(),
                       "members", "beneficiaries"):  # fmt: skip
            values[column] = values[column] or 0
        complete = row["with_population"] == row["countries"]
        values["population"] = row["population_total"] if complete else None
        # Most rebuilds find the row there: one UPDATE, and an INSERT only
        # for a year covered for the first time.
        africa = SynthesisRow.objects.filter(country=None, year=year)
        if africa.update(**values, built_at=timezone.now()):
            continue
        try:
            with transaction.atomic():
                SynthesisRow.objects.create(country=None, year=year, **values)
        except IntegrityError:
            # Another rebuild created it meanwhile: update that one.
            africa.update(**values, built_at=timezone.now())


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
