"""Bilingual model content stored as plain ``<field>_fr`` / ``<field>_en`` columns."""

import unicodedata

from django.utils.translation import get_language


class TranslatedField:
    """Read ``obj.<name>`` as the active language's column, else the other one.

    ``name = TranslatedField("name")`` on a model with ``name_fr`` and
    ``name_en`` gives templates a plain ``{{ obj.name }}``.
    """

    languages = ("fr", "en")

    def __init__(self, base: str):
        self.base = base

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        active = (get_language() or "fr")[:2]
        order = [active] + [code for code in self.languages if code != active]
        for code in order:
            value = getattr(obj, f"{self.base}_{code}", "")
            if value:
                return value
        return ""


def translated_ordering(base: str) -> str:
    """The column to order by for the active language (``name_fr`` or ``name_en``)."""
    active = (get_language() or "fr")[:2]
    return f"{base}_{'en' if active == 'en' else 'fr'}"


def sort_key(text: str) -> str:
    """Order names as a reader expects (Bénin before Burkina Faso) on any database."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(
        char for char in decomposed if not unicodedata.combining(char)
    ).casefold()
