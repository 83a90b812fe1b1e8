"""Buttons on an object's own admin page, and a preview of the unsaved form.

A model admin lists its ``desk_actions``: each is a button on the change page
that posts (with its CSRF token) to ``<pk>/desk/<name>/``, where the object
is read through the admin's own queryset and the action runs only for an
account with the admin's change permission on that object. Actions that need
a page of their own (a confirmation, a preview) are links instead.

``DeskPreviewMixin`` adds a "Preview" button to the change and add forms: it
posts the form, as it is, to ``desk/preview/`` in a new tab, which builds the
objects without saving them and renders them (``render_desk_preview``).
"""

from collections.abc import Callable
from dataclasses import dataclass

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse


@dataclass(frozen=True)
class DeskAction:
    """One button: ``run(request, obj)`` returns the message shown after it."""

    name: str
    label: str
    run: Callable | None = None
    shown: Callable = lambda obj: True  # noqa: E731 - a default predicate
    url_name: str = ""  # a link to this admin URL (taking the pk) instead of a POST
    style: str = ""


class DeskActionsMixin:
    change_form_template = "admin/desk_change_form.html"
    desk_actions: list[DeskAction] = []

    def _desk_url_name(self, suffix: str) -> str:
        meta = self.model._meta
        return f"{meta.app_label}_{meta.model_name}_{suffix}"

    def get_urls(self):
        return [
            path(
                "<path:object_id>/desk/<str:action>/",
                self.admin_site.admin_view(self.desk_action_view),
                name=self._desk_url_name("desk_action"),
            ),
            *super().get_urls(),
        ]

    def desk_action_view(self, request, object_id, action):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        chosen = {a.name: a for a in self.desk_actions if a.run}.get(action)
        obj = self.get_object(request, object_id)
        if chosen is None or obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        try:
            message = chosen.run(request, obj)
        except (ValidationError, ValueError) as error:  # a refusal, said as such
            self.message_user(request, _error_text(error), messages.ERROR)
        else:
            self.message_user(request, message, messages.SUCCESS)
        change = self._desk_url_name("change")
        return HttpResponseRedirect(
            reverse(f"admin:{change}", args=[obj.pk], current_app=self.admin_site.name)
        )

    def desk_buttons(self, request, obj) -> list[dict]:
        if obj is None or not self.has_change_permission(request, obj):
            return []
        buttons = []
        for action in self.desk_actions:
            if not action.shown(obj):
                continue
            if action.url_name:
                url = reverse(f"admin:{action.url_name}", args=[obj.pk])
            else:
                url = reverse(
                    f"admin:{self._desk_url_name('desk_action')}",
                    args=[obj.pk, action.name],
                )
            buttons.append(
                {
                    "name": action.name,
                    "label": action.label,
                    "url": url,
                    "post": not action.url_name,
                }
            )
        return buttons

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["desk_buttons"] = self.desk_buttons(request, obj)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)


def _error_text(error) -> str:
    return " ".join(getattr(error, "messages", None) or [str(error)])


class DeskPreviewMixin(DeskActionsMixin):
    """A preview of the form as written, without saving it."""

    def get_urls(self):
        return [
            path(
                "desk/preview/",
                self.admin_site.admin_view(self.desk_preview_view),
                name=self._desk_url_name("desk_preview"),
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        url = reverse(f"admin:{self._desk_url_name('desk_preview')}")
        context["desk_preview_url"] = f"{url}?object_id={obj.pk}" if obj else url
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def desk_unsaved(self, request, obj):
        """The object and its inlines' objects as posted, none of them saved;
        and the form errors (a preview shows what it can)."""
        change = obj is not None
        form = self.get_form(request, obj, change=change)(
            request.POST, request.FILES, instance=obj
        )
        errors = [] if form.is_valid() else _errors_of(form)
        new_object = form.instance
        formsets, _inlines = self._create_formsets(request, new_object, change=change)
        related = {}
        for formset in formsets:
            if not formset.is_valid():
                errors += [e for f in formset.forms for e in _errors_of(f)]
            related[formset.prefix] = [
                f.instance
                for f in formset.forms
                if (f.has_changed() or f.instance.pk)
                and not (getattr(f, "cleaned_data", None) or {}).get("DELETE")
            ]
        return new_object, related, errors

    # A mail is styled inline, as mail clients need: the preview allows inline
    # styles (never scripts) so it looks like the mail.
    @csp_update({"style-src": [UNSAFE_INLINE]})
    def desk_preview_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        object_id = request.GET.get("object_id")
        obj = self.get_object(request, object_id) if object_id else None
        if object_id and obj is None:
            raise Http404
        allowed = (
            self.has_change_permission(request, obj)
            if obj
            else self.has_add_permission(request)
        )
        if not allowed:
            raise PermissionDenied
        new_object, related, errors = self.desk_unsaved(request, obj)
        return self.render_desk_preview(request, new_object, related, errors)

    def render_desk_preview(self, request, obj, related, errors):
        raise NotImplementedError


def _errors_of(form) -> list[str]:
    return [
        f"{form.fields[name].label if name in form.fields else ''}: {message}".lstrip(
            ": "
        )
        for name, messages_ in form.errors.items()
        for message in messages_
    ]
