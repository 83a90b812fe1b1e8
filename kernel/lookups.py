"""An ``in`` lookup on integer columns that never sends the database a number
the column cannot hold.

Django answers ``exact``, ``gt``, ``lt`` and the like with an integer outside
the column's range without asking the database: no row can match. ``in`` still
passes every value through, and SQLite's driver raises ``OverflowError`` on a
number past 64 bits: a form posting ``countries=99999999999999999999`` ended in
a server error. Here such values are left out of the list before it reaches the
database, so every ``pk__in`` (model choice fields of the site and the admin,
admin actions, filters) matches the rows it can and no more, and a choice field
reports the value as an invalid choice.
"""

import copy

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def as_sql(self, compiler, connection):
        if self.rhs_is_direct_value():
            kept = self._in_range(connection)
            if len(kept) != len(self.rhs):
                within = copy.copy(self)
                within.rhs = kept
                return super(IntegerFieldIn, within).as_sql(compiler, connection)
        return super().as_sql(compiler, connection)

    def _in_range(self, connection) -> list:
        low, high = connection.ops.integer_field_range(
            self.lhs.output_field.get_internal_type()
        )
        return [
            value
            for value in self.rhs
            if not isinstance(value, int)
            or ((low is None or value >= low) and (high is None or value <= high))
        ]


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
