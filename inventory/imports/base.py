"""What the inventory's resources share: widgets that report bad cells with
their column, all-or-nothing imports and exports safe to open in a spreadsheet."""

from collections import Counter
from copy import copy

from django.db import models
from django.utils.translation import gettext_lazy as _
from import_export import resources, widgets

from inventory.fields import tri_state_parse
from inventory.numbers import NumberRefused, whole_number_parse
from inventory.spreadsheets import excel_whole_number

IMPORT_REASON = "import"
# Cells starting with these run as formulas in Excel, LibreOffice and Sheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
IN_CHUNK = 900  # values per IN (...) query, under SQLite's 999 parameters


def escape_formula(value):
    """Prefix an apostrophe, as OWASP advises: the cell then shows as text."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def unescape_formula(value):
    """Undo ``escape_formula`` so that an exported file imports unchanged."""
    escaped = isinstance(value, str) and value.startswith("'")
    if escaped and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


def chunks(values):
    values = list(values)
    for start in range(0, len(values), IN_CHUNK):
        yield values[start : start + IN_CHUNK]


class WholeNumberWidget(widgets.IntegerWidget):
    """Plain digits are read at once; anything else goes through the reading of
    numbers people type (``inventory.numbers``: "9 500 000", "9.500.000"),
    which costs more on large files. A fraction, a yes/no cell or a date is an
    error of the cell: IntegerWidget would truncate "1.5" to 1 and read TRUE
    as 1."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str) and value.isascii() and value.isdigit():
            return int(value)
        if self.is_empty(value):
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ValueError(_("Enter a whole number."))
        try:
            number = whole_number_parse(value)
        except NumberRefused as refusal:
            raise ValueError(refusal.message) from None
        if number is None:
            raise ValueError(_("Enter a whole number."))
        return number

    def render(self, value, obj=None, **kwargs):
        # In an Excel file (native types) a number Excel would round is text.
        if kwargs.get("force_native_type"):
            return excel_whole_number(value)
        return super().render(value, obj, **kwargs)


class YesNoWidget(widgets.BooleanWidget):
    """Yes, no or not reported, read as the online form and the template read
    them (``inventory.fields.tri_state_parse``: yes/no in English or French,
    1 or 0, empty for not reported); anything else is an error of the cell
    rather than a silent answer."""

    def clean(self, value, row=None, **kwargs):
        try:
            return tri_state_parse(value)
        except ValueError:
            raise ValueError(
                _("Write 1 for yes, 0 for no, or leave the cell empty if not reported.")
            ) from None


class KeyWidget(widgets.CachedForeignKeyWidget):
    """A related object by one of its keys; an unknown key is an error of the cell."""

    def __init__(self, model, field, message, upper=False):
        super().__init__(model, field=field)
        self.message = message
        self.upper = upper

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.strip().upper() if self.upper else value.strip()
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(self.message % {"value": value}) from None


class InventoryResource(resources.ModelResource):
    """What both resources share: the user, all-or-nothing imports, safe exports."""

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        # Options this import may change without touching the class's.
        self._meta = copy(type(self)._meta)
        self._import_fields = None

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if isinstance(f, models.BooleanField):
            return YesNoWidget
        if isinstance(f, models.IntegerField) and not f.choices:
            return WholeNumberWidget
        return super().widget_from_django_field(f, default)

    def get_import_fields(self):
        # The parent computes this again for every row and every field.
        if self._import_fields is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        kwargs["rollback_on_validation_errors"] = True
        problem = self.header_problem(dataset.headers or [])
        if problem:
            # Refuse the file before any row: every row would fail, or worse,
            # read the wrong one of two columns with the same name.
            result = self.get_result_class()()
            try:
                raise ValueError(problem)
            except ValueError as error:
                self.handle_import_error(result, error, raise_errors)
            return result
        return super().import_data(dataset, dry_run, raise_errors, **kwargs)

    def header_problem(self, headers) -> str | None:
        """What makes the header row unusable, in words the importer understands."""
        missing = [
            self.fields[name].column_name
            for name in self._meta.import_id_fields
            if self.fields[name].column_name not in headers
        ]
        if missing:
            return _(
                "The file has no column %(columns)s: its first row must name the "
                "columns, as in an exported file. Nothing was imported."
            ) % {"columns": ", ".join(f"“{column}”" for column in missing)}
        twice = sorted(
            str(name) for name, count in Counter(headers).items() if count > 1
        )
        if twice:
            return _(
                "The file has more than one column %(columns)s: keep one of each. "
                "Nothing was imported."
            ) % {"columns": ", ".join(f"“{column}”" for column in twice)}
        return None

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user") or self.user

    def before_save_instance(self, instance, row, **kwargs):
        instance._history_user = self.user
        instance._change_reason = IMPORT_REASON

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))
