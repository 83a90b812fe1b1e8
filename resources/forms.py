"""The proposal form registered users fill in; the secretariat reviews it."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from kernel.i18n import TranslatedSortKey
from organizations.models import Country

from .models import Resource, Theme
from .validators import ACCEPT, validate_resource_file


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class ResourceProposalForm(forms.ModelForm):
    file = forms.FileField(
        label=_("File"),
        required=False,
        validators=[validate_resource_file],
        help_text=_(
            "PDF, Word (.docx), Excel (.xlsx) or OpenDocument text (.odt), "
            "20 MB at most."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries"),
        queryset=Country.objects.african().order_by(TranslatedSortKey("name")),
        required=False,
        help_text=_("The countries the document is about, if any."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.order_by("name_fr"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Resource
        formfield_callback = _formfield
        fields = [
            "title",
            "title_other",
            "type",
            "language",
            "authors",
            "publisher",
            "year",
            "countries",
            "themes",
            "description_fr",
            "description_en",
            "file",
            "link",
        ]
        labels = {"language": _("Language of the document")}
        widgets = {
            "description_fr": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
            "year": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
