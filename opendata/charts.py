"""Charts drawn on the server as inline SVG, as pure functions of their data.

No JavaScript and no outside resource: each chart is one small ``<svg>`` with
a viewBox (it scales down to a 360-pixel phone), a ``<title>`` and ``<desc>``
for assistive technology, round-numbered axes, and series told apart by
pattern and legend text as well as by colour. Every piece of text is escaped
here; the markup is marked safe only once it is complete.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 400
PLOT_TOP = 10
PLOT_HEIGHT = 180
RIGHT = 8
AXIS_LABELS = 22  # room under the plot for the years
LEGEND_ROW = 18
FONT = 12
CHAR = 7  # a generous average glyph width at FONT, to size margins and legends
INK = "#1c2430"
GRID = "#d8dde3"
ACCENT = "#0b6e4f"
LINE = "#1f5fa8"
# Dark enough for 3:1 against white (WCAG 1.4.11); each also has a pattern.
PALETTE = ["#0b6e4f", "#a4161a", "#1f5fa8", "#6b3fa0", "#5a6472"]


@dataclass(frozen=True)
class Series:
    """One named series of a chart: a value (or None) for each year."""

    label: str
    values: Sequence[int | None]


def nice_ticks(maximum, count: int = 5) -> list[int]:
    """Round axis ticks from 0 covering ``maximum``: steps of 1, 2 or 5 × 10ⁿ.

    Integer steps only (the charts count people and MHOs); an empty or zero
    maximum still gives an axis, [0, 1]."""
    if not maximum or maximum <= 0:
        return [0, 1]
    raw = maximum / count
    magnitude = 10 ** max(0, math.floor(math.log10(raw)))
    step = next(f * magnitude for f in (1, 2, 5, 10) if f * magnitude >= raw)
    steps = math.ceil(maximum / step)
    return [i * step for i in range(steps + 1)]


def _n(value: float) -> str:
    """A coordinate with at most one decimal, as short as possible."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _number(value) -> str:
    return number_format(value, decimal_pos=0, force_grouping=True)


@dataclass(frozen=True)
class _Frame:
    """Where things go: years along x (every year of the span gets a slot, so
    a gap in the data shows as a gap), values along y from 0 to the top tick."""

    years: list[int]
    ticks: list[int]
    left: float

    @property
    def bottom(self) -> float:
        return PLOT_TOP + PLOT_HEIGHT

    @property
    def slot(self) -> float:
        return (WIDTH - RIGHT - self.left) / len(self.years)

    def x(self, year: int) -> float:
        return self.left + (year - self.years[0]) * self.slot

    def y(self, value) -> float:
        return self.bottom - (value or 0) / self.ticks[-1] * PLOT_HEIGHT


def _frame(years: Sequence[int], maximum) -> _Frame:
    span = list(range(min(years), max(years) + 1))
    ticks = nice_ticks(maximum)
    widest = max(len(_number(tick)) for tick in ticks)
    return _Frame(years=span, ticks=ticks, left=10 + CHAR * widest)


def _axes(frame: _Frame) -> str:
    grid = "".join(
        f"M{_n(frame.left)} {_n(frame.y(t))}H{WIDTH - RIGHT}" for t in frame.ticks
    )
    labels = "".join(
        f'<text x="{_n(frame.left - 5)}" y="{_n(frame.y(t) + 4)}">'
        f"{escape(_number(t))}</text>"
        for t in frame.ticks
    )
    # A year label needs about 34 units: label every k-th year.
    every = max(1, math.ceil(34 / frame.slot))
    years = "".join(
        f'<text x="{_n(frame.x(year) + frame.slot / 2)}" y="{_n(frame.bottom + 16)}">'
        f"{year}</text>"
        for index, year in enumerate(frame.years)
        if index % every == 0
    )
    return (
        f'<path d="{grid}" stroke="{GRID}" fill="none"/>'
        f'<g text-anchor="end">{labels}</g>'
        f'<g text-anchor="middle">{years}</g>'
        f'<path d="M{_n(frame.left)} {frame.bottom}H{WIDTH - RIGHT}" stroke="{INK}"/>'
    )


def _svg(*, key: str, title: str, description: str, height: float, body: str):
    key = escape(key)
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_n(height)}" '
        f'width="100%" role="img" '
        f'aria-labelledby="{key}-t {key}-d" font-family="system-ui,sans-serif" '
        f'font-size="{FONT}" fill="{INK}">'
        f'<title id="{key}-t">{escape(title)}</title>'
        f'<desc id="{key}-d">{escape(description)}</desc>{body}</svg>'
    )


def _empty(*, key: str, title: str, description: str) -> SafeString:
    message = escape(_("No figures to draw."))
    body = f'<text x="{WIDTH // 2}" y="30" text-anchor="middle">{message}</text>'
    return _svg(key=key, title=title, description=description, height=50, body=body)


def _pattern(key: str, index: int) -> tuple[str, str]:
    """(definition, fill) of series ``index``: a colour, and for all but the
    first a white pattern over it, so the series differ without colour."""
    colour = PALETTE[index % len(PALETTE)]
    kind = index % len(PALETTE)
    if kind == 0:
        return "", colour
    marks = {
        1: '<path d="M0 0V6" stroke="#fff" stroke-width="2"/>',
        2: '<circle cx="3" cy="3" r="1.4" fill="#fff"/>',
        3: '<path d="M0 3H6" stroke="#fff" stroke-width="1.5"/>',
        4: '<path d="M3 0V6M0 3H6" stroke="#fff" stroke-width="1.2"/>',
    }[kind]
    rotate = ' patternTransform="rotate(45)"' if kind in (1, 4) else ""
    pattern_id = f"{escape(key)}-p{index}"
    definition = (
        f'<pattern id="{pattern_id}" width="6" height="6" '
        f'patternUnits="userSpaceOnUse"{rotate}>'
        f'<rect width="6" height="6" fill="{colour}"/>{marks}</pattern>'
    )
    return definition, f"url(#{pattern_id})"


def _legend(fills: list[str], labels: list[str], top: float) -> tuple[str, float]:
    """Legend items laid out in rows under the chart; returns (markup, height)."""
    items, x, y = [], 10.0, top
    for fill, label in zip(fills, labels, strict=True):
        width = 18 + CHAR * len(label) + 12
        if x > 10 and x + width > WIDTH:
            x, y = 10.0, y + LEGEND_ROW
        items.append(
            f'<rect x="{_n(x)}" y="{_n(y)}" width="12" height="12" fill="{fill}" '
            f'stroke="{INK}" stroke-width=".5"/>'
            f'<text x="{_n(x + 17)}" y="{_n(y + 10.5)}">{escape(label)}</text>'
        )
        x += width
    return "".join(items), y + LEGEND_ROW - top


def stacked_bar_chart(
    *, key: str, title: str, description: str, years: Sequence[int], series
) -> SafeString:
    """One bar per year, stacked from the first series (at the bottom) up.

    ``key`` prefixes the ids inside the SVG: unique within the page."""
    if not years:
        return _empty(key=key, title=title, description=description)
    totals = [sum(s.values[i] or 0 for s in series) for i in range(len(years))]
    frame = _frame(years, max(totals))
    width = frame.slot * 0.7
    base = [0] * len(years)
    definitions, fills, groups = [], [], []
    for index, one in enumerate(series):
        definition, fill = _pattern(key, index)
        definitions.append(definition)
        fills.append(fill)
        # One path per series, one closed rectangle per year: half the bytes
        # of as many <rect> elements.
        bars = []
        for i, year in enumerate(years):
            value = one.values[i] or 0
            if value:
                top, bottom = frame.y(base[i] + value), frame.y(base[i])
                bars.append(
                    f"M{_n(frame.x(year) + frame.slot * 0.15)} {_n(top)}"
                    f"h{_n(width)}v{_n(bottom - top)}h-{_n(width)}z"
                )
                base[i] += value
        if bars:
            groups.append(
                f'<path class="bars" d="{"".join(bars)}" fill="{fill}" '
                'stroke="#fff" stroke-width=".5"/>'
            )
    legend, legend_height = _legend(
        fills, [s.label for s in series], frame.bottom + AXIS_LABELS + 4
    )
    body = f"<defs>{''.join(definitions)}</defs>{_axes(frame)}{''.join(groups)}{legend}"
    height = frame.bottom + AXIS_LABELS + 4 + legend_height
    return _svg(key=key, title=title, description=description, height=height, body=body)


def _point_title(year: int, value) -> str:
    return f"<title>{year}: {escape(_number(value))}</title>"


def bar_chart(
    *, key: str, title: str, description: str, years: Sequence[int], values
) -> SafeString:
    """One bar per year with a value (none where the value is missing)."""
    if not years:
        return _empty(key=key, title=title, description=description)
    frame = _frame(years, max((v or 0) for v in values))
    width = frame.slot * 0.7
    bars = "".join(
        f'<rect x="{_n(frame.x(year) + frame.slot * 0.15)}" y="{_n(frame.y(value))}" '
        f'width="{_n(width)}" height="{_n(frame.bottom - frame.y(value))}">'
        f"{_point_title(year, value)}</rect>"
        for year, value in zip(years, values, strict=True)
        if value is not None
    )
    body = f'{_axes(frame)}<g fill="{ACCENT}">{bars}</g>'
    height = frame.bottom + AXIS_LABELS
    return _svg(key=key, title=title, description=description, height=height, body=body)


def line_chart(
    *, key: str, title: str, description: str, years: Sequence[int], values
) -> SafeString:
    """A line through one point per year with a value; the line breaks where a
    year is missing, so a gap is never drawn as a trend."""
    if not years:
        return _empty(key=key, title=title, description=description)
    frame = _frame(years, max((v or 0) for v in values))
    path, points, previous = [], [], None
    for year, value in zip(years, values, strict=True):
        if value is None:
            previous = None
            continue
        x, y = frame.x(year) + frame.slot / 2, frame.y(value)
        path.append(f"{'L' if previous == year - 1 else 'M'}{_n(x)} {_n(y)}")
        points.append(
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.5">'
            f"{_point_title(year, value)}</circle>"
        )
        previous = year
    body = (
        f'{_axes(frame)}<path d="{"".join(path)}" fill="none" stroke="{LINE}" '
        f'stroke-width="2"/><g fill="{LINE}">{"".join(points)}</g>'
    )
    height = frame.bottom + AXIS_LABELS
    return _svg(key=key, title=title, description=description, height=height, body=body)


@dataclass(frozen=True)
class MarkedSeries:
    """A series drawn as markers: ``points`` are (year, value, hollow); a
    ``joined`` series has a line through its consecutive years."""

    label: str
    shape: str  # circle, square, diamond or triangle
    colour: str
    points: Sequence[tuple[int, int, bool]]
    joined: bool = True


def _marker(shape: str, x: float, y: float, colour: str, hollow: bool, inner=""):
    """One marker centred on (x, y); ``inner`` is its tooltip (a <title>)."""
    paint = (
        f'fill="#fff" stroke="{colour}" stroke-width="2"'
        if hollow
        else f'fill="{colour}" stroke="{colour}"'
    )
    if shape == "circle":
        tag, place = "circle", f'cx="{_n(x)}" cy="{_n(y)}" r="4"'
    elif shape == "square":
        tag = "rect"
        place = f'x="{_n(x - 3.5)}" y="{_n(y - 3.5)}" width="7" height="7"'
    elif shape == "diamond":
        tag = "path"
        place = (
            f'd="M{_n(x)} {_n(y - 6)}L{_n(x + 6)} {_n(y)}L{_n(x)} {_n(y + 6)}'
            f'L{_n(x - 6)} {_n(y)}z"'
        )
    else:  # triangle
        tag = "path"
        place = f'd="M{_n(x)} {_n(y - 6)}L{_n(x + 6)} {_n(y + 4)}H{_n(x - 6)}z"'
    return f"<{tag} {place} {paint}>{inner}</{tag}>"


def _marked_legend(series, notes: list[str], top: float) -> tuple[str, float]:
    """One legend row per series (a line sample for joined ones), then the
    notes as plain text rows."""
    rows = []
    for index, one in enumerate(series):
        y = top + index * LEGEND_ROW
        line = (
            f'<path d="M10 {_n(y + 6)}h22" stroke="{one.colour}" stroke-width="2"/>'
            if one.joined
            else ""
        )
        rows.append(
            f"{line}{_marker(one.shape, 21, y + 6, one.colour, False)}"
            f'<text x="40" y="{_n(y + 10.5)}">{escape(one.label)}</text>'
        )
    for index, note in enumerate(notes, start=len(series)):
        y = top + index * LEGEND_ROW
        rows.append(f'<text x="10" y="{_n(y + 10.5)}">{escape(note)}</text>')
    return "".join(rows), (len(series) + len(notes)) * LEGEND_ROW


def marker_chart(
    *, key: str, title: str, description: str, series, notes=()
) -> SafeString:
    """Series of points over the years, told apart by marker shape, colour,
    line and legend; a hollow marker is a point the legend's notes explain,
    and the points of a series without line are labelled with their value.
    Values of different series are never stacked or added: each point is
    drawn at its own value."""
    years = [year for one in series for year, _value, _hollow in one.points]
    if not years:
        return _empty(key=key, title=title, description=description)
    values = [value for one in series for _year, value, _hollow in one.points]
    frame = _frame(years, max(values))
    body = [_axes(frame)]
    for one in series:
        centres = [
            (year, frame.x(year) + frame.slot / 2, frame.y(value), value, hollow)
            for year, value, hollow in sorted(one.points)
        ]
        if one.joined:
            path, previous = [], None
            for year, x, y, _value, _hollow in centres:
                path.append(f"{'L' if previous == year - 1 else 'M'}{_n(x)} {_n(y)}")
                previous = year
            body.append(
                f'<path d="{"".join(path)}" fill="none" stroke="{one.colour}" '
                'stroke-width="2"/>'
            )
        body.extend(
            _marker(one.shape, x, y, one.colour, hollow, _point_title(year, value))
            for year, x, y, value, hollow in centres
        )
        if not one.joined:  # a point standing alone says its value
            body.extend(
                f'<text x="{_n(x + 8)}" y="{_n(y + 4)}">{escape(_number(value))}</text>'
                for year, x, y, value, _hollow in centres
            )
    legend, legend_height = _marked_legend(
        series, list(notes), frame.bottom + AXIS_LABELS + 4
    )
    height = frame.bottom + AXIS_LABELS + 4 + legend_height
    return _svg(
        key=key,
        title=title,
        description=description,
        height=height,
        body="".join(body) + legend,
    )
