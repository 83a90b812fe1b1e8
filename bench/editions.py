"""The editions' rows.

1. Publishing an edition vs building the live files, in the same run.
   Product: ``edition_publish`` (the files of an edition, its snapshot rows
   and its changelog against the edition before). Baseline: ``data_build``
   (the live /data/ files). Goal: publishing takes at most twice the live
   build. Each run publishes one more edition of the same year.
2. Twenty stored editions do not slow the public pages. The pages of
   ``STORED_PAGES`` (the synthesis and home pages in their default view, which
   shows the latest edition, and in their live view, and the API) are
   rendered in this process with the page cache off, ``RENDERS`` times each,
   with the editions stored so far, then again once ``STORED`` editions are
   stored. The editions added for this row are copies of the latest one's
   rows (INSERT … SELECT, as publishing would store them; no files): what
   matters to the pages is the size of the editions' tables. Goal: the median
   render after is at most ``SLOWER`` times the one before, page by page.

An edition's API pages are measured under load with the other public pages
(``bench.paths.ROUND``: the same goals as the live API list).
"""

import time

from .stats import goal, median, side_by_side

STORED = 20
RENDERS = 15
SLOWER = 1.2
STORED_PAGES = [
    "/fr/synthesis/",
    "/fr/synthesis/?live=1",
    "/fr/synthesis/{country}/",
    "/fr/synthesis/{country}/?live=1",
    "/fr/",
    "/api/v1/records/?country={country}",
    "/api/v1/synthesis/?country={country}",
]


def edition_seed() -> dict:
    """One edition of the last demo year, published as the benchmark's
    secretariat, so that the edition pages have something to show."""
    import time

    from django.contrib.auth import get_user_model

    from editions.models import Edition
    from editions.services import edition_publish
    from inventory.models import YearlyRecord

    from .cast import _secretariat

    if Edition.objects.exists():
        return {"editions": Edition.objects.count()}
    user = get_user_model().objects.get(email=_secretariat())
    year = YearlyRecord.objects.public().order_by("-year").values_list("year")[0][0]
    started = time.perf_counter()
    edition = edition_publish(year=year, user=user)
    return {
        "edition": edition.identifier,
        "edition_publish_s": round(time.perf_counter() - started, 2),
    }


def measure(*, runs: int) -> list[dict]:
    return _publish_rows(runs=runs) + _stored_rows()


def _publish_rows(*, runs: int) -> list[dict]:
    from django.contrib.auth import get_user_model

    from editions.services import edition_publish
    from inventory.models import YearlyRecord
    from opendata.exports.build import data_build

    from .cast import _secretariat

    user = get_user_model().objects.get(email=_secretariat())
    year = YearlyRecord.objects.public().order_by("-year").values_list("year")[0][0]
    rows = YearlyRecord.objects.public().count()

    def product():
        edition_publish(year=year, user=user)

    product_times, baseline_times = side_by_side(product, data_build, runs)
    p, b = median(product_times), median(baseline_times)
    return [
        goal(
            "edition publish vs live data build",
            product=p,
            baseline=b,
            unit="s",
            ratio=p / b,
            target="≤ 2",
            ok=p / b <= 2,
            rows=rows,
            product_s=product_times,
            baseline_s=baseline_times,
        )
    ]


def _renders(paths: list[str]) -> dict[str, list[float]]:
    """Seconds of each render of each page, the page cache off."""
    from django.test import Client, override_settings

    client = Client()
    times = {path: [] for path in paths}
    with override_settings(PAGE_CACHE_SECONDS=0, DEBUG=False):
        for path in paths:  # warm: imports, the values shared per data change
            assert client.get(path).status_code == 200, path
        for _ in range(RENDERS):
            for path in paths:
                started = time.perf_counter()
                client.get(path)
                times[path].append(time.perf_counter() - started)
    return times


def editions_store(target: int) -> int:
    """Store copies of the latest edition until ``target`` editions are
    stored; returns how many were added."""
    from django.db import connection, transaction
    from django.db.models import Max
    from django.utils import timezone

    from editions.models import Edition, EditionRecord, EditionSynthesisRow

    source = Edition.objects.current().latest_first().first()
    added = 0
    while Edition.objects.count() < target:
        number = (
            Edition.objects.of_year(source.year).aggregate(n=Max("number"))["n"] + 1
        )
        with transaction.atomic():
            copy = Edition.objects.create(
                year=source.year,
                number=number,
                identifier=f"{source.year}.{number}",
                title_fr=source.title_fr,
                title_en=source.title_en,
                published_at=timezone.now(),
                published_by_id=source.published_by_id,
                records=source.records,
                mhos=source.mhos,
                has_demo=source.has_demo,
                files=source.files,
                record_columns=source.record_columns,
            )
            for model, columns in (
                (
                    EditionRecord,
                    "mho_code, country, year, status, is_demo, line",
                ),
                (EditionSynthesisRow, "country, year, data"),
            ):
                table = model._meta.db_table
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"INSERT INTO {table} (edition_id, {columns}) "  # noqa: S608
                        f"SELECT %s, {columns} FROM {table} WHERE edition_id = %s",
                        [copy.pk, source.pk],
                    )
        added += 1
    return added


def _stored_rows() -> list[dict]:
    from editions.models import Edition, EditionRecord

    from .paths import COUNTRY

    paths = [path.format(country=COUNTRY) for path in STORED_PAGES]
    before_editions = Edition.objects.count()
    before = _renders(paths)
    added = editions_store(STORED)
    after = _renders(paths)
    rows = EditionRecord.objects.count()
    results = []
    for path in paths:
        b, a = median(before[path]), median(after[path])
        results.append(
            goal(
                f"Page {path} with {STORED} editions stored",
                product=a * 1000,
                baseline=b * 1000,
                unit="ms",
                ratio=a / b,
                target=f"≤ {SLOWER}",
                ok=a / b <= SLOWER,
                editions_before=before_editions,
                editions_added=added,
                edition_rows=rows,
                product_ms=[one * 1000 for one in after[path]],
                baseline_ms=[one * 1000 for one in before[path]],
            )
        )
    return results
