"""Pages of country focal points and the secretariat: the review queue, a
record's review and a country's dashboard."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from inventory import permissions
from inventory import selectors_manage as selectors
from inventory import selectors_review as review_selectors
from inventory.forms import ReviewForm
from inventory.models import (
    Campaign,
    MHOManagement,
    MutualHealthOrganization,
    YearlyRecord,
)
from inventory.services import access, campaigns, records
from kernel.http import form_status
from organizations.models import Country


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
            "dashboards": review_selectors.dashboard_countries(user=request.user),
            "records": selectors.review_records(user=request.user),
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
    groups = review_selectors.record_comparison(record=record, previous=previous)
    return render(
        request,
        "inventory/record_review.html",
        {
            "record": record,
            "second_reviewer": permissions.record_second_reviewer(
                record=record, user=request.user
            ),
            "previous": previous,
            "warnings": review_selectors.record_confirmed_warnings(
                record=record, previous=previous
            ),
            "form": form,
            "groups": groups,
            "changes": sum(row.changed for group in groups for row in group["rows"]),
            "returning": request.method == "POST" and "validate" not in request.POST,
        },
        status=form_status(form),
    )


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


def _country_reviewed(user, iso2):
    country = get_object_or_404(Country, iso2=iso2)
    if not permissions.reviews_country(user, country):
        raise Http404
    return country


@login_required
@require_safe
def country_dashboard(request, iso2):
    """Who reported in a country, per campaign; reminders and reopening."""
    country = _country_reviewed(request.user, iso2)
    campaigns_rows = review_selectors.country_campaigns(country=country)
    chosen = _chosen_campaign(campaigns_rows, request.GET.get("year"))
    progress = request.GET.get("progress", "")
    if progress not in review_selectors.PROGRESS:
        progress = ""
    page = None
    if chosen is not None:
        page = review_selectors.dashboard_page(
            country=country,
            campaign=chosen["campaign"],
            progress=progress,
            page_number=request.GET.get("page"),
        )
    return render(
        request,
        "inventory/country_dashboard.html",
        {
            "country": country,
            "campaigns": campaigns_rows,
            "chosen": chosen,
            "progress": progress,
            "progress_choices": [
                (key, label) for key, (label, _q) in review_selectors.PROGRESS.items()
            ],
            "page": page,
        },
    )


def _chosen_campaign(rows, year):
    """The campaign asked for, else the open one, else the latest."""
    for row in rows:
        if str(row["campaign"].year) == year:
            return row
    for row in rows:
        if row["campaign"].is_open:
            return row
    return rows[0] if rows else None


@login_required
@require_POST
def country_remind(request, iso2):
    """Remind the managers of the country's mutuals that have not reported."""
    country = _country_reviewed(request.user, iso2)
    campaign = get_object_or_404(Campaign, year=request.POST.get("year") or 0)
    dashboard = reverse("inventory:country_dashboard", args=[country.iso2])
    if not campaign.is_open:
        messages.error(
            request, _("This campaign is closed: its mutuals can no longer report.")
        )
        return redirect(f"{dashboard}?year={campaign.year}")
    done = campaigns.campaign_remind_country(campaign=campaign, country=country)
    if done.queued:
        messages.success(
            request,
            ngettext(
                "Reminder sent to the managers of %(count)s mutual.",
                "Reminder sent to the managers of %(count)s mutuals.",
                done.queued,
            )
            % {"count": done.queued},
        )
    else:
        messages.info(request, _("No reminder was sent."))
    if done.recently_reminded:
        messages.warning(
            request,
            ngettext(
                "%(count)s mutual was already reminded less than a week ago: "
                "not reminded again.",
                "%(count)s mutuals were already reminded less than a week ago: "
                "not reminded again.",
                done.recently_reminded,
            )
            % {"count": done.recently_reminded},
        )
    if done.without_manager:
        messages.warning(
            request,
            ngettext(
                "%(count)s mutual has no manager on the portal to remind.",
                "%(count)s mutuals have no manager on the portal to remind.",
                done.without_manager,
            )
            % {"count": done.without_manager},
        )
    return redirect(f"{dashboard}?year={campaign.year}")
