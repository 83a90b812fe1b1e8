from django import forms
from django.utils.translation import gettext_lazy as _


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the edition withdrawn?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class PublishForm(forms.Form):
    year = forms.IntegerField(
        label=_("Campaign year"),
        min_value=1990,
        max_value=2100,
        help_text=_(
            "The edition takes every validated record of every year as it is "
            "now; it is named after the campaign it closes."
        ),
    )
