"""The one write of an MHO: every path that saves or deletes one (the
registration, the focal point's decision, the admin's forms and list, the
admin import) ends here, and from here takes the change path
(``inventory.services.changes.mhos_changed``): an MHO's approval, founding
year and country change the MHOs known in every year of its country."""

from django.db import transaction
from django.db.models import QuerySet

from inventory.models import MutualHealthOrganization, YearlyRecord

from . import changes


def mho_country_before(mho: MutualHealthOrganization) -> int | None:
    """The country ``mho`` is in before its save (None for a new one)."""
    if mho.pk is None:
        return None
    return (
        MutualHealthOrganization.objects.filter(pk=mho.pk)
        .values_list("country_id", flat=True)
        .first()
    )


def mho_saved(mho: MutualHealthOrganization, *, country_before: int | None) -> None:
    """``mho`` was saved, in ``country_before`` until then: its countries'
    synthesis follows, in every year it covers and every year it reported."""
    changes.mhos_changed(
        countries={mho.country_id, country_before},
        years=YearlyRecord.objects.filter(mho_id=mho.pk).values_list("year", flat=True),
    )


def mho_save(mho: MutualHealthOrganization, **save_options) -> None:
    """Save ``mho`` (``save_options`` go to ``Model.save``) and take the change
    path, in one transaction."""
    with transaction.atomic():
        before = mho_country_before(mho)
        mho.save(**save_options)
        mho_saved(mho, country_before=before)


def mhos_delete(mhos: QuerySet) -> None:
    """Delete ``mhos`` with their records and take the change path, in one
    transaction."""
    with transaction.atomic():
        countries = set(mhos.values_list("country_id", flat=True))
        years = set(
            YearlyRecord.objects.filter(mho__in=mhos)
            .values_list("year", flat=True)
            .distinct()
        )
        mhos.delete()
        changes.mhos_changed(countries=countries, years=years)
