"""Bulk import and export of the inventory (django-import-export), for the admin.

An import is all or nothing: it runs in one transaction that is rolled back
when any row is invalid, also at the admin's confirm step. Every row goes
through the model's own validation (``full_clean``, so ``YearlyRecord.clean``
and its rules). MHOs are looked up among those the importing user may edit.
Exported text that a spreadsheet would read as a formula is escaped.
"""

from .base import escape_formula, unescape_formula
from .mhos import MHOResource
from .records import YearlyRecordResource

__all__ = ["MHOResource", "YearlyRecordResource", "escape_formula", "unescape_formula"]
