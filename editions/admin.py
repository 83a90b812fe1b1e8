"""The editions in the admin: read-only, with a button to publish one and the
DOI field, writable once."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services
from .forms import PublishForm
from .models import DOI_RE, Edition, ReferenceFigure
from .reference_figures import SOURCE_REQUIRED


def _doi_validator(value: str) -> None:
    if not DOI_RE.match(value.strip().removeprefix("https://doi.org/")):
        raise ValidationError(_("This is not a DOI."))


READ_ONLY = [
    "identifier",
    "year",
    "number",
    "title_fr",
    "title_en",
    "published_at",
    "published_by",
    "supersedes",
    "previous",
    "records",
    "mhos",
    "has_demo",
    "files",
    "withdrawn_at",
    "withdrawn_by",
    "withdrawal_reason",
    "page",
]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["identifier", "published_at", "records", "doi", "withdrawn_at"]
    list_filter = ["year"]
    search_fields = ["identifier", "doi"]
    fields = [*READ_ONLY[:-1], "doi", "page"]
    change_list_template = "admin/editions/edition/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return services.can_record_doi(request.user) and (obj is None or not obj.doi)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.doi and services.can_record_doi(request.user):
            return READ_ONLY
        return [*READ_ONLY, "doi"]

    @admin.display(description=gettext_lazy("public page"))
    def page(self, edition):
        url = reverse("editions:detail", args=[edition.identifier])
        return format_html('<a href="{}">{}</a>', url, url)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "doi" in form.base_fields:
            form.base_fields["doi"].validators.append(_doi_validator)
        return form

    def save_model(self, request, obj, form, change):
        doi = form.cleaned_data.get("doi")
        if not doi:
            return
        services.edition_doi_record(
            edition=Edition.objects.get(pk=obj.pk), user=request.user, doi=doi
        )

    def get_urls(self):
        return [
            path(
                "publish/",
                self.admin_site.admin_view(self.publish_view),
                name="editions_edition_publish",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_publish": services.can_publish(request.user),
        }
        return super().changelist_view(request, extra_context)

    def publish_view(self, request):
        if not services.can_publish(request.user):
            raise PermissionDenied
        form = PublishForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                edition = services.edition_publish(
                    year=form.cleaned_data["year"], user=request.user
                )
            except ValidationError as error:
                form.add_error("year", error)
            else:
                messages.success(
                    request,
                    _("Edition %(identifier)s is published.")
                    % {"identifier": edition.identifier},
                )
                return redirect("admin:editions_edition_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Publish an edition"),
        }
        return TemplateResponse(request, "admin/editions/edition/publish.html", context)


@admin.register(ReferenceFigure)
class ReferenceFigureAdmin(admin.ModelAdmin):
    """The figures published before the portal: the secretariat's to keep
    (the Secretariat group holds the editions app's permissions)."""

    list_display = ["year", "where", "indicator", "value", "page", "verified"]
    list_filter = ["indicator", "verified", "year"]
    search_fields = ["key", "scope_fr", "scope_en", "source", "country__name_fr"]
    list_select_related = ["country"]
    autocomplete_fields = ["country"]
    fieldsets = [
        (None, {"fields": ["key", "year", "indicator", "value"]}),
        (
            gettext_lazy("What it covers"),
            {"fields": ["country", "scope_fr", "scope_en"]},
        ),
        (
            gettext_lazy("Where it comes from"),
            {"fields": ["source", "page", "verified", "note_fr", "note_en"]},
        ),
    ]

    @admin.display(description=gettext_lazy("country or scope"))
    def where(self, figure):
        return figure.where

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["source"].error_messages["required"] = SOURCE_REQUIRED
        return form
