"""Administration of the inventory for the technical secretariat.

MHOs and yearly records have their history (with revert) and bulk import and
export (resources in ``inventory.imports``). Their lists go through the same
``editable_by`` rule as the pages and the API.
"""

import io

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from simple_history.admin import SimpleHistoryAdmin

from kernel.archives import ArchiveTooLarge, archive_check

from . import permissions
from .admin_checks import CheckedFormMixin, UserFormAdmin, differs_from_stored
from .imports import MHOResource, YearlyRecordResource
from .models import (
    Campaign,
    CampaignReminder,
    MHOManagement,
    MutualHealthOrganization,
    SupportDelegation,
    YearlyRecord,
)
from .models.access import RequestStatus
from .models.record import DATA_FIELDS, FIELD_GROUPS
from .selectors_manage import record_years
from .services import records
from .services.field_changes import changed_fields
from .services.mho_write import mho_save, mhos_delete
from .services.record_write import records_delete

ADMIN_REASON = "admin"


class CheckedXLSX(base_formats.XLSX):
    """XLSX, inflated within a budget before openpyxl reads it (zip bombs)."""

    MAX_UNPACKED_BYTES = 256 * 1024 * 1024
    MAX_MEMBERS = 1000

    def create_dataset(self, in_stream):
        archive_check(
            io.BytesIO(in_stream),
            max_unpacked=self.MAX_UNPACKED_BYTES,
            max_members=self.MAX_MEMBERS,
        )
        return super().create_dataset(in_stream)


class HistoryImportExportAdmin(ImportExportMixin, SimpleHistoryAdmin):
    """History view with revert, and import/export; the resource knows the user."""

    # Spreadsheets only: openpyxl reads XLSX, the rest is CSV.
    formats = [base_formats.CSV, CheckedXLSX]

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {"user": request.user}

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def add_data_read_fail_error_to_form(self, form, e):
        # import-export only names the exception ("'UnicodeDecodeError'
        # encountered"): say what is wrong with the file and what to do.
        if isinstance(e, ArchiveTooLarge):
            message = _(
                "This Excel file unpacks to more than %(limit)s MB: split it into "
                "several files and import them one by one. Nothing was imported."
            ) % {"limit": CheckedXLSX.MAX_UNPACKED_BYTES // 2**20}
        elif isinstance(e, UnicodeError):
            message = _(
                "This file is not in the UTF-8 encoding. Save it again as “CSV "
                "UTF-8” (in Excel: Save as, CSV UTF-8) and import it again. Nothing "
                "was imported."
            )
        else:
            message = _(
                "This file cannot be read as the format chosen below (CSV or Excel "
                ".xlsx), or it is damaged or empty. Check the file and the format, "
                "then import it again. Nothing was imported."
            )
        form.add_error("import_file", message)


class MHOAdminForm(CheckedFormMixin, forms.ModelForm):
    """Approving or rejecting an MHO is its country's reviewers' decision,
    never its registrant's. (An MHO the secretariat adds here is its own
    entry of the directory, approved or not as it chooses.)"""

    check_field = "approval"

    def must_check(self, instance):
        return instance.pk is not None and differs_from_stored(
            instance, "approval", default=None
        )

    def check(self, *, instance, user):
        permissions.mho_check_decider(mho=instance, user=user)


@admin.register(MutualHealthOrganization)
class MutualHealthOrganizationAdmin(UserFormAdmin, HistoryImportExportAdmin):
    resource_classes = [MHOResource]
    form = MHOAdminForm
    list_display = ["code", "name", "acronym", "country", "type", "approval"]
    list_select_related = ["country"]
    list_filter = ["country", "approval", "is_demo", "type"]
    search_fields = [
        "code",
        "name__unaccent_icontains",
        "acronym__unaccent_icontains",
        "locality__unaccent_icontains",
        "region__unaccent_icontains",
    ]
    autocomplete_fields = ["country", "network", "support_organizations"]
    readonly_fields = ["created_by", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).editable_by(request.user)

    def save_model(self, request, obj, form, change):
        # Saved unchanged: no history row (the support organizations, which
        # the history does not keep, are saved with the form's relations).
        if change and not changed_fields(obj, names=_form_fields(form)):
            return
        obj._change_reason = ADMIN_REASON
        mho_save(obj)

    def delete_model(self, request, obj):
        mhos_delete(MutualHealthOrganization.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        mhos_delete(queryset)


def _form_fields(form) -> list[str]:
    """The model's own columns that the admin form edits."""
    model = form._meta.model
    concrete = {field.name for field in model._meta.concrete_fields}
    return [name for name in form.fields if name in concrete]


class YearlyRecordAdminForm(CheckedFormMixin, forms.ModelForm):
    """Refuses to save over a change made since the form was opened, and a
    validated record its saver may not validate (four eyes)."""

    check_field = "state"
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = YearlyRecord
        fields = ["mho", "year", *DATA_FIELDS, "state", "review_comment"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # From the database: the revert form's instance is an old version.
        self.fields["seen_version"].initial = self._current_version()

    def _current_version(self):
        if self.instance.pk is None:
            return None
        current = YearlyRecord.objects.filter(pk=self.instance.pk)
        return current.values_list("version", flat=True).first()

    def clean(self):
        cleaned_data = super().clean()
        try:
            records.record_check_version(
                record=self.instance, expected_version=cleaned_data.get("seen_version")
            )
        except records.RecordConflict as conflict:
            raise forms.ValidationError(conflict.message, code="conflict") from None
        return cleaned_data

    def must_check(self, instance):
        return instance.state == YearlyRecord.State.VALIDATED

    def check(self, *, instance, user):
        records.record_check_admin_save(record=instance, user=user)


class RecordYearFilter(admin.AllValuesFieldListFilter):
    """The years that have records. For those who see every record they are
    read by skipping through the index on the year (a few dozen lookups)
    rather than by a DISTINCT over every record (180 ms at 400,000)."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        if permissions.edits_every_mho(request.user):
            self.lookup_choices = record_years()


@admin.register(YearlyRecord)
class YearlyRecordAdmin(UserFormAdmin, HistoryImportExportAdmin):
    resource_classes = [YearlyRecordResource]
    # One count of the rows the filters keep, not a second one of all of them.
    show_full_result_count = False
    form = YearlyRecordAdminForm
    history_list_display = ["version", "state"]
    list_display = [
        "mho",
        "year",
        "status",
        "state",
        "source",
        "members",
        "beneficiaries",
        "updated_at",
    ]
    list_select_related = ["mho"]
    list_filter = [
        ("year", RecordYearFilter),
        "state",
        "status",
        "source",
        "mho__country",
    ]
    search_fields = [
        "mho__code",
        "mho__name__unaccent_icontains",
        "mho__acronym__unaccent_icontains",
    ]
    autocomplete_fields = ["mho"]
    readonly_fields = [
        "source",
        "version",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "confirmed_warnings",
        "updated_at",
    ]
    # The figures in the online form's groups.
    fieldsets = [
        (None, {"fields": ["mho", "year", "seen_version"]}),
        *((legend, {"fields": names}) for legend, names in FIELD_GROUPS),
        (
            _("Review"),
            {
                "fields": [
                    "state",
                    "review_comment",
                    "submitted_by",
                    "submitted_at",
                    "reviewed_by",
                    "reviewed_at",
                    "confirmed_warnings",
                    "source",
                    "version",
                    "updated_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).editable_by(request.user)

    def save_model(self, request, obj, form, change):
        # Saved unchanged: no new version, no history row.
        if change and not changed_fields(obj, names=_form_fields(form)):
            return
        # A new version: an editor who opened the record before gets a
        # conflict instead of overwriting this change.
        records.record_admin_save(
            record=obj,
            user=request.user,
            expected_version=form.cleaned_data.get("seen_version"),
            reason=ADMIN_REASON,
        )

    def delete_model(self, request, obj):
        records_delete(YearlyRecord.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        records_delete(queryset)

    def changeform_view(self, request, *args, **kwargs):
        return _refusals_shown(self, request, super().changeform_view, *args, **kwargs)

    def history_form_view(self, request, *args, **kwargs):
        return _refusals_shown(
            self, request, super().history_form_view, *args, **kwargs
        )


def _refusals_shown(model_admin, request, view, *args, **kwargs):
    """A write refused after the form was checked (someone saved in between):
    nothing is saved, the page opens again with the refusal."""
    try:
        return view(request, *args, **kwargs)
    except records.RecordWriteRefused as refusal:
        model_admin.message_user(request, refusal.message, messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())


class AccessRequestForm(CheckedFormMixin, forms.ModelForm):
    """A status set here is a decision: never on one's own request."""

    check_field = "status"

    def must_check(self, instance):
        return differs_from_stored(instance, "status", default=RequestStatus.PENDING)


class MHOManagementForm(AccessRequestForm):
    def check(self, *, instance, user):
        permissions.management_check_decider(management=instance, user=user)


class SupportDelegationForm(AccessRequestForm):
    def check(self, *, instance, user):
        permissions.delegation_check_decider(delegation=instance, user=user)


class AccessRequestAdmin(UserFormAdmin, admin.ModelAdmin):
    """Managers (whom focal points also decide on) and delegates."""

    list_filter = ["status"]
    readonly_fields = ["requested_at", "decided_by", "decided_at"]

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            obj.decided_by = request.user
            obj.decided_at = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(MHOManagement)
class MHOManagementAdmin(AccessRequestAdmin):
    form = MHOManagementForm
    list_display = ["user", "mho", "status", "requested_at", "decided_by"]
    list_select_related = ["user", "mho", "decided_by"]
    list_filter = ["status", "mho__country"]
    search_fields = [
        "user__email",
        "user__full_name__unaccent_icontains",
        "mho__code",
        "mho__name__unaccent_icontains",
    ]
    autocomplete_fields = ["user", "mho"]


@admin.register(SupportDelegation)
class SupportDelegationAdmin(AccessRequestAdmin):
    form = SupportDelegationForm
    list_display = ["user", "organization", "status", "requested_at", "decided_by"]
    list_select_related = ["user", "organization", "decided_by"]
    list_filter = ["status", "organization__kind"]
    search_fields = [
        "user__email",
        "user__full_name__unaccent_icontains",
        "organization__name_fr__unaccent_icontains",
        "organization__name_en__unaccent_icontains",
        "organization__acronym__unaccent_icontains",
    ]
    autocomplete_fields = ["user", "organization"]


class OpenTodayFilter(admin.SimpleListFilter):
    title = _("open today")
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "yes":
            return queryset.open_on(today)
        if self.value() == "no":
            return queryset.exclude(pk__in=queryset.open_on(today).values("pk"))
        return queryset


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["year", "opens_on", "closes_on", "is_open"]
    list_filter = [OpenTodayFilter]
    search_fields = ["year"]

    @admin.display(boolean=True, description=_("open today"))
    def is_open(self, campaign):
        return campaign.is_open


@admin.register(CampaignReminder)
class CampaignReminderAdmin(admin.ModelAdmin):
    """What the reminders task sent: a record, not something to edit."""

    list_display = ["campaign", "mho", "sent_at", "recipients"]
    list_select_related = ["campaign", "mho"]
    list_filter = ["campaign", "mho__country"]
    search_fields = ["mho__code", "mho__name__unaccent_icontains"]
    date_hierarchy = "sent_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
