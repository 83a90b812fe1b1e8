"""A yearly record's values as people read them, in the active language.

One place words every value the pages, the review, the history and the mail
show: Yes / No / Not reported for an answer (never True / False / None), a
choice's translated label (never its stored code), whole numbers with the
language's digit grouping (French: 9 500 000 with narrow no-break spaces;
English: 9,500,000), amounts followed by their currency, and a consistency
rule's code always beside its text. The model field's metadata says which
is which, so a caller passes a field name and a value, nothing else.

Templates use the ``record_display`` filters
(``{% load record_display %}{{ record|field_value:"members" }}``).
"""

from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _

from inventory.fields import NOT_REPORTED, TriStateField, tri_state_label
from inventory.models import YearlyRecord
from inventory.models.record import AMOUNT_FIELDS

# What an empty figure, choice or answer reads as.
EMPTY = NOT_REPORTED


def number_display(value) -> str:
    """A number with the active language's digit grouping and decimal mark;
    "Not reported" when there is none."""
    if value is None or value == "":
        return str(EMPTY)
    if isinstance(value, float | Decimal) and value == int(value):
        value = int(value)
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def amount_display(value, currency: str | None = None) -> str:
    """An amount with its digit grouping and, when known, its currency code
    after it (9 500 000 XOF), joined by a no-break space."""
    if value is None or value == "":
        return str(EMPTY)
    number = number_display(value)
    return f"{number}\u00a0{currency}" if currency else number


def _model_field(name: str):
    try:
        return YearlyRecord._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def field_display(name: str, value, *, currency: str | None = None) -> str:
    """The value of the record's field ``name`` as people read it; amounts
    take ``currency`` (the record's)."""
    field = _model_field(name)
    if isinstance(field, TriStateField):
        return tri_state_label(value)
    if value is None or value == "":
        return str(EMPTY)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return tri_state_label(value)
    if name in AMOUNT_FIELDS:
        return amount_display(value, currency)
    if isinstance(field, models.IntegerField | models.DecimalField):
        return number_display(value)
    if isinstance(value, int | float | Decimal):
        return number_display(value)
    return str(value)


def record_value(record, name: str) -> str:
    """``record``'s field ``name`` as people read it (amounts in its currency).
    ``record`` may be a yearly record or one of its history versions."""
    return field_display(
        name, getattr(record, name, None), currency=getattr(record, "currency", None)
    )


def field_label(name: str) -> str:
    """The field's name as the form and the pages label it."""
    field = _model_field(name)
    return str(field.verbose_name) if field is not None else name


def issue_display(issue) -> str:
    """A consistency rule's message followed by its code, e.g. "Contributions
    collected are above the contributions expected. (W03)"; the code alone is
    never shown."""
    return _("%(message)s (%(code)s)") % {
        "message": issue.message,
        "code": issue.code,
    }
