"""A country over time: its figures and indicators year by year, each year
with the edition it comes from (or the live data, provisional), and the long
series beside the reference figures."""

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from inventory.indicator_table import TABLE_INDICATORS
from kernel.pagecache import public_page
from organizations.models import Country

from .long_series import long_series


@require_safe
@public_page
def country_over_time(request, iso2):
    if iso2 != iso2.upper():
        return redirect("long_view:country", iso2=iso2.upper(), permanent=True)
    country = get_object_or_404(Country, iso2=iso2)
    return render(
        request,
        "editions/country_over_time.html",
        {
            "country": country,
            "series": long_series(iso2=country.iso2),
            "table_indicators": TABLE_INDICATORS,
        },
    )
