"""The data quality score and its definitions, for the included templates of
the yearly form, the synthesis tables and the data dictionary."""

from django import template

from inventory.quality import DEFINITIONS, QUALITY_SCORE
from inventory.selectors_quality import record_quality

register = template.Library()


@register.simple_tag
def quality_of_record(record):
    """The score of a saved record (the manager's panel on the yearly form)."""
    return record_quality(record=record)


@register.filter
def quality_of(scores: dict | None, key):
    """The published score of one line of a synthesis table (a country's ISO
    code, "" for Africa, or a year)."""
    if not scores:
        return None
    return scores.get(key or "")


@register.simple_tag
def quality_definitions():
    """The entries of the data dictionary that are not columns of the files."""
    return DEFINITIONS


@register.simple_tag
def quality_definition():
    return QUALITY_SCORE
