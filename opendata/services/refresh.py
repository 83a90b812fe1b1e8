"""How the synthesis and the open-data files follow the inventory's changes.

The inventory's change path (``inventory.services.changes``) sends
``published_data_changed``; ``opendata.receivers`` hands it to
``published_data_follow`` here, in the writer's transaction. A change of the
synthesis marks its (country, year) pairs dirty in that transaction and queues
one rebuild once it commits; whatever changes the published data ends in
``data_files_changed``: the served files are marked stale in the same
transaction, and one build is queued once it commits (see
``opendata.exports.schedule``: debounced, never dropped). Both queues keep at
most one task waiting, so a burst of changes costs one rebuild and one build.
"""

from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

from kernel.cache import site_key
from kernel.queue import enqueue, task_named
from opendata.exports.schedule import data_build_schedule, data_mark_stale
from opendata.models import DirtySynthesis, SynthesisRow

from .synthesis import (
    Pair,
    synthesis_mark_dirty,
    synthesis_rebuild,
    synthesis_rebuild_dirty,
)

REBUILD_TASK = "inventory.rebuild_synthesis"
REBUILD_QUEUED_KEY = "inventory:synthesis-rebuild:queued"
# A queued rebuild not started after this long is taken as lost: the next
# change queues another (and beat's sweep, where it runs, does it anyway).
REBUILD_QUEUED_SECONDS = 60


def published_data_follow(
    *, pairs: Iterable[Pair] | None, countries: Iterable[int], now: bool
) -> None:
    """What a change of the inventory does to the synthesis and the files
    (the arguments of ``published_data_changed``): rebuild ``pairs`` now (all
    when None) when ``now``; otherwise mark ``pairs`` dirty, with ``countries``
    in every year the synthesis covers, and queue their rebuild; with nothing
    to rebuild, only the files change."""
    if now:
        synthesis_refresh(pairs=pairs)
        return
    pairs = set(pairs)
    countries = set(countries)
    if countries:
        covered = SynthesisRow.objects.filter(country__isnull=True).values_list(
            "year", flat=True
        )
        pairs |= {(country, year) for country in countries for year in covered}
    if pairs:
        synthesis_mark_dirty(pairs=pairs)
        transaction.on_commit(synthesis_rebuild_schedule)
    else:
        data_files_changed()


def synthesis_rebuild_schedule() -> bool:
    """Queue one rebuild of the dirty synthesis rows, unless one is queued and
    not started yet (it will see the marks committed meanwhile): a burst of
    changes, or a transaction of many, gives one rebuild. Returns whether one
    was queued."""
    queued_key = site_key(REBUILD_QUEUED_KEY)
    if not cache.add(queued_key, True, timeout=REBUILD_QUEUED_SECONDS):
        return False
    if not enqueue(task_named(REBUILD_TASK)):
        cache.delete(queued_key)
        return False
    return True


def _queue_data_build() -> None:
    data_build_schedule()


def data_files_changed() -> None:
    """The published data changed: mark the files stale now, queue their
    build once the transaction commits."""
    data_mark_stale()
    transaction.on_commit(_queue_data_build)


def directory_changed() -> None:
    """Organizations, countries or an MHO's support organizations changed:
    only the files show them."""
    data_files_changed()


def synthesis_refresh(*, pairs: Iterable[Pair] | None = None) -> int:
    """Rebuild the synthesis rows of ``pairs`` now (all rows when None), then
    the files. Returns the number of country rows rebuilt."""
    rebuilt = synthesis_rebuild(pairs=pairs)
    data_files_changed()
    return rebuilt


def synthesis_refresh_dirty() -> int:
    """Rebuild the (country, year) pairs marked dirty, then the files when
    there were any. Returns the number of pairs rebuilt."""
    # This is the queued rebuild running: a change from now on queues another.
    cache.delete(site_key(REBUILD_QUEUED_KEY))
    rebuilt = synthesis_rebuild_dirty()
    if rebuilt:
        data_files_changed()
    if DirtySynthesis.objects.exists():
        # Marked while this rebuild ran: make sure a rebuild follows, whatever
        # became of the one their writer queued.
        transaction.on_commit(synthesis_rebuild_schedule)
    return rebuilt
