import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from opendata.charts import (
    Series,
    bar_chart,
    line_chart,
    nice_ticks,
    stacked_bar_chart,
)

SVG = "{http://www.w3.org/2000/svg}"
YEARS = list(range(2000, 2025))
MALICIOUS = '<script>alert("x")</script> & Côte d\'Ivoire'


def parse(svg):
    return ET.fromstring(str(svg))


def rects_of_bars(root):
    """The bars: rectangles inside the plot's groups (not the legend swatches
    nor the pattern tiles)."""
    return [
        rect for group in root.findall(f"{SVG}g") for rect in group.iter(f"{SVG}rect")
    ]


def stacked_bars(root):
    """(x, y) of each rectangle of the stacked chart's bar paths."""
    return [
        (float(x), float(y))
        for path in root.iter(f"{SVG}path")
        if path.get("class") == "bars"
        for x, y in re.findall(r"M([\d.]+) ([\d.]+)", path.get("d"))
    ]


def draw_stacked(years=YEARS, title="MHOs by status", values=None):
    values = values or [[3 + i % 4 for i in range(len(years))]] * 5
    return stacked_bar_chart(
        key="status",
        title=title,
        description="Stacked bars",
        years=years,
        series=[Series(f"status {n}", values[n]) for n in range(5)],
    )


@pytest.mark.parametrize(
    ("maximum", "ticks"),
    [
        (0, [0, 1]),
        (None, [0, 1]),
        (1, [0, 1]),
        (4, [0, 1, 2, 3, 4]),
        (7, [0, 2, 4, 6, 8]),
        (97, [0, 20, 40, 60, 80, 100]),
        (1234, [0, 500, 1000, 1500]),
        (1_000_000, [0, 200_000, 400_000, 600_000, 800_000, 1_000_000]),
    ],
)
def test_axis_ticks_are_round_numbers_covering_the_maximum(maximum, ticks):
    assert nice_ticks(maximum) == ticks


def test_stacked_chart_is_well_formed_svg_with_one_bar_per_year():
    root = parse(draw_stacked())

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "MHOs by status"
    assert root.get("viewBox").startswith("0 0 400 ")
    bars = stacked_bars(root)
    assert len(bars) == 5 * len(YEARS)
    assert len({x for x, _y in bars}) == len(YEARS)


def test_stacked_chart_tells_series_apart_by_pattern_and_legend_text():
    root = parse(draw_stacked())

    patterns = root.findall(f"{SVG}defs/{SVG}pattern")
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert len(patterns) == 4  # the first series is plain, the others patterned
    assert all(f"status {n}" in texts for n in range(5))
    assert "2000" in texts


def test_stacked_chart_leaves_out_empty_segments():
    zeros = [0] * len(YEARS)
    ones = [1] * len(YEARS)
    root = parse(draw_stacked(values=[ones, zeros, zeros, zeros, zeros]))

    assert len(stacked_bars(root)) == len(YEARS)


def test_bar_chart_has_one_bar_per_year_with_its_value_as_tooltip():
    values = [1000 * (i + 1) for i in range(len(YEARS))]
    with translation.override("en"):
        svg = bar_chart(
            key="members", title="Members", description="d", years=YEARS, values=values
        )
    root = parse(svg)

    bars = rects_of_bars(root)
    assert len(bars) == len(YEARS)
    assert bars[-1].find(f"{SVG}title").text == "2024: 25,000"


def test_line_chart_has_one_point_per_year_and_breaks_at_gaps():
    years = [2001, 2002, 2003, 2006, 2007]
    root = parse(
        line_chart(
            key="ben",
            title="Beneficiaries",
            description="d",
            years=years,
            values=[10, 20, 30, 40, 50],
        )
    )

    assert len(list(root.iter(f"{SVG}circle"))) == len(years)
    line = next(p for p in root.iter(f"{SVG}path") if p.get("stroke-width") == "2")
    assert line.get("d").count("M") == 2  # 2001–2003, then 2006–2007


def test_tick_labels_follow_the_readers_language():
    def labels(language):
        with translation.override(language):
            svg = bar_chart(
                key="m", title="t", description="d", years=[2020], values=[1_000_000]
            )
        return [text.text for text in parse(svg).iter(f"{SVG}text")]

    assert "1,000,000" in labels("en")
    assert "1\u202f000\u202f000" in labels("fr")  # narrow no-break spaces


@pytest.mark.parametrize("draw", ["stacked", "bar", "line"])
def test_charts_escape_every_text(draw):
    if draw == "stacked":
        svg = stacked_bar_chart(
            key="k",
            title=MALICIOUS,
            description=MALICIOUS,
            years=[2020],
            series=[Series(MALICIOUS, [1])],
        )
    else:
        function = bar_chart if draw == "bar" else line_chart
        svg = function(
            key="k", title=MALICIOUS, description=MALICIOUS, years=[2020], values=[5]
        )

    assert "<script" not in svg
    root = parse(svg)
    assert root.find(f"{SVG}title").text == MALICIOUS
    assert root.find(f"{SVG}desc").text == MALICIOUS


@pytest.mark.parametrize("draw", [bar_chart, line_chart])
def test_charts_of_empty_series_say_so(draw):
    root = parse(draw(key="e", title="Empty", description="d", years=[], values=[]))

    assert root.find(f"{SVG}title").text == "Empty"
    assert not rects_of_bars(root)
    assert not list(root.iter(f"{SVG}circle"))


def test_stacked_chart_of_no_years_is_still_an_image():
    root = parse(draw_stacked(years=[], values=[[]] * 5))

    assert root.get("role") == "img"
    assert not stacked_bars(root)


@pytest.mark.parametrize("draw", [bar_chart, line_chart])
def test_charts_of_zeros_and_missing_values_draw_without_dividing_by_zero(draw):
    root = parse(
        draw(
            key="z", title="Zero", description="d", years=[2020, 2021], values=[0, None]
        )
    )

    assert root.tag == f"{SVG}svg"


def test_stacked_chart_of_zeros_draws_an_axis_only():
    root = parse(draw_stacked(years=[2020, 2021], values=[[0, 0]] * 5))

    assert not stacked_bars(root)
    assert "1" in [text.text for text in root.iter(f"{SVG}text")]


def test_a_25_year_chart_stays_small():
    values = [[1000 + i for i in range(len(YEARS))]] * 5

    assert len(str(draw_stacked(values=values)).encode()) < 6500
    assert len(str(bar_chart(key="m", title="t", description="d", years=YEARS,
                             values=values[0])).encode()) < 5000  # fmt: skip
