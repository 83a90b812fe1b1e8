from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kernel.limits import MESSAGE_MAX_LENGTH

from .models import (
    MHOManagement,
    MutualHealthOrganization,
    SupportDelegation,
    YearlyRecord,
)
from .models.record import DATA_FIELDS


class RecordForm(forms.ModelForm):
    """The yearly figures of one MHO. The same form checks the online form and
    the uploaded Excel template, so both follow the same rules."""

    fieldsets = [
        (
            _("Status and membership"),
            [
                "status",
                "members",
                "beneficiaries",
                "target_population",
                "new_members",
                "renewing_members",
            ],
        ),
        (
            _("Contributions"),
            [
                "currency",
                "entry_fee",
                "contribution_amount",
                "contribution_unit",
                "contribution_periodicity",
            ],
        ),
        (
            _("Finances of the year"),
            [
                "contributions_expected",
                "contributions_collected",
                "benefits_paid",
                "operating_costs",
                "subsidies",
                "reserves",
            ],
        ),
        (
            _("Care covered"),
            [
                "covers_primary_care",
                "covers_hospitalization",
                "covers_delivery",
                "covers_surgery",
                "covers_drugs",
                "covers_evacuation",
                "covers_specialist_care",
                "payment_mode",
                "provider_agreements",
            ],
        ),
        (_("Governance"), ["general_assembly_held", "accounts_approved"]),
    ]

    # Hidden: only a damaged or crafted request gets it wrong.
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            code: _(
                "The form arrived incomplete: open the record again from My "
                "mutuals and enter your figures once more."
            )
            for code in ("required", "invalid", "min_value")
        },
    )
    confirm_warnings = forms.BooleanField(
        label=_("I have checked these figures: they are right."), required=False
    )

    class Meta:
        model = YearlyRecord
        fields = DATA_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.IntegerField) and field is not self.fields.get(
                "version"
            ):
                field.min_value = 0
                field.widget.attrs.setdefault("min", 0)
                field.widget.attrs.setdefault("inputmode", "numeric")

    def grouped_fields(self):
        return [
            (legend, [self[name] for name in names]) for legend, names in self.fieldsets
        ]

    def labelled(self, issues):
        """Validation issues with the label of the field they concern."""
        return [
            {
                "code": issue.code,
                "label": self.fields[issue.field].label
                if issue.field in self.fields
                else "",
                "message": issue.message,
            }
            for issue in issues
        ]

    def add_error(self, field, error):
        # The services also check fields the form does not show (the year is in
        # the address): their errors become errors of the whole form, named.
        if field is None and hasattr(error, "error_dict"):
            error = forms.ValidationError(self._on_form_fields(error.error_dict))
        super().add_error(field, error)

    def _on_form_fields(self, error_dict):
        placed = {}
        for name, errors in error_dict.items():
            if name in self.fields or name == NON_FIELD_ERRORS:
                placed.setdefault(name, []).extend(errors)
                continue
            try:
                label = capfirst(YearlyRecord._meta.get_field(name).verbose_name)
            except FieldDoesNotExist:
                label = name
            placed.setdefault(NON_FIELD_ERRORS, []).extend(
                _("%(label)s: %(message)s") % {"label": label, "message": message}
                for error in errors
                for message in error.messages
            )
        return placed

    def _post_clean(self):
        # Assign the figures to the instance but leave the rules to the services:
        # they run the same checks for every write path.
        opts = self._meta
        try:
            self.instance = forms.models.construct_instance(
                self, self.instance, opts.fields, opts.exclude
            )
        except forms.ValidationError as error:
            self._update_errors(error)


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    comment = forms.CharField(
        label=_("Comment to the managers"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required to return the record: say what should be corrected."),
    )


class MHORegistrationForm(forms.ModelForm):
    class Meta:
        model = MutualHealthOrganization
        fields = [
            "name",
            "acronym",
            "country",
            "region",
            "locality",
            "area",
            "founded_year",
            "type",
            "membership_basis",
            "legal_status",
            "registration_number",
            "support_organizations",
            "contact_email",
            "contact_phone",
            "postal_address",
        ]


class ManagementRequestForm(forms.ModelForm):
    code = forms.CharField(
        label=_("Code of the mutual"),
        max_length=12,
        help_text=_("As shown on its inventory page, e.g. SN-0042."),
    )

    class Meta:
        model = MHOManagement
        fields = ["message"]


class DelegationRequestForm(forms.ModelForm):
    class Meta:
        model = SupportDelegation
        fields = ["organization", "message"]

    def __init__(self, *args, **kwargs):
        from organizations.models import Organization

        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.exclude(
            kind__in=[Organization.Kind.PUBLIC_BODY, Organization.Kind.PLATFORM]
        ).order_by("name_fr")
