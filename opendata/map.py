"""The map of the network: Africa's countries as one inline SVG, shaded by a
figure of the synthesis, drawn on the server as a pure function of its data.

No JavaScript, no tiles, no outside resource. The outlines are derived once
from Natural Earth (public domain) by ``ops/build_africa_map.py`` and shipped
in ``data/africa.json``. Each country of the network is a link to its
synthesis page with a ``<title>`` that says its figure; the countries outside
the network are one grey shape, hidden from assistive technology. Shades are
CSS classes (``m0``…``m4``, ``mn`` for no figure, ``mo`` outside the network)
of the site's stylesheet, which the legend uses as well. Every piece of text
is escaped here; the markup is marked safe only once it is complete.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .charts import nice_ticks

OUTLINES = Path(__file__).resolve().parent / "data" / "africa.json"
SHADES = 5
MAP_ID = "network-map"  # one map per page; the stylesheet names its pattern
PERCENT_STEP = 20  # the classes of a percentage: 0–20 %, 20–40 %, … 80–100 %


@cache
def outlines() -> dict:
    """The countries' outlines in viewBox units, read once per process."""
    return json.loads(OUTLINES.read_text())


@dataclass(frozen=True)
class MapCountry:
    """A country of the network as the map shows it."""

    iso2: str
    name: str
    url: str
    value: float | None  # a count, or a percentage
    text: str  # the value as the page writes it ("—" when there is none)
    shade: int | None = None  # its class in the legend; None: no figure


@dataclass(frozen=True)
class LegendClass:
    css: str
    label: str


def count_text(value: float | None) -> str:
    if value is None:
        return "—"
    return number_format(value, decimal_pos=0, force_grouping=True)


def percent_text(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{number_format(value, decimal_pos=1)}\u00a0%"


def count_classes(values: list[float]) -> list[float]:
    """Upper bounds of at most five classes of round numbers covering the
    counts (0–20, 21–40, … for a largest count of 100)."""
    ticks = nice_ticks(max(values, default=0), count=SHADES)
    return ticks[1:]


def percent_classes() -> list[float]:
    return [PERCENT_STEP * (i + 1) for i in range(SHADES)]


def shade_of(value: float | None, bounds: list[float], *, percent: bool) -> int | None:
    """The class of a value: counts up to each bound included, percentages
    from each bound included (the last class takes everything above)."""
    if value is None:
        return None
    for index, bound in enumerate(bounds):
        if value < bound or (not percent and value <= bound):
            return index
    return len(bounds) - 1


def legend(bounds: list[float], *, percent: bool) -> list[LegendClass]:
    classes = []
    lower = 0
    for index, bound in enumerate(bounds):
        if percent:
            if index == len(bounds) - 1:
                label = _("%(lower)s and over") % {"lower": f"{lower}\u00a0%"}
            else:
                label = f"{lower}–{bound}\u00a0%"
        elif lower == bound:
            label = count_text(bound)
        else:
            label = f"{count_text(lower)}–{count_text(bound)}"
        classes.append(LegendClass(f"m{index}", label))
        lower = bound if percent else bound + 1
    classes.append(LegendClass("mn", _("no figure")))
    classes.append(LegendClass("mo", _("outside the network")))
    return classes


def _shape(outline: dict, css: str) -> str:
    parts = []
    if outline["d"]:
        parts.append(f'<path class="{css}" d="{outline["d"]}"/>')
    if "marker" in outline:
        x, y, radius = outline["marker"]
        parts.append(f'<circle class="{css}" cx="{x}" cy="{y}" r="{radius}"/>')
    return "".join(parts)


def draw(
    *, title: str, figure: str, countries: list[MapCountry], current: str | None = None
) -> SafeString:
    """The map: ``countries`` shaded and linked, every other country grey;
    the ``current`` country (ISO2) marked as the page it is on."""
    shapes = outlines()
    network = {
        country.iso2: country
        for country in countries
        if country.iso2 in shapes["countries"]
    }
    # Outside the network: one grey shape (one path, and the islands' markers).
    outside = [
        outline for iso2, outline in shapes["countries"].items() if iso2 not in network
    ]
    others = _shape(
        {"d": "".join(outline["d"] for outline in outside)}, "mo"
    ) + "".join(
        _shape({"d": "", "marker": outline["marker"]}, "mo")
        for outline in outside
        if "marker" in outline
    )
    links = []
    # The current country last: its outline is drawn over its neighbours'.
    for iso2, country in sorted(network.items(), key=lambda item: item[0] == current):
        label = _("%(country)s — %(figure)s: %(value)s") % {
            "country": country.name,
            "figure": figure,
            "value": country.text if country.value is not None else _("no figure"),
        }
        css = "mn" if country.shade is None else f"m{country.shade}"
        here = ' class="here" aria-current="page"' if iso2 == current else ""
        links.append(
            f'<a href="{escape(country.url)}"{here}><title>{escape(label)}</title>'
            f"{_shape(shapes['countries'][iso2], css)}</a>"
        )
    width, height = shapes["width"], shapes["height"]
    key = MAP_ID
    return mark_safe(  # noqa: S308 — every text above is escaped
        f'<svg class="network-map" id="{key}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{key}-t" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{key}-t">{escape(title)}</title>'
        f'<defs><pattern id="{key}-none" width="8" height="8" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="8" height="8" fill="#fff"/>'
        '<path d="M0 0v8" stroke="#8a94a0" stroke-width="3"/></pattern></defs>'
        f'<g aria-hidden="true">{others}</g>'
        f"{''.join(links)}</svg>"
    )
