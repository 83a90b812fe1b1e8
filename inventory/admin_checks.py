"""Four eyes in the admin: its change forms write a record's state, an MHO's
approval or a request's status directly, so they ask the same services as the
pages before saving, and show a refusal on the field it concerns."""

from copy import copy

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from .permissions import SecondPersonRequired

NOT_YOURS = _("You may not decide on this.")


class UserFormAdmin:
    """Gives the admin's forms (add, change, history revert) the user."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})


class CheckedFormMixin:
    """A ModelForm whose instance, once built from the data, goes through
    ``check_field``'s service ``check(instance=, user=)`` when ``must_check``."""

    user = None
    check_field = ""

    def check(self, *, instance, user):
        raise NotImplementedError

    def must_check(self, instance) -> bool:
        raise NotImplementedError

    def clean(self):
        cleaned_data = super().clean()
        if self.errors:
            return cleaned_data
        instance = self.instance_as_saved()
        if not self.must_check(instance):
            return cleaned_data
        try:
            self.check(instance=instance, user=self.user)
        except SecondPersonRequired as refusal:
            self.add_error(self.check_field, refusal.message)
        except PermissionDenied:
            self.add_error(self.check_field, NOT_YOURS)
        return cleaned_data

    def instance_as_saved(self):
        """A copy of the instance with the form's values for its columns: what
        saving the form would store (the instance itself changes only then)."""
        instance = copy(self.instance)
        columns = {field.name for field in instance._meta.concrete_fields}
        for name, value in self.cleaned_data.items():
            if name in columns:
                setattr(instance, name, value)
        return instance


def differs_from_stored(instance, field: str, *, default) -> bool:
    """The form sets ``field`` to another value than the database holds (than
    its default for a new row). Not the form's own changed_data: the history
    revert form starts from an old version, not from the stored row."""
    value = getattr(instance, field)
    if instance.pk is None:
        return value != default
    stored = type(instance)._default_manager.filter(pk=instance.pk)
    return stored.values_list(field, flat=True).first() != value
