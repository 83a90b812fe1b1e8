"""Import and export of MHOs: country by ISO code, organizations by slug."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets
from import_export.instance_loaders import CachedInstanceLoader

from inventory.models import MutualHealthOrganization
from inventory.services.mho_write import mho_save
from organizations.models import Country, Organization

from .base import InventoryResource, KeyWidget, unescape_formula


class SlugsWidget(widgets.ManyToManyWidget):
    """Organizations by their slugs separated by "|"; an unknown slug is an error."""

    def __init__(self):
        super().__init__(Organization, separator="|", field="slug")

    def clean(self, value, row=None, **kwargs):
        organizations = super().clean(value, row, **kwargs)
        if value:
            wanted = {slug.strip() for slug in str(value).split(self.separator)}
            missing = wanted - {""} - {o.slug for o in organizations}
            if missing:
                raise ValueError(
                    _("Unknown organization: %(slugs)s.")
                    % {"slugs": ", ".join(sorted(missing))}
                )
        return organizations


class MHOResource(InventoryResource):
    country = fields.Field(
        attribute="country",
        column_name="country",
        widget=KeyWidget(
            Country, "iso2", _("No country has the code “%(value)s”."), upper=True
        ),
    )
    network = fields.Field(
        attribute="network",
        column_name="network",
        widget=KeyWidget(
            Organization, "slug", _("No organization has the slug “%(value)s”.")
        ),
    )
    support_organizations = fields.Field(
        attribute="support_organizations",
        column_name="support_organizations",
        widget=SlugsWidget(),
    )

    class Meta:
        model = MutualHealthOrganization
        import_id_fields = ["code"]
        exclude = ["id", "created_by", "created_at"]
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = True
        instance_loader_class = CachedInstanceLoader

    def get_queryset(self):
        return MutualHealthOrganization.objects.editable_by(self.user)

    def do_instance_save(self, instance, is_create):
        # Each row takes the change path (its country's synthesis follows).
        mho_save(instance, force_insert=is_create)

    def filter_export(self, queryset, **kwargs):
        related = queryset.select_related("country", "network")
        return related.prefetch_related("support_organizations")

    def before_import(self, dataset, **kwargs):
        # Names and addresses may have been escaped by our own export.
        super().before_import(dataset, **kwargs)
        for index, row in enumerate(dataset):
            if any(isinstance(value, str) and value[:1] == "'" for value in row):
                dataset[index] = tuple(unescape_formula(value) for value in row)

    def import_instance(self, instance, row, **kwargs):
        # Check the many-to-many cells now, so that an unknown slug is reported
        # with its column instead of failing later in save_m2m.
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        field = self.fields["support_organizations"]
        if field.column_name in row:
            try:
                field.clean(row)
            except ValueError as error:
                errors[field.attribute] = [str(error)]
        if errors:
            raise ValidationError(errors)
