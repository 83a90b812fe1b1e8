"""``python -m ops.build_africa_map SOURCE``: derive the outlines of the
network map (``opendata/data/africa.json``) from Natural Earth.

SOURCE is ``countries-50m.json`` of the npm package ``world-atlas`` (version
2.0.2: Natural Earth 4.1.0, Admin 0 countries, 1:50m, as TopoJSON; Natural
Earth is in the public domain, the package is under the ISC licence)::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python -m ops.build_africa_map package/countries-50m.json

The African countries are projected (plate carrée: the continent straddles
the equator, so degrees of longitude and latitude are drawn the same size),
their shared borders simplified once (Douglas-Peucker on the TopoJSON arcs,
so neighbours keep one common border) and rounded to whole units of the
viewBox. Island countries too small to see or to click get a marker (a circle the page
draws with the country's shading). Somaliland is drawn with Somalia, as the
United Nations count it. Standard library only: run it with any Python.
"""

import argparse
import json
import math
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "opendata" / "data" / "africa.json"

# ISO 3166-1 numeric → alpha-2, the African countries and Western Sahara.
AFRICA = {
    "012": "DZ", "024": "AO", "072": "BW", "108": "BI", "120": "CM", "132": "CV",
    "140": "CF", "148": "TD", "174": "KM", "178": "CG", "180": "CD", "204": "BJ",
    "226": "GQ", "231": "ET", "232": "ER", "262": "DJ", "266": "GA", "270": "GM",
    "288": "GH", "324": "GN", "384": "CI", "404": "KE", "426": "LS", "430": "LR",
    "434": "LY", "450": "MG", "454": "MW", "466": "ML", "478": "MR", "480": "MU",
    "504": "MA", "508": "MZ", "516": "NA", "562": "NE", "566": "NG", "624": "GW",
    "646": "RW", "678": "ST", "686": "SN", "690": "SC", "694": "SL", "706": "SO",
    "710": "ZA", "716": "ZW", "728": "SS", "729": "SD", "732": "EH", "748": "SZ",
    "768": "TG", "788": "TN", "800": "UG", "818": "EG", "834": "TZ", "854": "BF",
    "894": "ZM",
}  # fmt: skip
# Natural Earth features without a numeric code, drawn as part of a country.
BY_NAME = {"Somaliland": "SO"}

WEST, EAST, NORTH, SOUTH = -26.2, 59.0, 37.6, -35.0  # degrees, with the islands
SCALE = 10.0  # viewBox units per degree
TOLERANCE = 0.8  # viewBox units the simplified border may stray from the source
MIN_RING_AREA = 8.0  # square units: smaller islands are dropped...
# Island countries too small to see or click: a circle marks them.
ISLANDS = {"CV", "KM", "MU", "SC", "ST"}
MARKER_RADIUS = 7


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The arcs in viewBox units (delta-decoded, de-quantized, projected)."""
    (kx, ky), (tx, ty) = topology["transform"].values()
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            lon, lat = x * kx + tx, y * ky + ty
            points.append(((lon - WEST) * SCALE, (NORTH - lat) * SCALE))
        arcs.append(points)
    return arcs


def simplify(points: list[tuple[float, float]], tolerance: float) -> list:
    """Douglas-Peucker, iterative; keeps both ends (where borders meet)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        farthest, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                distance = math.hypot(px - ax, py - ay)
            if distance > farthest:
                farthest, index = distance, i
        if index is not None and farthest > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def ring_points(ring: list[int], arcs: list[list]) -> list[tuple[int, int]]:
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    rounded = []
    for x, y in points:
        point = (round(x), round(y))
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if len(rounded) > 1 and rounded[0] == rounded[-1]:
        rounded.pop()
    return rounded


def area(points) -> float:
    return abs(
        sum(
            x1 * y2 - x2 * y1
            for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True)
        )
        / 2
    )


def _numbers(values: list[int]) -> str:
    """Numbers as SVG reads them: a minus sign separates as well as a space."""
    text = ""
    for value in values:
        if text and value >= 0:
            text += " "
        text += str(value)
    return text


def path_data(rings: list[list[tuple[int, int]]]) -> str:
    """``M x y`` then relative lines: the shortest SVG path for whole units."""
    parts = []
    for points in rings:
        (x, y), steps = points[0], []
        for px, py in points[1:]:
            steps += [px - x, py - y]
            x, y = px, py
        parts.append(f"M{_numbers(list(points[0]))}l{_numbers(steps)}z")
    return "".join(parts)


def polygons_of(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def build(topology: dict) -> dict:
    exact = decode_arcs(topology)
    arcs = [simplify(arc, TOLERANCE) for arc in exact]
    rings_by_country: dict[str, list] = {}
    # Where each country is, from the exact outlines: a marker must be drawn
    # even where no island is left after rounding.
    extents: dict[str, list[tuple[float, float]]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        iso2 = AFRICA.get(geometry.get("id")) or BY_NAME.get(
            geometry["properties"]["name"]
        )
        if iso2 is None:
            continue
        for polygon in polygons_of(geometry):
            # The outer ring only: the African countries have no enclave big
            # enough to show at this scale (Lesotho is a country of its own).
            rings_by_country.setdefault(iso2, []).append(ring_points(polygon[0], arcs))
            extents.setdefault(iso2, []).extend(
                point
                for index in polygon[0]
                for point in exact[index if index >= 0 else ~index]
            )
    countries = {}
    for iso2, rings in sorted(rings_by_country.items()):
        rings = [ring for ring in rings if len(ring) >= 3]
        kept = [ring for ring in rings if area(ring) >= MIN_RING_AREA]
        if not kept:  # a small island country: its largest island at least
            kept = [max(rings, key=area)] if rings else []
        shape = {"d": path_data(kept)}
        if iso2 in ISLANDS:
            xs = [x for x, _y in extents[iso2]]
            ys = [y for _x, y in extents[iso2]]
            shape["marker"] = [
                round((min(xs) + max(xs)) / 2),
                round((min(ys) + max(ys)) / 2),
                MARKER_RADIUS,
            ]
        countries[iso2] = shape
    return {
        "source": "Natural Earth 4.1.0, Admin 0 countries 1:50m (public domain), "
        "via world-atlas 2.0.2 (ISC); derived by ops/build_africa_map.py",
        "width": round((EAST - WEST) * SCALE),
        "height": round((NORTH - SOUTH) * SCALE),
        "countries": countries,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="world-atlas countries-50m.json")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    outlines = build(json.loads(args.source.read_text()))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(outlines, indent=0, sort_keys=True) + "\n")
    print(f"{len(outlines['countries'])} countries → {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
