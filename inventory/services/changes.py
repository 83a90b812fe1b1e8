"""The one path by which a change of the inventory reaches what visitors see:
the page cache, the synthesis tables and the open-data files under /data/.

Every writer calls one of these functions, inside its own transaction:

- ``records_changed``: yearly records saved, deleted, imported or reverted.
  The one write of a record (``record_write.record_write``: yearly form, Excel
  template, review, revert, admin forms) and its deletion
  (``record_write.records_delete``) call it after their write; the admin
  import's bulk writes call it once for all their rows.
- ``mhos_changed``: MHOs saved or deleted (their approval, founding year and
  country change the counts of every year), from the one write of an MHO
  (``mho_write``: registration, decision, admin forms and import).
- ``synthesis_refresh``: rebuild the synthesis now (the demonstration data's
  bulk writes).

No ``post_save`` receiver stands between a write and this path: a write that
does not call it (a raw ``save()`` or ``update()``) is caught up only by the
synthesis task's sweep of dirty pairs and the files' staleness check.

This module drops the cached public pages when a submitted or validated
record changed (yearly records are not among the models the page cache
watches by itself), then sends ``published_data_changed``, the one signal of
this path, in the writer's transaction. Its receiver is
``opendata.receivers`` (the inventory imports nothing of the open data), which
hands it to ``opendata.services.refresh.published_data_follow``: it marks the
(country, year) pairs of the synthesis dirty in the same transaction and
queues one rebuild once it commits, or, when only the files change, marks them
stale and queues their build. The arguments of the
signal, all keyword:

- ``pairs``: the (country id, year) pairs whose synthesis changes; None for
  every pair;
- ``countries``: country ids whose synthesis changes in every year it covers
  (an MHO changed);
- ``now``: rebuild at once, in this process, instead of queueing a rebuild.

With neither pairs nor countries, only the open-data files change.
"""

from collections.abc import Iterable

from django.dispatch import Signal

from inventory.models import YearlyRecord
from kernel import pagecache

Pair = tuple[int, int]  # (country id, year)

published_data_changed = Signal()

# Only validated records count in the synthesis; submitted ones also show in
# the open campaign's completeness. Drafts change nothing public.
COUNTED = {YearlyRecord.State.VALIDATED}
SHOWN = {YearlyRecord.State.SUBMITTED, YearlyRecord.State.VALIDATED}


def records_changed(*, pairs: Iterable[Pair], states: Iterable[str] | None) -> None:
    """Yearly records of the (country, year) ``pairs`` changed; ``states`` are
    the states they had before and after (None when unknown: treated as
    public). Public pages are refreshed when a submitted or validated record
    changed; the synthesis of the pairs, and then the files, when a validated
    one did."""
    states = set(COUNTED if states is None else states)
    if states & SHOWN:
        pagecache.invalidate()
    if states & COUNTED:
        published_data_changed.send(
            sender=YearlyRecord, pairs=set(pairs), countries=set(), now=False
        )


def mhos_changed(*, countries: Iterable[int], years: Iterable[int]) -> None:
    """MHOs of ``countries`` changed (their approval, founding year or country
    change the MHOs known in every year): their synthesis in every year it
    covers, and in ``years``, is rebuilt."""
    countries = {country for country in countries if country}
    published_data_changed.send(
        sender=YearlyRecord,
        pairs={(country, year) for country in countries for year in set(years)},
        countries=countries,
        now=False,
    )


def synthesis_refresh(*, pairs: Iterable[Pair] | None = None) -> None:
    """Rebuild the synthesis rows of ``pairs`` now (all rows when None), then
    queue the files' build."""
    published_data_changed.send(
        sender=YearlyRecord,
        pairs=None if pairs is None else set(pairs),
        countries=set(),
        now=True,
    )
