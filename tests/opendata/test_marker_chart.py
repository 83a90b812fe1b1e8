"""The marker chart of the long series: each kind of figure keeps its own
marker, a hollow one for provisional points, no value is stacked on another,
and every text is escaped."""

import xml.etree.ElementTree as ET

from opendata.charts import MarkedSeries, marker_chart

SVG = "{http://www.w3.org/2000/svg}"


def _chart(**extra):
    return marker_chart(
        key="long",
        title="MHOs <over> time",
        description="Points & lines",
        series=[
            MarkedSeries(
                "Portal", "circle", "#1f5fa8", [(2016, 200, True), (2017, 210, False)]
            ),
            MarkedSeries(
                "Reference <b>",
                "diamond",
                "#a4161a",
                [(2003, 366, False)],
                joined=False,
            ),
        ],
        **extra,
    )


def test_each_point_is_drawn_at_its_own_value_with_its_marker():
    root = ET.fromstring(str(_chart(notes=["Hollow: provisional"])))
    circles = [  # the points, not the legend's sample
        c for c in root.iter(f"{SVG}circle") if c.find(f"{SVG}title") is not None
    ]
    assert [c.find(f"{SVG}title").text for c in circles] == ["2016: 200", "2017: 210"]
    assert circles[0].get("fill") == "#fff"  # live, provisional: hollow
    assert circles[1].get("fill") == "#1f5fa8"
    diamonds = [
        path for path in root.iter(f"{SVG}path") if path.find(f"{SVG}title") is not None
    ]
    assert [d.find(f"{SVG}title").text for d in diamonds] == ["2003: 366"]
    # The axis covers the largest single value, not a sum of series.
    labels = [text.text for text in root.iter(f"{SVG}text")]
    assert "400" in labels and "800" not in labels
    assert "Hollow: provisional" in labels and "Reference <b>" in labels
    # The stand-alone reference point says its value; the joined ones do not.
    assert "366" in labels and "210" not in labels


def test_reference_series_has_no_line_and_portal_series_has_one():
    root = ET.fromstring(str(_chart()))
    lines = [
        path
        for path in root.iter(f"{SVG}path")
        if path.get("fill") == "none" and path.get("stroke") in {"#1f5fa8", "#a4161a"}
    ]
    assert [line.get("stroke") for line in lines] == ["#1f5fa8"]


def test_an_empty_chart_says_so():
    svg = str(marker_chart(key="k", title="t", description="d", series=[]))
    assert "<svg" in svg and "<circle" not in svg
