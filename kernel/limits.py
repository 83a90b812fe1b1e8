"""How long the free text people type may be, for the forms and the models.

A form shows the limit (``maxlength``) and refuses more with a message; the
model's validator refuses it on every other write path (admin, imports,
services that call ``full_clean``). A ``TextField``'s ``max_length`` alone is
only a form hint: ``bounded_text`` adds the validator.
"""

from django.core.validators import MaxLengthValidator
from django.db import models

MESSAGE_MAX_LENGTH = 2000  # requests to reviewers, review comments
DESCRIPTION_MAX_LENGTH = 5000  # descriptions of proposed events and resources
SEARCH_MAX_LENGTH = 100  # the text searched by the lists' filters
EMAIL_MAX_LENGTH = 254  # RFC 5321's limit, and the accounts' column


def bounded_text(verbose_name, *, max_length: int, **kwargs) -> models.TextField:
    return models.TextField(
        verbose_name,
        max_length=max_length,
        validators=[MaxLengthValidator(max_length)],
        **kwargs,
    )
