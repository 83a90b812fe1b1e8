"""Pages of country focal points and the secretariat: the review queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from inventory import permissions
from inventory import selectors_manage as selectors
from inventory.fields import display_value
from inventory.forms import ReviewForm
from inventory.models import MHOManagement, MutualHealthOrganization, YearlyRecord
from inventory.services import access, records
from inventory.validation import record_warnings
from kernel.http import form_status

# Submitted records, oldest first, a page at a time: a country's queue holds
# hundreds of them in the last week of a campaign.
RECORDS_PER_PAGE = 50


def _require_reviewer(user):
    # A focal point whose country has no MHO yet still has a (empty) queue:
    # the navigation offers it to every reviewer.
    if not permissions.is_reviewer(user):
        raise PermissionDenied


@login_required
def review_queue(request):
    _require_reviewer(request.user)
    campaign = selectors.current_campaign()
    return render(
        request,
        "inventory/review_queue.html",
        {
            "campaign": campaign,
            "records": Paginator(
                selectors.review_records(user=request.user), RECORDS_PER_PAGE
            ).get_page(request.GET.get("page")),
            "managements": selectors.review_managements(user=request.user),
            "registrations": selectors.review_registrations(user=request.user),
            "completeness": (
                selectors.completeness(user=request.user, year=campaign.year)
                if campaign
                else []
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_review(request, pk):
    record = get_object_or_404(
        YearlyRecord.objects.reviewable_by(request.user).select_related(
            "mho", "mho__country", "submitted_by"
        ),
        pk=pk,
    )
    form = ReviewForm(request.POST or None, initial={"version": record.version})
    if request.method == "POST" and form.is_valid():
        arguments = {
            "record": record,
            "user": request.user,
            "expected_version": form.cleaned_data["version"],
        }
        try:
            if "validate" in request.POST:
                records.record_validate(**arguments)
                messages.success(request, _("Record validated: it is now public."))
            else:
                records.record_return(**arguments, comment=form.cleaned_data["comment"])
                messages.success(request, _("Record returned to its managers."))
        except ValidationError as error:
            form.add_error(None, error)
        except permissions.SecondPersonRequired as refusal:
            messages.error(request, refusal.message)
            return redirect("inventory:record_review", pk=pk)
        except records.WrongState as refusal:
            messages.error(request, refusal.message)
            return redirect("inventory:record_review", pk=pk)
        except records.RecordConflict:
            messages.error(
                request,
                _("The record changed while you were reviewing it: check it again."),
            )
            return redirect("inventory:record_review", pk=pk)
        else:
            return redirect("inventory:review_queue")
    previous = records.record_previous(record)
    return render(
        request,
        "inventory/record_review.html",
        {
            "record": record,
            "second_reviewer": permissions.record_second_reviewer(
                record=record, user=request.user
            ),
            "previous": previous,
            "warnings": record_warnings(record, previous),
            "form": form,
            "rows": _comparison(record, previous),
        },
        status=form_status(form),
    )


def _comparison(record, previous):
    from inventory.models.record import DATA_FIELDS

    rows = []
    for name in DATA_FIELDS:
        field = YearlyRecord._meta.get_field(name)
        value = display_value(field, getattr(record, name))
        before = display_value(field, getattr(previous, name)) if previous else None
        rows.append({"label": field.verbose_name, "value": value, "previous": before})
    return rows


@login_required
@require_POST
def management_decide(request, pk):
    management = get_object_or_404(MHOManagement.objects.select_related("mho"), pk=pk)
    try:
        access.management_decide(
            management=management,
            user=request.user,
            approve=request.POST.get("decision") == "approve",
        )
    except permissions.SecondPersonRequired as refusal:
        messages.error(request, refusal.message)
    except PermissionDenied as error:
        raise Http404 from error
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("inventory:review_queue")


@login_required
@require_POST
def mho_decide(request, code):
    mho = get_object_or_404(MutualHealthOrganization, code=code)
    try:
        access.mho_decide(
            mho=mho,
            user=request.user,
            approve=request.POST.get("decision") == "approve",
        )
    except permissions.SecondPersonRequired as refusal:
        messages.error(request, refusal.message)
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("inventory:review_queue")
