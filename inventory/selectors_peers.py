"""One mutual beside its peers (defined in ``inventory.quality.PEER_GROUP``):
its ratios of a year and, for each, the first quartile, median and third
quartile of the same ratio over comparable mutuals.

The ratios are those of the synthesis (``indicator_table.TABLE_INDICATORS``:
the same numerator and denominator SQL), computed per mutual. The quartiles
are continuous percentiles computed by the database in one statement:
``percentile_cont`` on PostgreSQL; on SQLite, which has none, the rows ranked
by window functions (``ROW_NUMBER``, ``COUNT``) and the two rows around each
quartile interpolated, which gives the same figures (the PostgreSQL test runs
both). Two or three queries whatever the number of mutuals: the size of the
group (and of the wider one), then the figures.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Q

from .indicator_table import TABLE_INDICATORS, Indicator
from .models import MutualHealthOrganization, YearlyRecord
from .models.record import SYNTHESIS_FIGURES

MIN_PEERS = 5
QUARTILES = (1, 2, 3)  # in quarters
COUNTRY, SUBREGION = "country", "subregion"
FIGURES = SYNTHESIS_FIGURES


def _float(sql: str) -> str:
    kind = "DOUBLE PRECISION" if connection.vendor == "postgresql" else "REAL"
    return f"CAST({sql} AS {kind})"


def _ratio_sql(indicator: Indicator) -> str:
    numerator, denominator = indicator.sql
    value = f"{_float(numerator)} / {denominator}"
    if indicator.minus_one:
        value = f"{value} - 1"
    return f"CASE WHEN {numerator} IS NOT NULL AND {denominator} > 0 THEN {value} END"


def _quartiles_percentile_cont() -> str:
    selected = ", ".join(
        f"percentile_cont({k / 4}) WITHIN GROUP (ORDER BY value)" for k in QUARTILES
    )
    return f"SELECT name, COUNT(*), {selected} FROM peers GROUP BY name"


def _quartiles_ranked() -> str:
    """Continuous percentiles from ranked rows: at k/4, the row at 0-based
    position h = (n − 1)·k/4 interpolated towards the next one (integer
    arithmetic for the position, the same on every database)."""

    def quartile(k: int) -> str:
        low = f"((n - 1) * {k}) / 4 + 1"
        at_low = f"MAX(CASE WHEN rn = {low} THEN value END)"
        at_next = f"MAX(CASE WHEN rn = {low} + 1 THEN value END)"
        fraction = f"((n - 1) * {k} - 4 * (((n - 1) * {k}) / 4)) / 4.0"
        return f"{at_low} + {fraction} * (COALESCE({at_next}, {at_low}) - {at_low})"

    return (
        "SELECT name, n, "
        + ", ".join(quartile(k) for k in QUARTILES)
        + " FROM (SELECT name, value, ROW_NUMBER() OVER (PARTITION BY name "
        "ORDER BY value) AS rn, COUNT(*) OVER (PARTITION BY name) AS n "
        "FROM peers) ranked GROUP BY name, n"
    )


def _statement(*, mho, year: int, group: Q, percentile_cont: bool):
    members = Q(mho=mho) | group
    current = (
        YearlyRecord.objects.public()
        .filter(members, year=year)
        .order_by()
        .values("mho_id", *FIGURES)
    )
    previous = (
        YearlyRecord.objects.public()
        .filter(members, year=year - 1, members__isnull=False)
        .order_by()
        .values("mho_id", "members")
    )
    current_sql, current_params = current.query.sql_with_params()
    previous_sql, previous_params = previous.query.sql_with_params()
    ratios = ", ".join(f"{_ratio_sql(i)} AS {i.name}" for i in TABLE_INDICATORS)
    unpivot = " UNION ALL ".join(
        f"SELECT mho_id, '{i.name}' AS name, {i.name} AS value FROM r "
        f"WHERE {i.name} IS NOT NULL"
        for i in TABLE_INDICATORS
    )
    quartiles = _quartiles_percentile_cont() if percentile_cont else _quartiles_ranked()
    sql = (
        f"WITH c AS ({current_sql}), p AS ({previous_sql}), "
        f"r AS (SELECT c.mho_id, {ratios} FROM c LEFT JOIN p "
        "ON p.mho_id = c.mho_id), "
        f"v AS ({unpivot}), "
        "peers AS (SELECT name, value FROM v WHERE mho_id <> %s) "
        "SELECT 'peers' AS kind, q.* FROM (" + quartiles + ") q "
        "UNION ALL SELECT 'own', name, 1, value, value, value FROM v "
        "WHERE mho_id = %s"
    )
    return sql, (*current_params, *previous_params, mho.pk, mho.pk)


@dataclass(frozen=True)
class PeerRow:
    indicator: Indicator
    own: float | None  # in %, like the MHO page
    peers: int  # the peers that reported both figures of the ratio
    first_quartile: float | None
    median: float | None
    third_quartile: float | None

    @property
    def _scale(self) -> tuple[float, float]:
        values = [v for v in (self.own, self.first_quartile, self.third_quartile)
                  if v is not None]  # fmt: skip
        low, high = min([0.0, *values]), max([0.0, *values])
        return low, (high if high > low else low + 1)

    def position(self, value: float | None) -> float | None:
        """Where ``value`` sits on the bar, from 4 to 96 (the dot's radius
        inside the drawing's 0 to 100)."""
        if value is None:
            return None
        low, high = self._scale
        return round(4 + (value - low) / (high - low) * 92, 1)

    @property
    def bar(self) -> dict | None:
        """The bar's geometry (percent of its width), None without peers."""
        if self.median is None:
            return None
        q1, q3 = self.position(self.first_quartile), self.position(self.third_quartile)
        return {
            "q1": q1,
            "width": max(q3 - q1, 0.5),
            "median": self.position(self.median),
            "own": self.position(self.own),
        }


@dataclass(frozen=True)
class PeerComparison:
    year: int
    group: str  # COUNTRY or SUBREGION
    peers: int  # comparable mutuals with a validated record that year
    rows: list[PeerRow]


def _group(mho, level: str) -> Q:
    same = Q(mho__type=mho.type, mho__area=mho.area)
    if level == COUNTRY:
        return same & Q(mho__country_id=mho.country_id)
    return same & Q(mho__country__region=mho.country.region)


def peer_figures(*, mho, year: int, group: Q, percentile_cont: bool | None = None):
    """{ratio name: (peers, q1, median, q3)} and {ratio name: own value}, the
    raw figures (ratios, not %) of the one statement."""
    if percentile_cont is None:
        percentile_cont = connection.vendor == "postgresql"
    sql, params = _statement(
        mho=mho, year=year, group=group, percentile_cont=percentile_cont
    )
    quartiles, own = {}, {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, name, count, q1, median, q3 in cursor.fetchall():
            if kind == "own":
                own[name] = median
            else:
                quartiles[name] = (count, q1, median, q3)
    return quartiles, own


def _percent(value):
    return None if value is None else value * 100


def _peers(mho, level: str, year: int) -> int:
    return (
        YearlyRecord.objects.public()
        .filter(_group(mho, level), year=year)
        .exclude(mho=mho)
        .count()
    )


def mho_peers(*, mho: MutualHealthOrganization, year: int) -> PeerComparison:
    """``mho`` (with its country) beside its peers in ``year``: those of its
    country, type and area, or of its sub-region when fewer than MIN_PEERS.
    Two or three queries, whatever the number of mutuals."""
    level, peers = COUNTRY, _peers(mho, COUNTRY, year)
    if peers < MIN_PEERS:
        level, peers = SUBREGION, _peers(mho, SUBREGION, year)
    quartiles, own = peer_figures(mho=mho, year=year, group=_group(mho, level))
    rows = []
    for indicator in TABLE_INDICATORS:
        count, q1, median, q3 = quartiles.get(indicator.name, (0, None, None, None))
        rows.append(
            PeerRow(
                indicator,
                _percent(own.get(indicator.name)),
                count,
                _percent(q1),
                _percent(median),
                _percent(q3),
            )
        )
    return PeerComparison(year=year, group=level, peers=peers, rows=rows)
