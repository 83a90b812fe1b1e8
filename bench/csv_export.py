"""Full inventory.csv build vs ``psql -c "COPY (same query) TO STDOUT"``.

Product: ``records_csv_write`` (what data_build writes as inventory.csv) into
/dev/null. Baseline: the very COPY statement the product sends, run by psql
with its output to /dev/null. Ratio: product rows/s over baseline rows/s.
"""

import subprocess

from django.db import connection

from .stats import goal, median, side_by_side


def _inline_sql() -> str:
    from psycopg import ClientCursor

    from opendata.exports.csv_build import records_copy_sql

    query, params = records_copy_sql()
    with connection.cursor() as cursor:
        raw = cursor.cursor.connection
        return ClientCursor(raw).mogrify(query, params)


def measure(*, runs: int, database_url: str) -> list[dict]:
    from inventory.models import YearlyRecord
    from opendata.exports.csv_build import records_csv_write

    rows = YearlyRecord.objects.public().count()
    copy_sql = _inline_sql()

    def product():
        with open("/dev/null", "wb") as stream:
            records_csv_write(stream)

    def baseline():
        with open("/dev/null", "wb") as out:
            subprocess.run(
                ["psql", "-X", "-q", "-d", database_url, "-c", copy_sql],
                stdout=out,
                check=True,
            )

    product_times, baseline_times = side_by_side(product, baseline, runs)
    p, b = rows / median(product_times), rows / median(baseline_times)
    return [
        goal(
            "CSV build (inventory.csv) vs psql COPY",
            product=p,
            baseline=b,
            unit="rows/s",
            ratio=p / b,
            target="≥ 0.8",
            ok=p / b >= 0.8,
            rows=rows,
            product_s=product_times,
            baseline_s=baseline_times,
        )
    ]
