"""Import and export of yearly records, in bulk and with their history."""

from copy import copy

from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.db.models.fields import NOT_PROVIDED
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets
from import_export.instance_loaders import BaseInstanceLoader

from inventory.models import MutualHealthOrganization, YearlyRecord
from inventory.models.record import DATA_FIELDS
from inventory.services.changes import records_changed
from inventory.services.record_write import RecordConflict, record_versions_claim

from .base import IMPORT_REASON, InventoryResource, chunks


class MHOCodeWidget(widgets.ForeignKeyWidget):
    """An MHO by its code, among those the importing user may edit, loaded once."""

    def __init__(self):
        super().__init__(MutualHealthOrganization, field="code")
        self.by_code = {}

    def load(self, *, user, codes) -> None:
        wanted = {str(code).strip().upper() for code in codes if code}
        editable = MutualHealthOrganization.objects.editable_by(user)
        for chunk in chunks(wanted):
            self.by_code.update(
                (mho.code, mho) for mho in editable.filter(code__in=chunk)
            )

    def clean(self, value, row=None, **kwargs):
        code = str(value if value is not None else "").strip().upper()
        if not code:
            raise ValueError(_("Enter the code of the mutual, e.g. SN-0042."))
        try:
            return self.by_code[code]
        except KeyError:
            raise ValueError(
                _("No mutual health organization you may edit has the code “%(code)s”.")
                % {"code": code}
            ) from None


class RecordLoader(BaseInstanceLoader):
    """The file's existing records, read in a few queries, by (MHO, year)."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        mhos = resource.fields["mho"].widget.by_code.values()
        self.records = {}
        for chunk in chunks(mho.pk for mho in mhos):
            for record in YearlyRecord.objects.filter(mho_id__in=chunk):
                self.records[(record.mho_id, record.year)] = record

    def get_instance(self, row):
        fields = self.resource.fields
        try:
            mho = fields["mho"].widget.clean(row["mho"])
            year = fields["year"].widget.clean(row["year"])
        except (KeyError, ValueError):
            return None  # import_instance reports it, with its column
        record = self.records.get((getattr(mho, "pk", None), year))
        if record is not None:
            record.mho = mho
        return record


class YearlyRecordResource(InventoryResource):
    mho = fields.Field(attribute="mho", column_name="mho", widget=MHOCodeWidget())
    # Exported as is; imported rows always get source "import".
    source = fields.Field(attribute="source", column_name="source", readonly=True)

    class Meta:
        model = YearlyRecord
        import_id_fields = ["mho", "year"]
        fields = ["mho", "year", *DATA_FIELDS, "state", "source"]
        clean_model_instances = True
        use_transactions = True
        instance_loader_class = RecordLoader
        use_bulk = True
        batch_size = 500

    def get_queryset(self):
        return YearlyRecord.objects.editable_by(self.user)

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("mho")

    def init_instance(self, row=None):
        # Copying a blank record costs half of building one field by field.
        return copy(self.blank)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.seen = {}
        self.blank = YearlyRecord()
        self.started_at = timezone.now()  # one history date for the whole file
        self.changed_pairs = set()
        headers = set(dataset.headers or [])
        if "mho" in headers:
            self.fields["mho"].widget.load(user=self.user, codes=dataset["mho"])
        self.row_fields = [
            field
            for field in self.get_import_fields()
            if field.column_name in headers and not field.readonly
        ]
        imported = {field.attribute for field in self.row_fields}
        self.not_imported = [
            field.name
            for field in YearlyRecord._meta.fields
            if field.name not in imported
        ]

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        # The diff only serves the admin's preview: skip it when writing.
        self._meta.skip_diff = not dry_run
        return super().import_data(dataset, dry_run, raise_errors, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        # The parent's loop, over the file's columns only (it logs every
        # missing column of every row).
        stored = self._row_values(instance) if instance.pk else None
        instance._unchanged = False
        errors = {}
        for field in self.row_fields:
            try:
                value = field.widget.clean(row[field.column_name], row=row)
            except ValueError as error:  # the widgets' message for the cell
                errors[field.attribute] = [str(error)]
                continue
            if value in field.empty_values and field.default is not NOT_PROVIDED:
                value = field.default() if callable(field.default) else field.default
            setattr(instance, field.attribute, value)
        instance.source = YearlyRecord.Source.IMPORT
        key = (instance.mho_id, instance.year)
        if None not in key and "year" not in errors:
            first = self.seen.setdefault(key, kwargs.get("row_number"))
            if first != kwargs.get("row_number"):
                errors["year"] = [
                    _("Row %(row)s already holds this mutual's %(year)s record.")
                    % {"row": first, "year": instance.year}
                ]
        # A row that changes nothing is skipped: no new version, no history.
        if errors:
            raise ValidationError(errors)
        instance._unchanged = stored == self._row_values(instance)

    def _row_values(self, instance) -> list:
        return [getattr(instance, field.attribute) for field in self.row_fields]

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # The parent's comparison needs a copy of every record (skip_diff off).
        return not import_validation_errors and getattr(instance, "_unchanged", False)

    def validate_instance(
        self, instance, import_validation_errors=None, validate_unique=True
    ):
        # Fields the file does not set keep valid values. The MHO was found by
        # its widget; (MHO, year) is checked against the database by the loader
        # and within the file above; the check constraints repeat rules of
        # YearlyRecord.clean. Skipping them saves several queries a row.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude={*errors, *self.not_imported, "mho"},
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        if instance.pk is None:
            instance.version = 1
        else:
            # A manager who opened the form before the import gets a conflict.
            instance.version += 1
            instance.updated_at = timezone.now()  # bulk_update skips auto_now

    def get_bulk_update_fields(self):
        return [*DATA_FIELDS, "state", "source", "version", "updated_at"]

    def _note_changes(self, records):
        self.changed_pairs.update((r.mho.country_id, r.year) for r in records)

    def after_import(self, dataset, result, **kwargs):
        # Bulk writes send no post_save: take the change path here, in this
        # transaction (a rolled back import changes nothing). The states the
        # records had are not read back: treated as public.
        super().after_import(dataset, result, **kwargs)
        if self.changed_pairs:
            records_changed(pairs=self.changed_pairs, states=None)

    def bulk_create(
        self, using_transactions, dry_run, raise_errors, batch_size=None, result=None
    ):
        # Like the parent's, but bulk_create skips post_save: write history too.
        if self.create_instances and (using_transactions or not dry_run):
            try:
                with transaction.atomic(using=self.get_db_connection_name()):
                    self._note_changes(self.create_instances)
                    YearlyRecord.objects.bulk_create(
                        self.create_instances, batch_size=batch_size
                    )
                    self._write_history(self.create_instances, "+")
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(
        self, using_transactions, dry_run, raise_errors, batch_size=None, result=None
    ):
        # Not bulk_update_with_history: Django's bulk_update writes a CASE WHEN
        # per field and row, which took 28 s for 5,000 records on SQLite.
        # One prepared UPDATE run for every row takes well under a second.
        if self.update_instances and (using_transactions or not dry_run):
            try:
                with transaction.atomic(using=self.get_db_connection_name()):
                    self._note_changes(self.update_instances)
                    self._update_rows(self.update_instances)
                    self._write_history(self.update_instances, "~")
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.update_instances.clear()

    def _write_history(self, records, history_type):
        """The history rows simple-history would write for these records, copied
        from the stored rows by the database (INSERT … SELECT) instead of being
        built as model instances and sent back row by row."""
        write_history_from_rows(
            [record.pk for record in records],
            history_type=history_type,
            user=self.user,
            reason=IMPORT_REASON,
            date=self.started_at,
            using=self.get_db_connection_name(),
        )

    def _update_rows(self, records):
        using = self.get_db_connection_name()
        # Each row only if still at the version the import read (optimistic
        # locking, as for every write of a record), in this transaction.
        try:
            record_versions_claim(
                versions={record.pk: record.version - 1 for record in records},
                using=using,
            )
        except RecordConflict:
            raise ValueError(
                _(
                    "Some of these records were changed during the import. "
                    "Nothing was imported: import the file again."
                )
            ) from None
        connection = connections[using]
        meta = YearlyRecord._meta
        columns = [meta.get_field(name) for name in self.get_bulk_update_fields()]
        quote = connection.ops.quote_name
        sql = "UPDATE {} SET {} WHERE {} = %s".format(
            quote(meta.db_table),
            ", ".join(f"{quote(field.column)} = %s" for field in columns),
            quote(meta.pk.column),
        )
        rows = [
            [
                field.get_db_prep_save(getattr(record, field.attname), connection)
                for field in columns
            ]
            + [record.pk]
            for record in records
        ]
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)


def write_history_from_rows(ids, *, history_type, user, reason, date, using):
    """Insert one history row per record of ``ids``, with the values the
    records have now in the database, in one statement per chunk of ids."""
    if None in ids:
        raise ValueError("records must be saved before their history is written")
    connection = connections[using]
    quote = connection.ops.quote_name
    history = YearlyRecord.history.model._meta
    tracked = [
        field.column
        for field in history.concrete_fields
        if not field.name.startswith("history_")
    ]
    extra = {
        "history_date": date,
        "history_change_reason": reason,
        "history_type": history_type,
        "history_user": getattr(user, "pk", None),
    }
    extra_columns = [history.get_field(name).column for name in extra]
    extra_values = [
        history.get_field(name).get_db_prep_save(value, connection)
        for name, value in extra.items()
    ]
    columns = ", ".join(quote(column) for column in [*tracked, *extra_columns])
    selected = ", ".join(quote(column) for column in tracked)
    with connection.cursor() as cursor:
        for chunk in chunks(ids):
            cursor.execute(
                f"INSERT INTO {quote(history.db_table)} ({columns}) "
                f"SELECT {selected}, {', '.join(['%s'] * len(extra))} "
                f"FROM {quote(YearlyRecord._meta.db_table)} "
                f"WHERE {quote(YearlyRecord._meta.pk.column)} IN "
                f"({', '.join(['%s'] * len(chunk))})",
                [*extra_values, *chunk],
            )
