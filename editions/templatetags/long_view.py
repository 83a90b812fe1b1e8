"""The long series block of the synthesis pages: ``{% long_series_block %}``
for the whole network, ``{% long_series_block country %}`` for one country."""

from django import template
from django.utils.translation import gettext as _

from ..long_chart import long_series_chart
from ..long_series import long_series

register = template.Library()


@register.inclusion_tag("editions/_long_series.html")
def long_series_block(country=None, over_time_link=False, series=None):
    if series is None:
        series = long_series(iso2=country.iso2 if country else None)
    if country:
        title = _("MHOs of %(country)s over the long run: portal and reference figures")
        title %= {"country": country.name}
    else:
        title = _("MHOs over the long run: portal and reference figures")
    return {
        "series": series,
        "country": country,
        "place": country.name if country else _("Africa"),
        "title": title,
        "svg": long_series_chart(series, key="long-series", title=title)
        if series
        else "",
        "over_time_link": over_time_link,
    }
