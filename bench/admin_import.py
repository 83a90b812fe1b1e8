"""Admin import of 5,000 records (the confirm step of django-import-export,
``YearlyRecordResource.import_data`` with history) vs ``bulk_create`` of the
same rows.

5,000 existing public records are copied to a CSV file and deleted; each run
imports the file (new records, as the admin's confirm step does, CSV parsing
included), then the same rows are deleted and written again with
``YearlyRecord.objects.bulk_create`` (no validation, no history). Rows are
deleted without timing between runs. The tasks an import queues (the
synthesis rebuild, then the files) are replaced by a no-op here: they would
run in this process, and the rebuild is measured on its own.
"""

import csv
import io
import sys
from contextlib import ExitStack, contextmanager
from copy import copy
from unittest import mock

from django.db import transaction
from django.test.utils import override_settings

from .stats import goal, median, timed

ROWS = 5000


@contextmanager
def _no_tasks():
    """Every module of the project that queues tasks queues none, wherever
    the change path imports ``enqueue`` from."""
    from concertation import tasks

    modules = [
        name
        for name, module in list(sys.modules.items())
        if name.split(".")[0] in {"concertation", "inventory"}
        and getattr(module, "enqueue", None) is tasks.enqueue
    ]
    with ExitStack() as stack:
        for name in modules:
            stack.enter_context(mock.patch(f"{name}.enqueue", return_value=True))
        yield


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def measure(*, runs: int, rows: int = ROWS) -> list[dict]:
    from django.contrib.auth import get_user_model
    from import_export.formats import base_formats

    from inventory.imports import YearlyRecordResource
    from inventory.models import YearlyRecord
    from inventory.models.record import DATA_FIELDS

    users = get_user_model().objects
    user = users.filter(email="bench-import@example.org").first()
    if user is None:  # else a kept database (--keep, then --reuse)
        user = users.create_superuser(
            email="bench-import@example.org", password="bench-import-pass"
        )
    records = list(
        YearlyRecord.objects.public().select_related("mho").order_by("-pk")[:rows]
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["mho", "year", *DATA_FIELDS])
    for record in records:
        writer.writerow(
            [
                record.mho.code,
                record.year,
                *(_cell(getattr(record, name)) for name in DATA_FIELDS),
            ]
        )
    text = out.getvalue()
    blanks = []
    for record in records:
        clone = copy(record)
        clone.pk = clone.id = None
        blanks.append(clone)
    keys = [(r.mho_id, r.year) for r in records]

    def delete():
        with (
            override_settings(SIMPLE_HISTORY_ENABLED=False),
            transaction.atomic(),
        ):
            mhos = {mho for mho, _ in keys}
            years = {year for _, year in keys}
            found = YearlyRecord.objects.filter(mho_id__in=mhos, year__in=years)
            wanted = set(keys)
            ids = [
                pk
                for pk, m, y in found.values_list("pk", "mho_id", "year")
                if (m, y) in wanted
            ]
            YearlyRecord.history.filter(id__in=ids).delete()
            YearlyRecord.objects.filter(pk__in=ids).delete()

    def product():
        dataset = base_formats.CSV(encoding="utf-8").create_dataset(text)
        with _no_tasks():
            result = YearlyRecordResource(user=user).import_data(
                dataset, dry_run=False, user=user
            )
        if result.has_errors() or result.has_validation_errors():
            raise RuntimeError(f"import failed: {result.invalid_rows[:3]}")

    def baseline():
        fresh = []
        for blank in blanks:
            clone = copy(blank)
            clone._state = copy(blank._state)
            fresh.append(clone)
        YearlyRecord.objects.bulk_create(fresh, batch_size=500)

    product_times, baseline_times = [], []
    delete()
    for _ in range(runs):
        product_times.append(timed(product))
        delete()
        baseline_times.append(timed(baseline))
        delete()
    # Leave the records as they were (validated, as imported rows are not).
    baseline()
    p, b = rows / median(product_times), rows / median(baseline_times)
    return [
        goal(
            f"Admin import {rows:,} records vs bulk_create",
            product=p,
            baseline=b,
            unit="rows/s",
            ratio=p / b,
            target="≥ 0.3",
            ok=p / b >= 0.3,
            product_s=product_times,
            baseline_s=baseline_times,
        )
    ]
