"""Yes / no / not reported: the answers a mutual may give or leave out.

A record's governance answers and the care it covers are stored as nullable
booleans: True (yes), False (no) and None (not reported). Every place that
reads such an answer (the online form, the admin, the Excel template, the bulk
import) parses it with ``tri_state_parse``, and every place that shows one
(pages, history, template, conflict page) words it with ``tri_state_label``,
so that an answer survives any number of round trips unchanged.
"""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

YES, NO, NOT_REPORTED = _("Yes"), _("No"), _("Not reported")
# What a person may type or a program may write, in English or French; the
# labels above, in every language of the portal, are read as well.
TRUE_WORDS = {"true", "1", "yes", "y", "oui", "o", "vrai", "x"}
FALSE_WORDS = {"false", "0", "no", "n", "non", "faux"}
NOT_REPORTED_WORDS = {"", "none", "null", "unknown"}
# What the online form posts for each answer.
FORM_VALUES = {True: "true", False: "false", None: ""}
_ONE_OR_ZERO_WITH_DECIMALS = re.compile(r"([01])\.0+")


def _labels() -> dict[str, bool | None]:
    words = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for label, value in ((YES, True), (NO, False), (NOT_REPORTED, None)):
                words[str(label).casefold()] = value
    return words


def tri_state_parse(value) -> bool | None:
    """True, False or None (not reported) from what a form, a spreadsheet cell
    or an import file holds; ValueError for anything else."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if not isinstance(value, str):
        raise ValueError(value)
    word = value.strip().casefold()
    word = _ONE_OR_ZERO_WITH_DECIMALS.sub(r"\1", word)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    if word in NOT_REPORTED_WORDS:
        return None
    labels = _labels()
    if word in labels:
        return labels[word]
    raise ValueError(value)


def tri_state_label(value: bool | None) -> str:
    """Yes, No or Not reported, in the active language."""
    if value is None:
        return str(NOT_REPORTED)
    return str(YES if value else NO)


class TriStateSelect(forms.Select):
    """A drop-down of Yes / No / Not reported that shows the stored answer."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs, choices=[("true", YES), ("false", NO), ("", NOT_REPORTED)]
        )

    def format_value(self, value):
        try:
            return [FORM_VALUES[tri_state_parse(value)]]
        except ValueError:  # a damaged post, shown back with its error
            return [str(value)]


class TriStateFormField(forms.Field):
    """Yes, no or not reported; refuses anything it cannot read rather than
    taking it for "not reported"."""

    widget = TriStateSelect
    default_error_messages = {
        "invalid": _("Choose Yes, No or Not reported."),
    }

    def __init__(self, *, required=False, **kwargs):
        super().__init__(required=required, **kwargs)

    def to_python(self, value):
        try:
            return tri_state_parse(value)
        except ValueError:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from None

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            return self.to_python(initial) != self.to_python(data)
        except ValidationError:
            return True


class TriStateField(models.BooleanField):
    """A nullable boolean whose empty value means "not reported"; its forms
    (online form, admin) use ``TriStateFormField``."""

    description = _("Yes, no or not reported")

    def __init__(self, *args, **kwargs):
        kwargs["null"] = kwargs["blank"] = True
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("null", None)
        kwargs.pop("blank", None)
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        # BooleanField's own formfield would choose a check box or Django's
        # Unknown/Yes/No select: skip it for this field's.
        return super(models.BooleanField, self).formfield(
            **{"form_class": TriStateFormField, **kwargs}
        )


def display_value(model_field, value):
    """A stored value as the pages show it: Yes / No / Not reported for an
    answer, a choice's label, the value itself, or None when empty."""
    if isinstance(model_field, TriStateField):
        return tri_state_label(value)
    if value is None or value == "":
        return None
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    return value
