"""The public synthesis pages: every country for one year, and one country
over the years with its charts."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from inventory.indicator_table import INDICATORS, TABLE_INDICATORS
from inventory.selectors_quality import quality_by_country, quality_by_year
from kernel.pagecache import public_page
from opendata import selectors
from opendata.frozen import figures_source, figures_source_context, live_asked
from opendata.models import SynthesisRow
from opendata.selectors_map import figure_pick, network_map
from opendata.selectors_years import public_years


@public_page
def synthesis_list(request):
    frozen = figures_source(request)
    years = frozen.public_years() if frozen else public_years()
    public_year, acceptable = years.pick(request.GET.get("year"))
    if not acceptable and public_year is not None:
        messages.warning(
            request,
            _("There are no figures for that year: here are those of %(year)s.")
            % {"year": public_year.year},
        )
    table = network = None
    if public_year is not None:
        table = (
            selectors.synthesis_year_table(
                year=public_year.year,
                rows=frozen.of_year(public_year.year) if frozen else None,
            )
            or None
        )
    if table:
        # The map reads the table's rows; its figure links keep the year asked.
        network = network_map(
            year=table.year,
            figure=figure_pick(request.GET.get("map")),
            lines=table.countries,
            keep=_kept(
                request, year=str(table.year) if request.GET.get("year") else None
            ),
        )
    return render(
        request,
        "inventory/synthesis_list.html",
        {
            "years": years.years,
            "year": public_year.year if public_year else None,
            "public_year": public_year,
            "table": table,
            "map": network,
            "campaign": selectors.current_campaign_completeness(),
            "status_labels": selectors.status_labels(),
            "has_demo": frozen.has_demo if frozen else selectors.synthesis_has_demo(),
            "indicators": INDICATORS,
            "table_indicators": TABLE_INDICATORS,
            "quality": quality_by_country(year=table.year) if table else None,
            **figures_source_context(request, frozen),
        },
    )


@public_page
def synthesis_country(request, iso2):
    if iso2 != iso2.upper():
        return redirect(
            "inventory:synthesis_country", iso2=iso2.upper(), permanent=True
        )
    frozen = figures_source(request)
    try:
        series = selectors.synthesis_country_series(
            iso2=iso2, rows=frozen.of_country(iso2) if frozen else None
        )
    except SynthesisRow.DoesNotExist as error:
        raise Http404 from error
    years = frozen.public_years() if frozen else public_years()
    notices = selectors.country_year_notices(series, years)
    return render(
        request,
        "inventory/synthesis_country.html",
        {
            "series": series,
            "country": series.country,
            # Years after the default one are still being reported: a chart
            # would show them as a collapse.
            "charts": selectors.country_charts(
                series, until=years.default.year if years.default else None
            ),
            "status_labels": selectors.status_labels(),
            "has_demo": frozen.has_demo
            if frozen
            else selectors.synthesis_has_demo(country=series.country),
            "provisional": [notice.year for notice in notices],
            "notices": notices,
            "table_indicators": TABLE_INDICATORS,
            "quality": quality_by_year(iso2=series.country.iso2),
            # The network in the default year, this country marked on it.
            "map": network_map(
                year=years.default.year,
                figure=figure_pick(request.GET.get("map")),
                current=series.country.iso2,
                lines=[
                    selectors.SynthesisLine(row)
                    for row in frozen.of_year(years.default.year)
                ]
                if frozen
                else None,
                keep=_kept(request),
            )
            if years.default
            else None,
            **figures_source_context(request, frozen),
        },
    )


def _kept(request, **values) -> dict[str, str] | None:
    """The query parameters the map's figure links keep: the year asked for,
    and the live view."""
    kept = {name: value for name, value in values.items() if value}
    if live_asked(request):
        kept["live"] = "1"
    return kept or None
