"""The demonstration editions ``make run`` shows: a first edition of the
latest demo year, a few corrections of the demonstration data, then the
second edition of that year, which supersedes the first and whose changelog
lists them. The same demo data give the same corrections."""

from dataclasses import dataclass

from django.db import transaction

from inventory.models import MutualHealthOrganization, YearlyRecord
from inventory.services.changes import synthesis_refresh
from inventory.services.record_write import record_write

from .models import Edition
from .services import edition_publish

REASON = "Demonstration correction between two demo editions (not real data)"
CHANGED_RECORDS = 3


@dataclass(frozen=True)
class DemoEditions:
    first: Edition
    second: Edition | None
    corrections: int


def _corrections(*, year: int, user) -> int:
    """Correct the figures of three demo records of ``year``, send a fourth
    back to its manager (it leaves the public data), and validate the first
    record of a demo MHO that had none, if there is one. Every write is the
    one record write, with its history row and reason."""
    records = list(
        YearlyRecord.objects.public()
        .filter(year=year, mho__is_demo=True)
        .select_related("mho")
        .order_by("mho__code")[: CHANGED_RECORDS + 1]
    )
    done = 0
    for record in records[:CHANGED_RECORDS]:
        version = record.version
        record.members = (record.members or 0) + 12
        record.beneficiaries = (record.beneficiaries or 0) + 40
        record_write(record=record, user=user, expected_version=version, reason=REASON)
        done += 1
    if len(records) > CHANGED_RECORDS:
        returned = records[CHANGED_RECORDS]
        version = returned.version
        returned.state = YearlyRecord.State.RETURNED
        record_write(
            record=returned, user=user, expected_version=version, reason=REASON
        )
        done += 1
    newcomer = (
        MutualHealthOrganization.objects.approved()
        .filter(is_demo=True)
        .exclude(records__state=YearlyRecord.State.VALIDATED)
        .exclude(records__year=year)
        .order_by("code")
        .first()
    )
    if newcomer is not None and records:
        model = records[0]
        record = YearlyRecord(
            mho=newcomer,
            year=year,
            state=YearlyRecord.State.VALIDATED,
            status=model.status,
            members=40,
            beneficiaries=160,
        )
        record_write(record=record, user=user, expected_version=None, reason=REASON)
        done += 1
    return done


def demo_editions_publish(*, year: int, user) -> DemoEditions:
    """``<year>.1``, the demo corrections, then ``<year>.2`` (none without
    demonstration records to correct)."""
    first = edition_publish(year=year, user=user)
    with transaction.atomic():
        corrections = _corrections(year=year, user=user)
    if not corrections:
        return DemoEditions(first=first, second=None, corrections=0)
    synthesis_refresh()
    second = edition_publish(year=year, user=user)
    return DemoEditions(first=first, second=second, corrections=corrections)
