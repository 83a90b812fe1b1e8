"""The outlines of the network map are derived from Natural Earth's TopoJSON:
neighbours keep one common border, tiny islands get a marker, and the file
shipped with the project is what the script makes of its source."""

import json

from opendata import map as drawing
from ops import build_africa_map as build

# Two squares sharing their middle edge (arc 0), Senegal west of Mali, and a
# speck of an island: Cabo Verde. Quantized as world-atlas quantizes.
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.01, 0.01], "translate": [-20, 10]},
    "arcs": [
        [[1000, 0], [0, 500], [3, 250], [-3, 250]],  # the border, north to south
        [[1000, 1000], [-1000, 0], [0, -1000], [1000, 0]],  # Senegal's other sides
        [[1000, 0], [1000, 0], [0, 1000], [-1000, 0]],  # Mali's other sides
        [[-550, 500], [2, 0], [0, 2], [-2, 0], [0, -2]],  # an island 0.02° wide
    ],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "id": "686", "arcs": [[0, 1]],
                 "properties": {"name": "Senegal"}},
                {"type": "Polygon", "id": "466", "arcs": [[2, -1]],
                 "properties": {"name": "Mali"}},
                {"type": "MultiPolygon", "id": "132", "arcs": [[[3]]],
                 "properties": {"name": "Cabo Verde"}},
                {"type": "Polygon", "id": "250", "arcs": [[1]],
                 "properties": {"name": "France"}},
            ],
        }
    },
}  # fmt: skip


def absolute_points(d: str) -> set[tuple[int, int]]:
    """The points of an ``M x y l dx dy … z`` path."""
    points = set()
    for ring in d.split("z")[:-1]:
        start, steps = ring[1:].split("l")
        x, y = (int(n) for n in start.replace("-", " -").split())
        points.add((x, y))
        numbers = [int(n) for n in steps.replace("-", " -").split()]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            points.add((x, y))
    return points


def test_neighbours_share_their_border_and_only_africa_is_kept():
    outlines = build.build(TOPOLOGY)

    assert set(outlines["countries"]) == {"SN", "ML", "CV"}
    senegal = absolute_points(outlines["countries"]["SN"]["d"])
    mali = absolute_points(outlines["countries"]["ML"]["d"])
    # The simplified border (the 0.03° bend is below the tolerance) is the
    # same two points in both countries.
    assert senegal & mali == {
        (
            round((-10 - build.WEST) * build.SCALE),
            round((build.NORTH - 10) * build.SCALE),
        ),
        (
            round((-10 - build.WEST) * build.SCALE),
            round((build.NORTH - 20) * build.SCALE),
        ),
    }


def test_an_island_country_too_small_to_draw_gets_a_marker():
    cabo_verde = build.build(TOPOLOGY)["countries"]["CV"]

    x, y, radius = cabo_verde["marker"]
    assert (x, y) == (
        round((-25.49 - build.WEST) * build.SCALE),
        round((build.NORTH - 15.01) * build.SCALE),
    )
    assert radius == build.MARKER_RADIUS


def test_the_shipped_outlines_cover_every_african_country_of_the_directory():
    shipped = json.loads(drawing.OUTLINES.read_text())

    assert set(shipped["countries"]) == set(build.AFRICA.values())
    assert "public domain" in shipped["source"]
    for iso2, shape in shipped["countries"].items():
        assert shape["d"] or "marker" in shape, iso2
