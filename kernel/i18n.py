"""Bilingual model content stored as plain ``<field>_fr`` / ``<field>_en`` columns."""

import unicodedata

from django.db.models import CharField, F, Func
from django.utils.translation import get_language

from .search import fold_sql


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


class TranslatedSortKey(Func):
    """Order by ``<base>_fr`` or ``<base>_en`` as the active language reads
    it, accents and case aside, in the database: Bénin before Burkina Faso,
    Sénégal after Rwanda. The language is the one active when the query runs,
    so a form's or the admin's queryset made once sorts for each reader.

    ``order_by(TranslatedSortKey("name"))``, ``TranslatedSortKey("country__name")``.
    """

    output_field = CharField()

    def __init__(self, base: str, **extra):
        super().__init__(F(f"{base}_fr"), F(f"{base}_en"), **extra)

    def as_sql(self, compiler, connection, **extra):
        french, english = self.source_expressions
        active = (get_language() or "fr")[:2]
        sql, params = compiler.compile(english if active == "en" else french)
        return fold_sql(connection, sql), params
