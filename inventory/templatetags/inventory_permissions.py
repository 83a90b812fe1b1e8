"""The inventory's permission predicates, for templates (the navigation)."""

from django import template

from inventory import permissions

register = template.Library()


@register.filter
def is_reviewer(user) -> bool:
    """Reviews somewhere: a focal point's country, or every country."""
    return permissions.is_reviewer(user)
