from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from kernel.filters import filter_status
from kernel.pagecache import public_page

from . import selectors
from .filters import OrganizationFilter
from .models import Organization

ORGANIZATIONS_PER_PAGE = 25


@public_page
def focal_point_list(request):
    return render(
        request,
        "organizations/focal_point_list.html",
        {"focal_points": selectors.focal_point_list()},
    )


@public_page
def organization_list(request):
    filterset = OrganizationFilter(
        request.GET or None, queryset=selectors.organization_list(), request=request
    )
    paginator = Paginator(filterset.qs, ORGANIZATIONS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "organizations/organization_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
        status=filter_status(filterset),
    )


@public_page
def organization_detail(request, slug):
    try:
        organization = selectors.organization_detail(slug=slug)
    except Organization.DoesNotExist as error:
        raise Http404 from error
    return render(
        request,
        "organizations/organization_detail.html",
        {"organization": organization},
    )


@public_page
def committee_list(request):
    return render(
        request,
        "organizations/committee_list.html",
        {"committees": selectors.committee_list()},
    )


@public_page
def governance(request):
    return render(
        request,
        "organizations/governance.html",
        {"roles": selectors.governance_roles()},
    )
