"""Every ``save()`` and ``delete()`` of a yearly record or an MHO, on every
write path (form, template, review, revert, admin), reaches the one change
path (``inventory.services.changes``) in its own transaction: these receivers
are the only place that turns a write of the ORM into a call of that path.
Bulk writers that send no signals (the admin import, the demonstration data)
call the path themselves. What the open-data files show of the directory is
the open data's business (``opendata.receivers``)."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import MutualHealthOrganization, YearlyRecord
from .services import changes

_paused: ContextVar[bool] = ContextVar("synthesis_signals_paused", default=False)


@contextmanager
def synthesis_signals_paused():
    """For bulk writers that refresh the synthesis themselves afterwards
    (``changes.synthesis_refresh``)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def _record_rows(pk):
    return list(
        YearlyRecord.objects.filter(pk=pk).values_list(
            "mho__country_id", "year", "state"
        )
    )


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
    changes.records_changed(
        pairs=[(_country_of(instance), instance.year), *((c, y) for c, y, _ in old)],
        states={instance.state, *(state for _, _, state in old)},
    )


@receiver(post_delete, sender=YearlyRecord)
def _record_deleted(sender, instance, **kwargs):
    if _paused.get():
        return
    country = _country_of(instance)
    if country:
        changes.records_changed(
            pairs=[(country, instance.year)], states={instance.state}
        )


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


@receiver(post_save, sender=MutualHealthOrganization)
def _mho_saved(sender, instance, raw=False, **kwargs):
    if _paused.get():
        return
    changes.mhos_changed(
        countries={
            instance.country_id,
            getattr(instance, "_synthesis_old_country", None),
        },
        years=instance.records.values_list("year", flat=True),
    )


@receiver(post_delete, sender=MutualHealthOrganization)
def _mho_deleted(sender, instance, **kwargs):
    # Its records went first, each through _record_deleted.
    if _paused.get():
        return
    changes.mhos_changed(countries={instance.country_id}, years=())
