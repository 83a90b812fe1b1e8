"""Forms of the calendar: a registered user's proposal and the admin's event form."""

from django import forms
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kernel.i18n import TranslatedSortKey
from kernel.limits import DESCRIPTION_MAX_LENGTH
from organizations.models import Country

from .models import Event
from .validators import validate_web_url


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class LanguagesField(forms.MultipleChoiceField):
    """The event's languages as ticks, stored as ``fr,en``."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", Event.Language.choices)
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Languages of the event"))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, str):
            return [code for code in value.split(",") if code]
        return value


def check_dates(form, cleaned_data):
    starts_on, ends_on = cleaned_data.get("starts_on"), cleaned_data.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        form.add_error("ends_on", _("The last day cannot come before the first day."))


class WebAddressField(forms.URLField):
    """A web page address: http or https only, with a message that says so."""

    default_validators = [validate_web_url]

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class EventProposalForm(forms.Form):
    text_language = forms.ChoiceField(
        label=_("Language of your text"),
        choices=[("fr", _("French")), ("en", _("English"))],
        help_text=_("The secretariat adds the translation."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices)
    starts_on = forms.DateField(label=_("First day"), widget=DateInput())
    ends_on = forms.DateField(
        label=_("Last day"),
        widget=DateInput(),
        help_text=_("The same as the first day for a one-day event."),
    )
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.none(),
        to_field_name="iso2",
        required=False,
        empty_label=_("No single country (online, several countries)"),
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    organizers_text = forms.CharField(
        label=_("Organizers"), max_length=300, required=False
    )
    languages = LanguagesField()
    link = WebAddressField(
        label=_("Web page"),
        max_length=500,
        required=False,
        help_text=_("An address that starts with http:// or https://."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("Plain text; Markdown is accepted."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.order_by(
            TranslatedSortKey("name")
        )
        self.fields["text_language"].initial = (get_language() or "fr")[:2]

    def clean(self):
        cleaned_data = super().clean()
        check_dates(self, cleaned_data)
        return cleaned_data


def https_formfield(field, **kwargs):
    """Model fields as form fields; a web address typed without scheme is https."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class EventAdminForm(forms.ModelForm):
    languages = LanguagesField()

    class Meta:
        model = Event
        fields = [
            "status",
            "slug",
            "kind",
            "title_fr",
            "title_en",
            "starts_on",
            "ends_on",
            "date_precision",
            "country",
            "city",
            "languages",
            "organizers",
            "organizers_text_fr",
            "organizers_text_en",
            "description_fr",
            "description_en",
            "link",
        ]
        formfield_callback = https_formfield

    def clean_languages(self):
        return ",".join(self.cleaned_data["languages"])
