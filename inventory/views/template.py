"""The offline Excel template: download it prefilled, upload it filled in.

The upload follows the online form's path: the workbook's values go through
RecordForm, then through the same services, with the template's version as the
version the editor saw.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from inventory.display import field_display
from inventory.forms import RecordForm
from inventory.models import MutualHealthOrganization, YearlyRecord
from inventory.models.record import DATA_FIELDS, FIRST_YEAR, LAST_YEAR
from inventory.services import records
from inventory.services.figures_rebase import FiguresConflict, figures_rebase
from inventory.validation import record_errors
from inventory.xlsx_template import (
    CONTENT_TYPE,
    MAX_UPLOAD_BYTES,
    TemplateError,
    template_read,
    template_workbook,
)

# Room for the multipart envelope and the form's other fields.
_ENVELOPE_BYTES = 64 * 1024


class TemplateUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled-in template"),
        help_text=gettext_lazy(
            "The .xlsx file downloaded from this page, 2 MB at most."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{CONTENT_TYPE}"}),
    )
    action = forms.ChoiceField(
        label=gettext_lazy("What to do with the figures"),
        choices=[
            ("submit", gettext_lazy("Submit them to the focal point")),
            ("draft", gettext_lazy("Save them as a draft")),
        ],
        initial="submit",
        widget=forms.RadioSelect,
    )
    confirm_warnings = forms.BooleanField(
        label=gettext_lazy(
            "I have checked the figures the portal warned about: they are right."
        ),
        required=False,
    )


def _editable_mho(request, code: str, year: int) -> MutualHealthOrganization:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return get_object_or_404(
        MutualHealthOrganization.objects.editable_by(request.user), code=code
    )


@login_required
@require_safe
@never_cache
def template_download(request, code, year):
    mho = _editable_mho(request, code, year)
    record = records.record_for_edit(mho=mho, year=year)
    refusal = _closed(request, mho=mho, year=year, record=record)
    if refusal:
        return _closed_page(request, mho=mho, year=year, record=record, refusal=refusal)
    response = HttpResponse(template_workbook(record=record), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{mho.code}-{year}.xlsx"
    )
    return response


def _label(name: str) -> str:
    return capfirst(YearlyRecord._meta.get_field(name).verbose_name)


def _labelled_errors(errors: dict, cells: dict) -> list[dict]:
    """Errors of the form or of the services, each with its field's label and
    the cell of the file it comes from."""
    rows = []
    for name, messages_ in errors.items():
        label = ""
        if name in DATA_FIELDS or name == "year":
            label = _label(name)
        rows.extend(
            {"label": label, "cell": cells.get(name, ""), "message": message}
            for message in messages_
        )
    return rows


def _conflict_rows(conflict: FiguresConflict, cells: dict) -> list[dict]:
    def shown(name, value):
        return field_display(name, value, currency=conflict.current.currency)

    return [
        {
            "label": _label(c.name),
            "cell": cells.get(c.name, ""),
            "filed": shown(c.name, c.filed),
            "now": shown(c.name, c.now),
        }
        for c in conflict.conflicts
    ]


def _closed(request, *, mho, year, record) -> str | None:
    """Why the record cannot be changed now (no template then), or None."""
    try:
        records.record_check_changeable(user=request.user, record=record)
    except records.RecordWriteRefused as refusal:
        return refusal.message
    return None


def _closed_page(request, *, mho, year, record, refusal):
    context = {
        "mho": mho,
        "year": year,
        "record": record,
        "closed": refusal,
        "max_mb": MAX_UPLOAD_BYTES // 2**20,
    }
    return render(request, "inventory/template_upload.html", context, status=409)


def _save(request, *, mho, year, upload) -> dict | None:
    """Read and save the upload; None once saved, else what to tell the user
    (``unchanged`` when the file held the figures already saved)."""
    try:
        filled = template_read(upload["file"], code=mho.code, year=year)
    except TemplateError as error:
        return {"refusal": error.message}
    form = RecordForm(
        data={
            **filled.values,
            "version": filled.version,
            "confirm_warnings": "on" if upload["confirm_warnings"] else "",
        },
        instance=records.record_for_edit(mho=mho, year=year),
    )
    form.is_valid()
    for name, problem in filled.problems.items():
        form.add_error(name, problem)
    if form.errors:
        return {"errors": _labelled_errors(form.errors, filled.cells)}
    try:
        # Saved since the download (by its own manager, say): only the
        # fields the file changes count, over the record as it is now.
        data, version = figures_rebase(
            record=form.instance,
            figures=form.record_data(),
            version=form.cleaned_data["version"],
        )
        record = records.record_save(
            record=form.instance,
            user=request.user,
            data=data,
            expected_version=version,
            source=YearlyRecord.Source.TEMPLATE,
            submit=upload["action"] == "submit",
            confirm_warnings=form.cleaned_data["confirm_warnings"],
        )
    except FiguresConflict as conflict:
        return {"conflict": True, "conflicts": _conflict_rows(conflict, filled.cells)}
    except ValidationError as error:
        return {"errors": _labelled_errors(error.message_dict, filled.cells)}
    except records.WarningsToConfirm as pending:
        warnings = form.labelled(pending.warnings)
        for warning, issue in zip(warnings, pending.warnings, strict=True):
            warning["cell"] = filled.cells.get(issue.field or "", "")
        return {"warnings": warnings}
    except records.RecordConflict:
        return {"conflict": True}
    except records.RecordWriteRefused as refusal:
        return {"refusal": refusal.message}
    if record.version == version:
        return {"unchanged": True}  # a draft saved with the figures it holds
    if upload["action"] == "draft" and (errors := record_errors(record)):
        return {"draft_errors": form.labelled(errors)}  # saved; to correct
    return None


@login_required
@require_http_methods(["GET", "POST"])
def template_upload(request, code, year):
    mho = _editable_mho(request, code, year)
    record = records.record_for_edit(mho=mho, year=year)
    refusal = _closed(request, mho=mho, year=year, record=record)
    if refusal:
        return _closed_page(request, mho=mho, year=year, record=record, refusal=refusal)
    context = {"mho": mho, "year": year, "max_mb": MAX_UPLOAD_BYTES // 2**20}
    if request.method == "GET":
        context["form"] = TemplateUploadForm()
        return render(request, "inventory/template_upload.html", context)

    # Refuse an oversized body from its declared length, before reading files.
    length = request.META.get("CONTENT_LENGTH") or "0"
    if length.isdigit() and int(length) > MAX_UPLOAD_BYTES + _ENVELOPE_BYTES:
        context["form"] = TemplateUploadForm()
        context["refusal"] = TemplateError.too_large().message
        return render(request, "inventory/template_upload.html", context, status=400)

    form = TemplateUploadForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return render(request, "inventory/template_upload.html", context, status=400)
    outcome = _save(request, mho=mho, year=year, upload=form.cleaned_data)
    if outcome is None:
        if form.cleaned_data["action"] == "submit":
            text = _("The figures of your file are submitted to your focal point.")
            messages.success(request, text)
            # What the focal point receives, read-only.
            saved = YearlyRecord.objects.get(mho=mho, year=year)
            return redirect("inventory:record_detail", pk=saved.pk)
        text = _("The figures of your file are saved as a draft.")
        messages.success(request, text)
        return redirect("inventory:my_mutuals")
    if outcome.get("unchanged"):
        messages.info(
            request, _("Your file holds the figures already saved: nothing changed.")
        )
        return redirect("inventory:my_mutuals")
    context.update(outcome)
    status = 200 if "draft_errors" in outcome else 400
    return render(request, "inventory/template_upload.html", context, status=status)
