"""The one path by which a change of the inventory reaches what visitors see:
the page cache, the synthesis tables and the open-data files under /data/.

Every writer calls one of these functions, inside its own transaction:

- ``records_changed``: yearly records saved, deleted, imported or reverted.
  Every ``save()`` and ``delete()`` of a record (yearly form, Excel template,
  review, revert, admin) reaches it through the receivers of
  ``inventory.signals``; writers that bypass ``save()`` (the admin import's
  bulk writes) call it themselves.
- ``mhos_changed``: an MHO saved (its approval, founding year and country
  change the counts of every year).
- ``directory_changed``: what the files show of the directory (organizations,
  countries, an MHO's support organizations) and nothing else.
- ``synthesis_refresh``: rebuild the synthesis now (the ``rebuild_synthesis
  --all`` command, the demonstration data, bulk writers that paused the
  signals).
- ``synthesis_refresh_dirty``: rebuild what was marked dirty (the Celery task
  and its periodic sweep, the ``rebuild_synthesis`` command).

A change of the synthesis marks its (country, year) pairs dirty in the same
transaction and queues one rebuild once it commits; whatever changes the
published data ends in ``data_files_changed``: the served files are marked
stale in the same transaction, and one build is queued once it commits (see
``inventory.exports.schedule``: debounced, never dropped). Both queues keep at
most one task waiting, so a burst of changes costs one rebuild and one build.
"""

from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

from concertation import pagecache
from concertation.cache import site_key
from concertation.celery import app
from concertation.tasks import enqueue
from inventory.exports.schedule import data_build_schedule, data_mark_stale
from inventory.models import DirtySynthesis, YearlyRecord
from inventory.models.synthesis import SynthesisRow

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

# Only validated records count in the synthesis; submitted ones also show in
# the open campaign's completeness. Drafts change nothing public.
COUNTED = {YearlyRecord.State.VALIDATED}
SHOWN = {YearlyRecord.State.SUBMITTED, YearlyRecord.State.VALIDATED}


def synthesis_rebuild_schedule() -> bool:
    """Queue one rebuild of the dirty synthesis rows, unless one is queued and
    not started yet (it will see the marks committed meanwhile): a burst of
    changes, or a transaction of many, gives one rebuild. Returns whether one
    was queued."""
    queued_key = site_key(REBUILD_QUEUED_KEY)
    if not cache.add(queued_key, True, timeout=REBUILD_QUEUED_SECONDS):
        return False
    if not enqueue(app.tasks[REBUILD_TASK]):
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
        synthesis_mark_dirty(pairs=pairs)
        transaction.on_commit(synthesis_rebuild_schedule)


def mhos_changed(*, countries: Iterable[int], years: Iterable[int]) -> None:
    """MHOs of ``countries`` changed (their approval, founding year or country
    change the MHOs known in every year): rebuild those countries in every
    year the synthesis covers (each country with known MHOs has a row there),
    ``years`` included. With no such year, only the files change (their list
    of MHOs)."""
    countries = {country for country in countries if country}
    years = set(years) | set(
        SynthesisRow.objects.filter(country__isnull=True).values_list("year", flat=True)
    )
    if years:
        synthesis_mark_dirty(pairs=[(c, y) for c in countries for y in years])
        transaction.on_commit(synthesis_rebuild_schedule)
    else:
        data_files_changed()


def directory_changed() -> None:
    """Organizations, countries or an MHO's support organizations changed:
    only the files show them (the page cache follows its own signals)."""
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
