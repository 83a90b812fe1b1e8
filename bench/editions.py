"""Publishing an edition vs building the live files, in the same run.

Product: ``edition_publish`` (the files of an edition, its snapshot rows and
its changelog against the edition before). Baseline: ``data_build`` (the live
/data/ files). Goal: publishing takes at most twice the live build. Each run
publishes one more edition of the same year, so the run also stores several
editions (the pages rows then measure the live pages beside them).
"""

from .stats import goal, median, side_by_side


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
