"""Template filters that show a yearly record's values as people read them
(see ``inventory.display``): ``{% load record_display %}``, then
``{{ record|field_value:"members" }}``, ``{{ number|grouped }}``,
``{{ amount|money:record.currency }}``, ``{{ answer|yes_no }}``,
``{{ issue|issue_text }}``."""

from django import template

from inventory import display
from inventory.fields import tri_state_label

register = template.Library()


@register.filter
def field_value(record, name: str) -> str:
    """``record``'s field ``name``: answers, choices, grouped numbers, amounts
    with the record's currency; "Not reported" when empty."""
    return display.record_value(record, name)


@register.filter
def grouped(value) -> str:
    """A number with the active language's digit grouping."""
    return display.number_display(value)


@register.filter
def money(value, currency=None) -> str:
    """An amount with digit grouping and its currency code."""
    return display.amount_display(value, currency)


@register.filter
def yes_no(value) -> str:
    """Yes, No or Not reported."""
    return tri_state_label(value)


@register.filter
def issue_text(issue) -> str:
    """A consistency rule's message with its code."""
    return display.issue_display(issue)
