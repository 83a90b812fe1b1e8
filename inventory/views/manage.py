"""Pages of MHO managers and support-organization delegates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from inventory import permissions, selectors_record
from inventory import selectors_manage as selectors
from inventory.display import field_display
from inventory.forms import (
    DelegationRequestForm,
    ManagementRequestForm,
    MHOFindForm,
    MHORegistrationForm,
    RecordForm,
)
from inventory.models import MutualHealthOrganization, YearlyRecord
from inventory.models.record import DATA_FIELDS, FIRST_YEAR, LAST_YEAR
from inventory.services import access, records
from inventory.validation import record_errors
from kernel.http import form_status


@login_required
def my_mutuals(request):
    campaign = selectors.current_campaign()
    return render(
        request,
        "inventory/my_mutuals.html",
        {
            "campaign": campaign,
            "mhos": selectors.my_mutuals(
                user=request.user, year=campaign.year if campaign else None
            ),
            "pending": selectors.my_pending_requests(user=request.user),
        },
    )


def _record_context(request, *, mho, record, form, **extra):
    previous = records.record_previous(record)
    return {
        "mho": mho,
        "record": record,
        "form": form,
        "previous": previous,
        "grouped_fields": form.grouped_fields(previous),
        "editable": permissions.record_editable(record=record, user=request.user),
        **extra,
    }


def _record_page(request, *, mho, record, form, status=200, **extra):
    return render(
        request,
        "inventory/record_form.html",
        _record_context(request, mho=mho, record=record, form=form, **extra),
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_edit(request, code, year):
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404  # no record can be about that year
    mho = get_object_or_404(
        MutualHealthOrganization.objects.editable_by(request.user), code=code
    )
    record = records.record_for_edit(mho=mho, year=year)
    if request.method == "GET":
        refusal = records.record_change_refusal(user=request.user, record=record)
        if isinstance(refusal, records.NoCampaignOpen):
            return _closed_page(request, mho=mho, record=record)
        form = RecordForm(instance=record, initial={"version": record.version})
        return _record_page(request, mho=mho, record=record, form=form)
    form = RecordForm(request.POST, instance=record)
    if not form.is_valid():
        return _record_page(request, mho=mho, record=record, form=form, status=400)
    submit = "submit" in request.POST
    try:
        records.record_save(
            record=record,
            user=request.user,
            data=form.record_data(),
            expected_version=form.cleaned_data["version"],
            source=YearlyRecord.Source.FORM,
            submit=submit,
            confirm_warnings=form.cleaned_data["confirm_warnings"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _record_page(request, mho=mho, record=record, form=form, status=400)
    except records.WarningsToConfirm as pending:
        warnings = form.labelled(pending.warnings)
        return _record_page(
            request, mho=mho, record=record, form=form, status=400, warnings=warnings
        )
    except records.RecordWriteRefused as refusal:
        return _refused(request, refusal, mho=mho, form=form)
    if not submit and (errors := record_errors(record)):
        return _draft_with_errors(request, mho=mho, record=record, errors=errors)
    messages.success(request, _saved_message(submit=submit, form=form))
    if submit:  # what the focal point receives, read-only
        return redirect("inventory:record_detail", pk=form.instance.pk)
    return redirect("inventory:my_mutuals")


def _closed_page(request, *, mho, record):
    """No campaign is open for the record's year: said at once, before any
    figure is typed."""
    return render(
        request,
        "inventory/record_closed.html",
        {"mho": mho, "record": record, "campaign": selectors.current_campaign()},
    )


def _draft_with_errors(request, *, mho, record, errors):
    """The draft is saved; its errors are listed, each linked to its field,
    to be corrected before it can be submitted."""
    data = request.POST.copy()
    data["version"] = record.version
    form = RecordForm(data, instance=record)
    form.is_valid()
    for issue in errors:
        form.add_error(
            issue.field if issue.field in form.fields else None, issue.message
        )
    return _record_page(request, mho=mho, record=record, form=form, draft_saved=True)


def _saved_message(*, submit: bool, form) -> str:
    if submit:
        return _("Record submitted to your focal point.")
    if form.instance.version == form.cleaned_data["version"]:
        # record_save writes nothing when a draft is saved unchanged.
        return _("Nothing changed: the draft stays as it was.")
    return _("Draft saved.")


def _refused(request, refusal, *, mho, form):
    """The conflict page, or the refusal's message on the record's page while
    it is under review, on My mutuals otherwise."""
    if isinstance(refusal, records.RecordConflict):
        return _conflict(request, mho=mho, form=form, current=refusal.current)
    messages.error(request, refusal.message)
    if isinstance(refusal, records.RecordLocked):
        year = form.instance.year
        return redirect("inventory:record_edit", code=mho.code, year=year)
    return redirect("inventory:my_mutuals")


def _conflict(request, *, mho, form, current):
    """Someone saved meanwhile: show both versions and keep the editor's values."""
    rows = []
    my_currency = form.cleaned_data.get("currency")
    for name in DATA_FIELDS:
        mine = form.cleaned_data.get(name)
        theirs = getattr(current, name, None)
        rows.append(
            {
                "label": form.fields[name].label,
                "mine": field_display(name, mine, currency=my_currency),
                "theirs": field_display(name, theirs, currency=current.currency),
                "differs": mine != theirs,
            }
        )
    data = request.POST.copy()
    data["version"] = current.version
    retry = RecordForm(data, instance=current)
    retry.is_valid()
    return render(
        request,
        "inventory/record_conflict.html",
        {"mho": mho, "current": current, "rows": rows, "form": retry},
        status=409,
    )


@login_required
@require_safe
def record_detail(request, pk):
    """What was saved or submitted, read-only and printable, in every state."""
    try:
        record = selectors.record_private(user=request.user, pk=pk)
    except YearlyRecord.DoesNotExist as error:
        raise Http404 from error
    editable = permissions.can_edit(
        user=request.user, mho=record.mho
    ) and permissions.record_editable(record=record, user=request.user)
    return render(
        request,
        "inventory/record_detail.html",
        {
            "record": record,
            "mho": record.mho,
            "sheet": selectors_record.record_sheet(record=record),
            "timeline": selectors_record.record_timeline(record=record),
            "confirmed": selectors_record.record_confirmed_warnings(record=record),
            "editable": editable,
            "reviews": permissions.can_review(user=request.user, mho=record.mho),
        },
    )


@login_required
def record_history(request, pk):
    try:
        record = selectors.record_private(user=request.user, pk=pk)
    except YearlyRecord.DoesNotExist as error:
        raise Http404 from error
    if request.method == "POST":
        try:
            records.record_revert(
                record=record,
                user=request.user,
                history_id=int(request.POST.get("history_id", 0)),
            )
        except (ValueError, record.history.model.DoesNotExist) as error:
            raise Http404 from error
        except records.RecordConflict:
            messages.error(request, _("The record changed meanwhile; try again."))
        else:
            _revert_done(request, record)
        return redirect("inventory:record_history", pk=pk)
    return render(
        request,
        "inventory/record_history.html",
        {
            "record": record,
            "history": selectors.record_history(record=record),
            "may_revert": permissions.may_revert(request.user),
        },
    )


def _revert_done(request, record):
    messages.success(request, _("The earlier version is restored."))
    waiting = record.state == YearlyRecord.State.SUBMITTED
    if waiting and permissions.is_submitter(record=record, user=request.user):
        messages.info(
            request,
            permissions.record_second_reviewer_message(
                record=record, user=request.user
            ),
        )


@login_required
@require_http_methods(["GET", "POST"])
def mho_register(request):
    form = MHORegistrationForm(request.POST or None)
    similar = []
    if request.method == "POST" and form.is_valid():
        similar = selectors.mho_similar(
            country=form.cleaned_data["country"],
            name=form.cleaned_data["name"],
            locality=form.cleaned_data["locality"],
            region=form.cleaned_data["region"],
        )
        if similar:
            form.offer_not_a_duplicate()
        if similar and not form.cleaned_data["not_a_duplicate"]:
            form.add_error(
                None,
                _(
                    "The inventory already has a mutual with a similar name in this "
                    "place. If it is yours, ask to manage it instead; if yours is "
                    "another one, tick the box below the list and register it."
                ),
            )
    if request.method == "POST" and form.is_valid():
        try:
            mho = access.mho_register(
                user=request.user,
                mho=form.save(commit=False),
                support_organizations=form.cleaned_data["support_organizations"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is registered as %(code)s; its focal point will review it.")
                % {"name": mho.name, "code": mho.code},
            )
            return redirect("inventory:my_mutuals")
    return render(
        request,
        "inventory/mho_register.html",
        {"form": form, "similar": similar},
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def management_request(request):
    find = MHOFindForm(request.GET or None)
    found = None
    if find.is_bound and find.is_valid():
        found = selectors.mho_find(text=find.cleaned_data["q"])
    chosen = request.GET.get("code", "").strip().upper()[:12]
    form = ManagementRequestForm(
        request.POST or None, initial={"code": chosen} if chosen else None
    )
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].strip().upper()
        mho = MutualHealthOrganization.objects.approved().filter(code=code).first()
        if mho is None:
            form.add_error("code", _("No mutual in the inventory has this code."))
        else:
            access.management_request(
                user=request.user, mho=mho, message=form.cleaned_data["message"]
            )
            messages.success(
                request, _("Request sent: the focal point of the country will answer.")
            )
            return redirect("inventory:my_mutuals")
    return render(
        request,
        "inventory/management_request.html",
        {"form": form, "find": find, "found": found},
        status=form_status(form) if form.is_bound else form_status(find),
    )


@login_required
@require_http_methods(["GET", "POST"])
def delegation_request(request):
    form = DelegationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        access.delegation_request(
            user=request.user,
            organization=form.cleaned_data["organization"],
            message=form.cleaned_data["message"],
        )
        messages.success(
            request,
            _("Request sent: the technical secretariat will check it and answer."),
        )
        return redirect("inventory:my_mutuals")
    return render(
        request,
        "inventory/delegation_request.html",
        {"form": form},
        status=form_status(form),
    )
