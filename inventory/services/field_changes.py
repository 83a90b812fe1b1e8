"""What a save would change: a save that changes nothing writes nothing.

Every write path of records and MHOs (online form, Excel template, admin,
bulk import) asks this before saving, so that opening a record and saving it
unchanged neither gives it a new version nor adds a history row that records
no change.
"""

from django.db import models


def changed_fields(instance: models.Model, *, names: list[str]) -> list[str]:
    """The fields of ``names`` whose value on ``instance`` differs from the
    stored row (every one of them when the row is not stored)."""
    fields = [instance._meta.get_field(name) for name in names]
    if instance.pk is None:
        return list(names)
    attnames = [field.attname for field in fields]
    stored = (
        type(instance)._default_manager.filter(pk=instance.pk).values(*attnames).first()
    )
    if stored is None:
        return list(names)
    return [
        field.name
        for field in fields
        if field.to_python(getattr(instance, field.attname)) != stored[field.attname]
    ]
