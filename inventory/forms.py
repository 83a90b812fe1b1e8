from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models
from django.forms.models import fields_for_model, model_to_dict
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kernel.i18n import TranslatedSortKey
from kernel.limits import MESSAGE_MAX_LENGTH, SEARCH_MAX_LENGTH

from .display import number_display, record_value
from .fields import NOT_REPORTED
from .models import (
    MHOManagement,
    MutualHealthOrganization,
    SupportDelegation,
    YearlyRecord,
)
from .models.record import DATA_FIELDS, FIELD_GROUPS
from .numbers import NumberRefused, whole_number_parse


class GroupedNumberInput(forms.TextInput):
    """A text input (a number input would drop "9 500 000" as empty) that
    shows a stored number grouped the way of the language."""

    input_type = "text"

    def format_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return number_display(value)
        return super().format_value(value)


class WholeNumberField(forms.IntegerField):
    """A count or an amount, typed the French or the English way
    (``inventory.numbers.whole_number_parse``) or refused with why."""

    widget = GroupedNumberInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return whole_number_parse(value)
        except NumberRefused as refusal:
            raise ValidationError(refusal.message, code="invalid") from None

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "numeric"}


def _record_formfield(model_field, **kwargs):
    if isinstance(model_field, models.IntegerField):
        return model_field.formfield(form_class=WholeNumberField, **kwargs)
    return model_field.formfield(**kwargs)


class RecordForm(forms.Form):
    """The yearly figures of one MHO. The same form checks the online form and
    the uploaded Excel template, so both follow the same rules; the record's
    own rules are the services' (they run them for every write path).

    Its fields are the model's form fields for ``DATA_FIELDS``; ``instance``
    is the record being edited, which gives the initial values and receives
    the figures the form could read."""

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

    def __init__(self, data=None, *, instance: YearlyRecord, initial=None, **kwargs):
        initial = {**model_to_dict(instance, fields=DATA_FIELDS), **(initial or {})}
        super().__init__(data, initial=initial, **kwargs)
        self.instance = instance
        figures = fields_for_model(
            YearlyRecord, fields=DATA_FIELDS, formfield_callback=_record_formfield
        )
        for field in figures.values():
            if isinstance(field, forms.TypedChoiceField):
                # An empty choice reads "Not reported", never "---------".
                field.choices = [
                    ("", NOT_REPORTED) if value == "" else (value, label)
                    for value, label in field.choices
                ]
            if isinstance(field, forms.IntegerField):
                field.min_value = 0
        self.fields = {**figures, **self.fields}

    def clean(self):
        # Like a model form: the figures read go onto the record at once, so
        # that the page shown again describes them.
        cleaned_data = super().clean()
        for name in DATA_FIELDS:
            if name in cleaned_data:
                setattr(self.instance, name, cleaned_data[name])
        return cleaned_data

    def record_data(self) -> dict:
        """The figures, as the services take them."""
        return {name: self.cleaned_data[name] for name in DATA_FIELDS}

    def grouped_fields(self, previous: YearlyRecord | None = None):
        """The figures under their headings, each with last year's value as
        people read it (``previous`` is last year's record) and tied to its
        help, error and last year's value by ``aria-describedby``."""
        return [
            (legend, [self._row(name, previous) for name in names])
            for legend, names in FIELD_GROUPS
        ]

    def _row(self, name: str, previous: YearlyRecord | None) -> dict:
        field = self[name]
        before = record_value(previous, name) if previous is not None else None
        described = [
            f"{field.auto_id}_{part}"
            for part, present in (
                ("error", field.errors),
                ("previous", before is not None),
                ("helptext", field.help_text),
            )
            if present
        ]
        if described:
            field.field.widget.attrs["aria-describedby"] = " ".join(described)
        return {"field": field, "previous": before}

    def error_summary(self) -> list[dict]:
        """Every error of the form, first to last, each with the id of the
        input it concerns (None for errors of the whole form)."""
        summary = [
            {"id": None, "label": "", "message": message}
            for message in [*self.non_field_errors(), *self["version"].errors]
        ]
        for _legend, names in FIELD_GROUPS:
            for name in names:
                field = self[name]
                summary.extend(
                    {"id": field.id_for_label, "label": field.label, "message": m}
                    for m in field.errors
                )
        return summary

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        countries = self.fields["country"].queryset
        self.fields["country"].queryset = countries.order_by(TranslatedSortKey("name"))

    # Shown once the portal found mutuals like this one in the same place.
    not_a_duplicate = forms.BooleanField(
        label=_(
            "I have checked the mutuals listed above: mine is another one, register it."
        ),
        required=False,
        widget=forms.HiddenInput,
    )

    def offer_not_a_duplicate(self):
        """Show the box to tick: similar mutuals were found."""
        self.fields["not_a_duplicate"].widget = forms.CheckboxInput()


class ManagementRequestForm(forms.ModelForm):
    code = forms.CharField(
        label=_("Code of the mutual"),
        max_length=12,
        help_text=_("As shown on its inventory page, e.g. SN-0042."),
    )

    field_order = ["code", "message"]  # the mutual first, found above or typed

    class Meta:
        model = MHOManagement
        fields = ["message"]


class MHOFindForm(forms.Form):
    """Find the mutual to ask for by its name or place, accents aside."""

    q = forms.CharField(
        label=_("Name or place of the mutual"),
        max_length=SEARCH_MAX_LENGTH,
        required=False,
        help_text=_("A part of its name, acronym, town or region, e.g. Kedougou."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )


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
