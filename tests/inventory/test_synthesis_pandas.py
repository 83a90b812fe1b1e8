"""The synthesis tables equal an independent pandas computation over the
published download /data/inventory.csv, for randomly generated data."""

import io
import random

import pandas as pd
import pytest

from inventory.demo import demo_generate
from inventory.exports.build import data_build
from inventory.models import DirtySynthesis, SynthesisRow, YearlyRecord
from inventory.services.synthesis import synthesis_rebuild, synthesis_rebuild_dirty

pytestmark = pytest.mark.django_db

STATUS_COLUMNS = {
    "functional": "mhos_functional",
    "difficulty": "mhos_difficulty",
    "starting": "mhos_starting",
    "project": "mhos_project",
    "inactive": "mhos_inactive",
}
MONEY = [
    "contributions_expected",
    "contributions_collected",
    "benefits_paid",
    "operating_costs",
]


def scramble(rng: random.Random) -> None:
    """Make the generated data untidy the way real data is: unpublished
    records, gaps, other currencies, unknown figures."""
    ids = list(YearlyRecord.objects.order_by("pk").values_list("pk", flat=True))
    picks = rng.sample(ids, k=len(ids) // 3)
    for index, pk in enumerate(picks):
        kind = index % 6
        records = YearlyRecord.objects.filter(pk=pk)
        if kind == 0:
            records.update(state=rng.choice(["draft", "submitted", "returned"]))
        elif kind == 1:
            records.delete()
        elif kind == 2:
            records.update(currency=rng.choice(["EUR", "USD"]))
        elif kind == 3:
            records.update(target_population=None, renewing_members=None)
        elif kind == 4:
            records.update(contributions_collected=None, benefits_paid=None)
        else:
            records.update(status=rng.choice(list(STATUS_COLUMNS)))


def download(client) -> pd.DataFrame:
    response = client.get("/data/inventory.csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    # "NA" is Namibia, not a missing value: only empty cells are missing.
    return pd.read_csv(io.BytesIO(content), keep_default_na=False, na_values=[""])


def _sum(series: pd.Series):
    total = series.sum(min_count=1)
    return None if pd.isna(total) else int(total)


def expected_rows(frame: pd.DataFrame) -> dict:
    previous = frame[["mho_code", "year", "members"]].rename(
        columns={"members": "previous_members"}
    )
    previous["year"] += 1
    frame = frame.merge(previous, on=["mho_code", "year"], how="left")
    expected = {}
    for (country, year), group in frame.groupby(["country_iso2", "year"]):
        with_target = group.dropna(subset=["target_population", "beneficiaries"])
        panel = group.dropna(subset=["previous_members", "members"])
        row = {
            "mhos_reporting": len(group),
            "members": _sum(group["members"]) or 0,
            "beneficiaries": _sum(group["beneficiaries"]) or 0,
            "target_population": _sum(with_target["target_population"]) or 0,
            "beneficiaries_with_target": _sum(with_target["beneficiaries"]) or 0,
            "panel_members": _sum(panel["members"]) or 0,
            "panel_members_previous": _sum(panel["previous_members"]) or 0,
            "panel_renewing": _sum(panel["renewing_members"]) or 0,
        }
        for status, column in STATUS_COLUMNS.items():
            row[column] = int((group["status"] == status).sum())
        counts = group["currency"].value_counts()
        top = counts.max()
        currency = sorted(counts[counts == top].index)[0]
        in_currency = group[group["currency"] == currency]
        row.update(currency=currency, money_records=len(in_currency))
        row.update({column: _sum(in_currency[column]) for column in MONEY})
        expected[(country, int(year))] = row
    for year in {year for _, year in expected}:
        rows = [row for (_, y), row in expected.items() if y == year]
        africa = {
            column: sum(row[column] for row in rows)
            for column in rows[0]
            if column not in {"currency", "money_records", *MONEY}
        }
        expected[("", year)] = africa
    return expected


def stored_rows() -> dict:
    stored = {}
    for row in SynthesisRow.objects.select_related("country"):
        key = (row.country.iso2 if row.country_id else "", row.year)
        stored[key] = row
    return stored


@pytest.mark.parametrize("seed", [7, 2026])
def test_synthesis_equals_pandas_over_the_download(
    client, network, settings, tmp_path, seed
):
    settings.MEDIA_ROOT = tmp_path
    rng = random.Random(seed)
    demo_generate(mhos=rng.randint(40, 80), years=rng.randint(4, 8), seed=seed)
    scramble(rng)
    synthesis_rebuild()
    data_build()

    frame = download(client)
    expected = expected_rows(frame)
    stored = stored_rows()

    assert set(stored) == set(expected)
    mismatches = [
        (key, column, value, getattr(stored[key], column))
        for key, row in expected.items()
        for column, value in row.items()
        if getattr(stored[key], column) != value
    ]
    assert mismatches == []
    # The scrambling did reach the cases the rules are about.
    assert frame["currency"].isin(["EUR", "USD"]).any()
    assert frame["target_population"].isna().any()


def snapshot():
    fields = [f.attname for f in SynthesisRow._meta.concrete_fields]
    return sorted(
        (
            tuple(getattr(row, f) for f in fields if f not in {"id", "built_at"})
            for row in SynthesisRow.objects.all()
        ),
        key=repr,
    )


def test_rebuilding_the_dirty_pairs_equals_a_full_rebuild(network):
    rng = random.Random(11)
    demo_generate(mhos=30, years=4, seed=11)
    records = list(YearlyRecord.objects.order_by("pk"))
    for record in rng.sample(records, k=12):
        record.members = (record.members or 0) + rng.randint(1, 50)
        record.beneficiaries = max(record.beneficiaries or 0, record.members)
        record.save()  # the signals mark the pairs dirty
    for record in rng.sample(records, k=3):
        if record.pk and YearlyRecord.objects.filter(pk=record.pk).exists():
            record.delete()

    synthesis_rebuild_dirty()
    incremental = snapshot()
    synthesis_rebuild()

    assert snapshot() == incremental


def test_a_rolled_back_change_does_not_stop_later_rebuilds(
    network, django_capture_on_commit_callbacks, without_broker
):
    from django.db import transaction

    demo_generate(mhos=3, years=2, seed=5)
    record = YearlyRecord.objects.first()
    try:
        with transaction.atomic():
            record.save()
            raise RuntimeError("the request failed")
    except RuntimeError:
        pass

    with django_capture_on_commit_callbacks(execute=True):
        record.save()
        record.save()

    # The later transaction's change was rebuilt (its rebuild ran at once, as
    # without a broker; with one, a rebuild queued and not started yet is not
    # queued again: tests/inventory/test_change_path.py).
    assert not DirtySynthesis.objects.exists()
