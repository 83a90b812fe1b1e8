"""Synthesis rebuild: all pairs vs one raw SQL GROUP BY computing the same
aggregates; one (country, year) vs the full rebuild.

The baseline is a single statement over the public records (validated, of
approved MHOs): per (country, year) the counts, sums and status counts, each
ratio's numerator, denominator and MHOs over the records that reported both
(with a self-join on year - 1 for growth and retention), and with GROUPING
SETS the same per currency. It only reads: it writes nothing,
while the product also upserts the rows and the Africa-wide rows.
"""

from django.db import connection

from .stats import goal, median, side_by_side, timed

BASELINE_SQL = (
    """
SELECT m.country_id, r.year, r.currency,
  count(*) AS reporting,
  count(*) FILTER (WHERE m.founded_year > r.year),
  sum(r.members), sum(r.beneficiaries), count(r.beneficiaries),
  count(*) FILTER (WHERE r.status = 'functional'),
  count(*) FILTER (WHERE r.status = 'difficulty'),
  count(*) FILTER (WHERE r.status = 'starting'),
  count(*) FILTER (WHERE r.status = 'project'),
  count(*) FILTER (WHERE r.status = 'inactive'),
  sum(r.contributions_expected), sum(r.contributions_collected),
  sum(r.benefits_paid), sum(r.operating_costs),
"""
    + ",\n".join(
        f"  sum({a}) FILTER (WHERE {a} IS NOT NULL AND {b} IS NOT NULL), "
        f"sum({b}) FILTER (WHERE {a} IS NOT NULL AND {b} IS NOT NULL), "
        f"count(*) FILTER (WHERE {a} IS NOT NULL AND {b} IS NOT NULL)"
        for a, b in [
            ("r.members", "p.members"),
            ("r.renewing_members", "p.members"),
            ("r.beneficiaries", "r.target_population"),
            ("r.contributions_collected", "r.contributions_expected"),
            ("r.benefits_paid", "r.contributions_collected"),
            ("r.operating_costs", "r.contributions_collected"),
        ]
    )
    + """
FROM inventory_yearlyrecord r
JOIN inventory_mutualhealthorganization m ON m.id = r.mho_id
LEFT JOIN inventory_yearlyrecord p ON p.mho_id = r.mho_id AND p.year = r.year - 1
  AND p.state = 'validated'
WHERE r.state = 'validated' AND m.approval = 'approved'
GROUP BY GROUPING SETS ((m.country_id, r.year), (m.country_id, r.year, r.currency))
"""
)


def measure(*, runs: int) -> list[dict]:
    from inventory.models import YearlyRecord
    from opendata.services.synthesis import synthesis_rebuild
    from organizations.models import Country

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute(BASELINE_SQL)
            cursor.fetchall()

    full, raw = side_by_side(lambda: synthesis_rebuild(), baseline, runs)
    senegal = Country.objects.get(iso2="SN").pk
    year = (
        YearlyRecord.objects.public()
        .filter(mho__country_id=senegal)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    one = [timed(synthesis_rebuild, pairs={(senegal, year)}) for _ in range(runs)]
    full_s, raw_s, one_s = median(full), median(raw), median(one)
    return [
        goal(
            "Synthesis rebuild all vs raw SQL GROUP BY",
            product=full_s,
            baseline=raw_s,
            unit="s",
            ratio=full_s / raw_s,
            target="≤ 2",
            ok=full_s / raw_s <= 2,
            product_s=full,
            baseline_s=raw,
        ),
        goal(
            f"Synthesis rebuild one country-year (SN {year}) vs all",
            product=one_s,
            baseline=full_s,
            unit="s",
            ratio=one_s / full_s,
            target="≤ 0.05",
            ok=one_s / full_s <= 0.05,
            product_s=one,
        ),
    ]
