"""The public inventory: the list of approved MHOs and each MHO's page."""

from django.http import Http404
from django.shortcuts import render

from inventory import selectors
from inventory.filters import MHOPageFilter
from inventory.indicator_table import TABLE_INDICATORS
from inventory.models import MutualHealthOrganization
from inventory.selectors_peers import mho_peers
from kernel.filters import filter_status
from kernel.pagecache import public_page

MHOS_PER_PAGE = 50


@public_page
def mho_list(request):
    filterset = MHOPageFilter(request.GET)
    page = selectors.mho_list_page(
        filterset.qs, number=request.GET.get("page"), per_page=MHOS_PER_PAGE
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "inventory/mho_list.html",
        {
            "filter": filterset,
            "year": filterset.year,
            "public_year": filterset.public_year,
            "page": page,
            "query": query.urlencode(),
            "has_demo": any(mho.is_demo for mho in page),
        },
        status=filter_status(filterset),
    )


@public_page
def mho_detail(request, code):
    try:
        mho = selectors.mho_public_detail(code=code)
    except MutualHealthOrganization.DoesNotExist as error:
        raise Http404 from error
    rows = selectors.mho_year_rows(mho)
    return render(
        request,
        "inventory/mho_detail.html",
        {
            "mho": mho,
            "rows": rows,
            "peers": mho_peers(mho=mho, year=rows[-1].record.year) if rows else None,
            "has_demo": mho.is_demo,
            "table_indicators": TABLE_INDICATORS,
        },
    )
