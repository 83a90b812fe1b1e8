"""Pieces the filters of the site's lists share."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .limits import SEARCH_MAX_LENGTH


class SearchFilter(django_filters.CharFilter):
    """The text a list is searched for, refused past ``SEARCH_MAX_LENGTH``
    characters: nothing longer is a name, and SQLite refuses to match a
    pattern past 50,000 bytes (it was a server error)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "search"}))
        super().__init__(*args, max_length=SEARCH_MAX_LENGTH, **kwargs)


def filter_status(filterset) -> int:
    """400 when a filter value is refused (a country not in the list, a search
    too long): the page says which and why, and lists what the other filters
    select; a crawler or a script is not told the list was filtered."""
    return 400 if filterset.is_bound and not filterset.is_valid() else 200
