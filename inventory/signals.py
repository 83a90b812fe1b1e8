"""Mark the synthesis dirty in the same transaction as any record change, on
every write path (form, template, admin, import, revert), then queue a rebuild
once the transaction commits."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from concertation import pagecache

from .models import MutualHealthOrganization, YearlyRecord
from .models.synthesis import SynthesisRow
from .services.synthesis import synthesis_mark_dirty

_paused: ContextVar[bool] = ContextVar("synthesis_signals_paused", default=False)


@contextmanager
def synthesis_signals_paused():
    """For bulk writers that rebuild the synthesis themselves afterwards."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def _queue_rebuild():
    from concertation.tasks import enqueue

    from .tasks import rebuild_synthesis

    enqueue(rebuild_synthesis)


def _queue_rebuild_once():
    """One rebuild per transaction, however many records it changed. The
    pending callbacks are the transaction's own (dropped on rollback), so
    nothing is left behind when it fails."""
    pending = getattr(connection, "run_on_commit", [])
    if not any(entry[1] is _queue_rebuild for entry in pending):
        transaction.on_commit(_queue_rebuild)


# Only validated records count in the synthesis; submitted ones also show in
# the open campaign's completeness. Drafts change nothing public.
COUNTED = {YearlyRecord.State.VALIDATED}
SHOWN = {YearlyRecord.State.SUBMITTED, YearlyRecord.State.VALIDATED}


def _record_rows(pk):
    return list(
        YearlyRecord.objects.filter(pk=pk).values_list(
            "mho__country_id", "year", "state"
        )
    )


def _after_change(pairs, states):
    if states & SHOWN:
        pagecache.invalidate()
    if states & COUNTED:
        synthesis_mark_dirty(pairs=pairs)
        _queue_rebuild_once()


def _country_of(record):
    mho = record._state.fields_cache.get("mho")  # already loaded by the caller
    if mho is not None and mho.pk == record.mho_id:
        return mho.country_id
    return (
        MutualHealthOrganization.objects.filter(pk=record.mho_id)
        .values_list("country_id", flat=True)
        .first()
    )


@receiver(pre_save, sender=YearlyRecord)
def _remember_old_pair(sender, instance, raw=False, **kwargs):
    if _paused.get():
        return
    instance._synthesis_old_rows = _record_rows(instance.pk) if instance.pk else []


@receiver(post_save, sender=YearlyRecord)
def _record_saved(sender, instance, raw=False, **kwargs):
    if _paused.get():
        return
    old = getattr(instance, "_synthesis_old_rows", [])
    pairs = [(_country_of(instance), instance.year), *((c, y) for c, y, _ in old)]
    _after_change(pairs, {instance.state, *(state for _, _, state in old)})


@receiver(post_delete, sender=YearlyRecord)
def _record_deleted(sender, instance, **kwargs):
    if _paused.get():
        return
    country = _country_of(instance)
    if country:
        _after_change([(country, instance.year)], {instance.state})


@receiver(pre_save, sender=MutualHealthOrganization)
def _remember_old_country(sender, instance, raw=False, **kwargs):
    if _paused.get():
        return
    instance._synthesis_old_country = (
        MutualHealthOrganization.objects.filter(pk=instance.pk)
        .values_list("country_id", flat=True)
        .first()
        if instance.pk
        else None
    )


def _mark_mho_countries(instance, countries):
    """Approval, founding year or country change the MHOs known in every year
    the synthesis covers (each country with known MHOs has a row there)."""
    countries.discard(None)
    years = set(
        SynthesisRow.objects.filter(country__isnull=True).values_list("year", flat=True)
    )
    if instance.pk:
        years |= set(instance.records.values_list("year", flat=True))
    synthesis_mark_dirty(pairs=[(c, y) for c in countries for y in years])
    if years and countries:
        _queue_rebuild_once()
    else:
        # No synthesis change, but the MHO list of the downloads changed: the
        # periodic data-files sweep builds it.
        from .exports.build import data_mark_stale

        data_mark_stale()


@receiver(post_save, sender=MutualHealthOrganization)
def _mho_saved(sender, instance, raw=False, **kwargs):
    if _paused.get():
        return
    old_country = getattr(instance, "_synthesis_old_country", None)
    _mark_mho_countries(instance, {instance.country_id, old_country})


@receiver(post_delete, sender=MutualHealthOrganization)
def _mho_deleted(sender, instance, **kwargs):
    if _paused.get():
        return
    _mark_mho_countries(instance, {instance.country_id})
