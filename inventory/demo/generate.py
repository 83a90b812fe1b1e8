"""Generating and deleting the demonstration MHOs and records.

``demo_generate`` replaces the previous demonstration data (``is_demo=True``)
in one transaction. The same arguments give the same data: one
``random.Random(seed)`` draws every MHO, and each MHO draws its records from
its own generator seeded by the first. Rows are written with ``bulk_create``
in batches as they are drawn, so memory stays flat at 500,000 records.
"""

import random
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from inventory.models import MutualHealthOrganization, YearlyRecord
from inventory.models.record import FIRST_YEAR
from inventory.services.changes import synthesis_refresh
from organizations.models import Country, Organization

from . import profiles

BATCH_SIZE = 5000
MHO_BATCH = 1000
DELETE_CHUNK = 200  # MHOs per delete, about 5,000 records at 25 years
SUPPORT_KINDS = ["support-structure", "ngo", "promoter"]
NETWORK_KINDS = ["union", "network"]

MHO = MutualHealthOrganization


class DemoUnavailable(Exception):
    """Demonstration data cannot be generated (e.g. no directory loaded)."""


@dataclass(frozen=True)
class DemoSummary:
    mhos: int
    records: int
    seconds: float


@dataclass
class _CountryPlan:
    country: Country
    localities: list[str]
    supporters: list[int]
    networks: list[int]
    next_number: int


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@contextmanager
def _history_disabled():
    # Removing generated rows is no edit worth an audit row, and one history
    # INSERT per deleted row would take minutes at 500,000 records.
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        yield


def demo_delete() -> tuple[int, int]:
    """Delete the demo MHOs, their records and history; return both counts."""
    ids = list(
        MHO.objects.filter(is_demo=True).order_by("pk").values_list("pk", flat=True)
    )
    records = 0
    with transaction.atomic(), _history_disabled():
        for chunk in _chunks(ids, DELETE_CHUNK):
            _count, deleted = YearlyRecord.objects.filter(mho_id__in=chunk).delete()
            records += deleted.get(YearlyRecord._meta.label, 0)
            MHO.objects.filter(pk__in=chunk).delete()
            YearlyRecord.history.filter(mho_id__in=chunk).delete()
            MHO.history.filter(id__in=chunk).delete()
    return len(ids), records


def _country_plans() -> list[_CountryPlan]:
    countries = list(
        Country.objects.filter(focal_points__isnull=False).distinct().order_by("iso2")
    )
    if not countries:
        raise DemoUnavailable(
            "No country has a focal point: load the network directory first "
            "with `manage.py load_network`."
        )
    african = set(Country.objects.african().values_list("pk", flat=True))
    organizations = Organization.objects.filter(
        kind__in=SUPPORT_KINDS + NETWORK_KINDS
    ).prefetch_related("countries")
    organizations = sorted(organizations, key=lambda organization: organization.slug)
    used = Counter()
    for code in MHO.objects.filter(country__in=countries).values_list(
        "code", flat=True
    ):
        iso2, number = code.split("-")
        used[iso2] = max(used[iso2], int(number))
    plans = []
    for country in countries:
        supporters, networks = [], []
        for organization in organizations:
            where = {c.pk for c in organization.countries.all()}
            here = country.pk in where
            if organization.kind in NETWORK_KINDS:
                if here:
                    networks.append(organization.pk)
            elif here or not where & african:
                supporters.append(organization.pk)
        plans.append(
            _CountryPlan(
                country=country,
                localities=profiles.LOCALITIES.get(country.iso2, []),
                supporters=supporters,
                networks=networks,
                next_number=used[country.iso2] + 1,
            )
        )
    return plans


def _acronym(locality: str) -> str:
    letters = unicodedata.normalize("NFKD", locality)
    letters = "".join(c for c in letters if c.isascii() and c.isalpha())
    return f"MS{letters[:3].upper()}"


def _draw_mho(rng, plan: _CountryPlan, names: Counter, first_year: int, last_year):
    """One MHO, its supporters and the parameters its records are drawn from."""
    kind = profiles.pick(rng, profiles.TYPES)
    locality = rng.choice(plan.localities) if plan.localities else ""
    name = rng.choice(profiles.NAMES[kind]).format(locality=locality or "la commune")
    names[name] += 1
    if names[name] > 1:
        name = f"{name} n° {names[name]}"
    oldest = max(FIRST_YEAR, first_year - 20)
    if rng.random() < 0.65 and oldest < first_year:
        founded = rng.randint(oldest, first_year - 1)
    else:
        founded = rng.randint(first_year, last_year)
    legal = profiles.pick(rng, profiles.LEGAL)
    code = f"{plan.country.iso2}-{plan.next_number:04d}"
    plan.next_number += 1
    mho = MHO(
        code=code,
        name=name,
        acronym=_acronym(locality) if locality and rng.random() < 0.35 else "",
        country=plan.country,
        locality=locality,
        area=profiles.pick(rng, profiles.AREAS[kind]),
        founded_year=founded,
        type=kind,
        membership_basis=profiles.pick(rng, profiles.BASES),
        legal_status=legal,
        registration_number=(
            f"{rng.randint(1, 999):03d}/{founded}" if legal == "recognized" else ""
        ),
        network_id=(
            rng.choice(plan.networks) if plan.networks and rng.random() < 0.3 else None
        ),
        approval=MHO.Approval.APPROVED,
        is_demo=True,
    )
    count = min(len(plan.supporters), profiles.pick(rng, {0: 20, 1: 60, 2: 20}))
    supporters = rng.sample(plan.supporters, count)
    return mho, supporters, random.Random(rng.getrandbits(64))


def _save_batch(batch, years: range) -> tuple[int, int]:
    """Create the MHOs of ``batch``, their supporters and records."""
    MHO.objects.bulk_create([mho for mho, _s, _r in batch], batch_size=BATCH_SIZE)
    if any(mho.pk is None for mho, _s, _r in batch):  # backends without RETURNING
        pks = dict(
            MHO.objects.filter(
                code__in=[mho.code for mho, _s, _r in batch]
            ).values_list("code", "pk")
        )
        for mho, _s, _r in batch:
            mho.pk = pks[mho.code]
    links = MHO.support_organizations.through
    links.objects.bulk_create(
        [
            links(mutualhealthorganization_id=mho.pk, organization_id=pk)
            for mho, supporters, _r in batch
            for pk in supporters
        ],
        batch_size=BATCH_SIZE,
    )
    records, buffer = 0, []
    for mho, _s, record_rng in batch:
        for record in profiles.draw_records(record_rng, mho, years):
            buffer.append(record)
            if len(buffer) >= BATCH_SIZE:
                records += len(YearlyRecord.objects.bulk_create(buffer))
                buffer = []
    if buffer:
        records += len(YearlyRecord.objects.bulk_create(buffer))
    return len(batch), records


def _refresh_statistics() -> None:
    """Let PostgreSQL plan with the new row counts at once: right after a bulk
    load its estimates are stale and the inventory list took seconds."""
    if connection.vendor != "postgresql":
        return
    tables = [
        model._meta.db_table
        for model in (MHO, YearlyRecord, MHO.support_organizations.through)
    ]
    # VACUUM also marks the new pages all-visible, so that index-only scans
    # (the synthesis of a country-year) need not wait for autovacuum; it
    # cannot run inside a transaction, where ANALYZE alone is done.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        names = ", ".join(map(connection.ops.quote_name, tables))
        cursor.execute(f"{command} {names}")


def demo_years(years: int) -> range:
    """The last ``years`` complete years, up to last year."""
    last_year = timezone.localdate().year - 1
    first_year = last_year - years + 1
    if years < 1 or first_year < FIRST_YEAR:
        raise DemoUnavailable(
            f"Years must be between 1 and {last_year - FIRST_YEAR + 1}."
        )
    return range(first_year, last_year + 1)


def demo_generate(*, mhos: int, years: int, seed: int) -> DemoSummary:
    """Replace the demonstration data by ``mhos`` MHOs over ``years`` years."""
    started = time.perf_counter()
    if mhos < 0:
        raise DemoUnavailable("The number of MHOs cannot be negative.")
    span = demo_years(years)
    rng = random.Random(seed)
    created = records = 0
    with transaction.atomic():
        demo_delete()
        plans = _country_plans()
        weights = [profiles.COUNTRY_WEIGHTS.get(p.country.iso2, 3) for p in plans]
        names: Counter = Counter()
        batch = []
        for _index in range(mhos):
            plan = rng.choices(plans, weights)[0]
            batch.append(_draw_mho(rng, plan, names, span.start, span.stop - 1))
            if len(batch) >= MHO_BATCH:
                done = _save_batch(batch, span)
                created, records, batch = created + done[0], records + done[1], []
        if batch:
            done = _save_batch(batch, span)
            created, records = created + done[0], records + done[1]
    _refresh_statistics()
    # The bulk writes above take the change path once, here: the whole
    # synthesis is rebuilt, then the files.
    synthesis_refresh()
    return DemoSummary(created, records, time.perf_counter() - started)
