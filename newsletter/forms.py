from django import forms
from django.utils.translation import gettext_lazy as _

from kernel.limits import EMAIL_MAX_LENGTH

from .models import Language


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    language = forms.ChoiceField(
        label=_("Edition"),
        choices=Language.choices,
        help_text=_("The Concertation Mail is written in French and in English."),
    )
    flash_news = forms.BooleanField(
        label=_("Also send me flash news"),
        required=False,
        help_text=_("Short notices of events in the sector, when they happen."),
    )


class SubscriptionSettingsForm(forms.Form):
    language = forms.ChoiceField(label=_("Edition"), choices=Language.choices)
    flash_news = forms.BooleanField(
        label=_("Also send me flash news"),
        required=False,
        help_text=_("Short notices of events in the sector, when they happen."),
    )
