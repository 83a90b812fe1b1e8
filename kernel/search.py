"""Search that ignores accents and case, on PostgreSQL and SQLite alike.

``Kedougou`` finds "Kédougou" and ``MUTUALITE`` finds "mutualité": a text
column is compared through the lookup ``unaccent_icontains`` (registered on
every text field, so the site's lists, the API and the admin's
``search_fields`` use the same one), and names are compared fuzzily with
``Similarity``.

On PostgreSQL both sides go through ``LOWER(unaccent(...))`` (the
``unaccent`` extension, created by a migration) and similarity is
``pg_trgm``'s ``similarity()``. SQLite has neither: each connection gets two
deterministic functions of the same names in Python (``unaccent_lower`` and
``similarity``, the latter ``difflib``'s ratio of the folded texts).
"""

import difflib
import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import CharField, FloatField, Func, Lookup, TextField

# Scores of ``Similarity`` above which two names are taken for the same: the
# two measures differ (trigrams on PostgreSQL, matching blocks on SQLite) and
# were set on the same pairs of real names (tests/kernel/test_search.py).
SIMILAR_NAMES = {"postgresql": 0.6, "sqlite": 0.9}


def fold(text) -> str:
    """Lower case, accents and other marks removed: "Kédougou" → "kedougou"."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.casefold()


def _similarity(left, right) -> float:
    if left is None or right is None:
        return 0.0
    return difflib.SequenceMatcher(None, fold(left), fold(right)).ratio()


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def fold_sql(connection, sql: str) -> str:
    """SQL of the text ``sql`` lower-cased and without accents."""
    return _fold_sql(connection, sql)


def _fold_sql(connection, sql: str) -> str:
    if connection.vendor == "postgresql":
        return f"LOWER(unaccent(({sql})::text))"
    if connection.vendor == "sqlite":
        return f"unaccent_lower({sql})"
    return f"LOWER({sql})"


class UnaccentIContains(Lookup):
    """``name__unaccent_icontains="kedougou"``: contains, ignoring accents and
    case."""

    lookup_name = "unaccent_icontains"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return ("%s", ["%" + _escape_like(str(value)) + "%"])

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        sql = f"{_fold_sql(connection, lhs)} LIKE {_fold_sql(connection, rhs)}"
        if connection.vendor == "sqlite":
            sql += " ESCAPE '\\'"
        return sql, [*lhs_params, *rhs_params]


class Similarity(Func):
    """How alike two texts are, from 0 to 1, accents and case aside."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra):
        left, right = self.source_expressions
        left_sql, left_params = compiler.compile(left)
        right_sql, right_params = compiler.compile(right)
        if connection.vendor == "postgresql":
            sql = (
                f"similarity({_fold_sql(connection, left_sql)}, "
                f"{_fold_sql(connection, right_sql)})"
            )
        else:
            sql = f"similarity({left_sql}, {right_sql})"
        return sql, [*left_params, *right_params]


def similar_names_threshold(connection) -> float:
    return SIMILAR_NAMES.get(connection.vendor, SIMILAR_NAMES["sqlite"])


def _sqlite_functions(sender, connection, **kwargs):
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function("unaccent_lower", 1, fold, deterministic=True)
    raw.create_function("similarity", 2, _similarity, deterministic=True)


def register() -> None:
    CharField.register_lookup(UnaccentIContains)
    TextField.register_lookup(UnaccentIContains)
    connection_created.connect(_sqlite_functions, dispatch_uid="kernel.search")
