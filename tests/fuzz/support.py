"""Helpers of the fuzz tests: isolation of the examples and what they compare."""

from collections import Counter
from contextlib import contextmanager

from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection, transaction
from django.http import HttpRequest

from inventory.models import YearlyRecord
from opendata.models import DirtySynthesis

# Read with plain SQL: thousands of examples read them twice each. Each row
# starts with the id of its record (history rows: the id of the record they
# copy).
STATE_QUERIES = [
    f"SELECT id, * FROM {model._meta.db_table} ORDER BY {model._meta.pk.column}"
    for model in (YearlyRecord, YearlyRecord.history.model, DirtySynthesis)
]


@contextmanager
def rolled_back():
    """Run one example in a savepoint that is always rolled back, so that every
    example starts from the same database."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def inventory_state():
    """Every yearly record, every history row and the synthesis marks, as rows:
    equal states mean that nothing was written."""
    with connection.cursor() as cursor:
        state = []
        for query in STATE_QUERIES:
            cursor.execute(query)
            state.append(cursor.fetchall())
    return state


def flash_messages(response) -> list[str]:
    """The texts of the messages a redirect leaves for the next page."""
    morsel = response.cookies.get("messages")
    if morsel is None or not morsel.value:
        return []
    return [
        str(message)
        for message in CookieStorage(HttpRequest())._decode(morsel.value) or []
    ]


class Tally(Counter):
    """Counts the examples a test ran, by outcome, to report and assert on."""

    @property
    def total(self) -> int:
        return sum(self.values())

    def report(self, title: str) -> str:
        outcomes = ", ".join(f"{name}: {count}" for name, count in sorted(self.items()))
        return f"{title}: {self.total} examples ({outcomes})"
