"""The long series' chart: the portal's figures and the reference figures as
separate series of one SVG chart, told apart by marker, colour and line."""

from operator import attrgetter

from django.utils.translation import gettext as _

from opendata import charts

from .long_series import LongSeries

# Colour by kind and indicator, shape by indicator and kind: the portal's
# figures are joined circles and squares, the reference figures stand-alone
# diamonds and triangles in other colours.
PORTAL_FUNCTIONAL = ("circle", "#1f5fa8")
PORTAL_PROJECT = ("square", "#0b6e4f")
REFERENCE_FUNCTIONAL = ("diamond", "#a4161a")
REFERENCE_PROJECT = ("triangle", "#6b3fa0")


def _portal_series(points, label, look, value_of) -> charts.MarkedSeries:
    shape, colour = look
    marks = [
        (point.year, value, point.is_live)
        for point in points
        if (value := value_of(point)) is not None
    ]
    return charts.MarkedSeries(label, shape, colour, marks, joined=True)


def _reference_series(rows, label, look, value_of) -> charts.MarkedSeries:
    shape, colour = look
    marks = [
        (row.year, value, False) for row in rows if (value := value_of(row)) is not None
    ]
    return charts.MarkedSeries(label, shape, colour, marks, joined=False)


def long_series_chart(series: LongSeries, *, key: str, title: str) -> str:
    """Functional MHOs and MHOs in project or in gestation over the years, the
    portal's and the reference figures as separate series."""
    functional = attrgetter("functional")
    project = attrgetter("project_or_gestation")
    drawn = [
        _portal_series(
            series.portal, _("Portal: functional"), PORTAL_FUNCTIONAL, functional
        ),
        _portal_series(
            series.portal,
            _("Portal: in project or starting up"),
            PORTAL_PROJECT,
            project,
        ),
        _reference_series(
            series.references,
            _("Reference: functional"),
            REFERENCE_FUNCTIONAL,
            functional,
        ),
        _reference_series(
            series.references,
            _("Reference: in project or in gestation"),
            REFERENCE_PROJECT,
            project,
        ),
    ]
    drawn = [one for one in drawn if one.points]
    notes = [_("Hollow marker: live data, provisional")] if series.has_live else []
    description = _(
        "Points by year. The portal's figures are joined by a line; the "
        "reference figures, published by other sources, stand alone and are "
        "never added to them. The table of figures and sources follows the chart."
    )
    return charts.marker_chart(
        key=key, title=title, description=description, series=drawn, notes=notes
    )
