"""The public synthesis pages: every country for one year, and one country
over the years with its charts."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from concertation.pagecache import public_page
from inventory import selectors_synthesis as selectors
from inventory.models import SynthesisRow


@public_page
def synthesis_list(request):
    years = selectors.synthesis_years()
    year, acceptable = selectors.synthesis_year_pick(
        years=years, requested=request.GET.get("year")
    )
    if not acceptable and year is not None:
        messages.warning(
            request,
            _("There are no figures for that year: here are those of %(year)s.")
            % {"year": year},
        )
    return render(
        request,
        "inventory/synthesis_list.html",
        {
            "years": years,
            "year": year,
            "table": selectors.synthesis_year_table(year=year) if year else None,
            "campaign": selectors.current_campaign_completeness(),
            "status_labels": selectors.status_labels(),
            "has_demo": selectors.synthesis_has_demo(),
        },
    )


@public_page
def synthesis_country(request, iso2):
    if iso2 != iso2.upper():
        return redirect(
            "inventory:synthesis_country", iso2=iso2.upper(), permanent=True
        )
    try:
        series = selectors.synthesis_country_series(iso2=iso2)
    except SynthesisRow.DoesNotExist as error:
        raise Http404 from error
    return render(
        request,
        "inventory/synthesis_country.html",
        {
            "series": series,
            "country": series.country,
            "charts": selectors.country_charts(series),
            "status_labels": selectors.status_labels(),
            "has_demo": selectors.synthesis_has_demo(country=series.country),
        },
    )
