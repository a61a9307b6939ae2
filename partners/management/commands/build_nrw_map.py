"""Turn the shipped outline of NRW's Regierungsbezirke into the map's SVG geometry.

Run once whenever the outline changes; the result (partners/data/nrw_map.json) is committed
and read by partners.nrwmap at start-up, so no request ever projects or simplifies anything.
The source and its licence are described in partners/data/README.md.
"""

import json
import math
from pathlib import Path

from django.core.management.base import BaseCommand

DATA = Path(__file__).resolve().parents[2] / "data"
SOURCE = DATA / "regierungsbezirke_nrw.geojson"
TARGET = DATA / "nrw_map.json"

# The source's Amtlicher Regionalschlüssel of each Regierungsbezirk -> partners.Region code.
REGION_CODES = {
    "051": "duesseldorf",
    "053": "koeln",
    "055": "muenster",
    "057": "detmold",
    "059": "arnsberg",
}
WIDTH = 600  # SVG user units; the height follows from the projection
MARGIN = 8
TOLERANCE = 1.5  # simplification, in SVG user units


def project(points, reference_latitude):
    """An equirectangular projection true to scale at NRW's middle latitude: over a region
    of two degrees of latitude the distortion stays far below what a drawing can show."""
    factor = math.cos(math.radians(reference_latitude))
    return [(lon * factor, -lat) for lon, lat in points]


def simplify(points, tolerance):
    """Douglas–Peucker on an open chain; the end points are kept."""
    if len(points) < 3:
        return list(points)
    (x1, y1), (x2, y2) = points[0], points[-1]
    length = math.hypot(x2 - x1, y2 - y1)
    farthest, distance = 0, -1.0
    for index in range(1, len(points) - 1):
        x, y = points[index]
        if length:
            d = abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / length
        else:
            d = math.hypot(x - x1, y - y1)
        if d > distance:
            farthest, distance = index, d
    if distance <= tolerance:
        return [points[0], points[-1]]
    left = simplify(points[: farthest + 1], tolerance)
    return left[:-1] + simplify(points[farthest:], tolerance)


def simplify_shared(rings, tolerance):
    """Simplify rings that share borders so that a shared border stays one line: each ring
    is cut at the points where the set of rings it borders changes, and each piece is
    simplified in one canonical direction, so neighbours get the very same points."""
    owners = {}
    for ring_index, ring in enumerate(rings):
        for point in ring:
            owners.setdefault(point, set()).add(ring_index)
    result = []
    for ring in rings:
        ring = ring[:-1] if ring[0] == ring[-1] else ring
        count = len(ring)
        cuts = [
            index
            for index in range(count)
            if owners[ring[index]] != owners[ring[index - 1]]
            or owners[ring[index]] != owners[ring[(index + 1) % count]]
        ] or [0]
        simplified = []
        for number, start in enumerate(cuts):
            end = cuts[(number + 1) % len(cuts)]
            chain = [
                ring[(start + step) % count] for step in range((end - start) % count or count)
            ]
            chain.append(ring[end % count])
            if chain[0] > chain[-1]:
                chain = simplify(chain[::-1], tolerance)[::-1]
            else:
                chain = simplify(chain, tolerance)
            simplified.extend(chain[:-1])
        result.append(simplified)
    return result


def without_repeats(ring):
    """Rounding to whole units makes neighbouring points equal; keep one of each run."""
    return [point for index, point in enumerate(ring) if index == 0 or point != ring[index - 1]]


def centroid(ring):
    """The area centroid of a closed ring, where a region's label goes."""
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return cx / (3 * area), cy / (3 * area)


def path_data(ring):
    return "M" + "L".join(f"{x:g} {y:g}" for x, y in ring) + "Z"


class Command(BaseCommand):
    help = "Erzeugt partners/data/nrw_map.json (SVG-Pfade der Regierungsbezirke) aus dem Umriss."

    def handle(self, *args, **options):
        source = json.loads(SOURCE.read_text(encoding="utf-8"))
        features = sorted(source["features"], key=lambda f: REGION_CODES[f["properties"]["ARS"]])
        outer_rings = []
        for feature in features:
            geometry = feature["geometry"]
            polygons = (
                geometry["coordinates"]
                if geometry["type"] == "MultiPolygon"
                else [geometry["coordinates"]]
            )
            # The largest part's outline: Regierungsbezirke have no holes or islands at this
            # scale, and the map does not pretend to more detail than that.
            outer_rings.append(max((polygon[0] for polygon in polygons), key=len))

        latitudes = [lat for ring in outer_rings for _, lat in ring]
        middle = (min(latitudes) + max(latitudes)) / 2
        projected = [project(ring, middle) for ring in outer_rings]
        xs = [x for ring in projected for x, _ in ring]
        ys = [y for ring in projected for _, y in ring]
        scale = (WIDTH - 2 * MARGIN) / (max(xs) - min(xs))
        height = round((max(ys) - min(ys)) * scale + 2 * MARGIN)
        scaled = [
            without_repeats(
                [
                    (round((x - min(xs)) * scale + MARGIN), round((y - min(ys)) * scale + MARGIN))
                    for x, y in ring
                ]
            )
            for ring in projected
        ]
        regions = {}
        for feature, ring in zip(features, simplify_shared(scaled, TOLERANCE), strict=True):
            label_x, label_y = centroid(ring)
            regions[REGION_CODES[feature["properties"]["ARS"]]] = {
                "path": path_data(ring),
                "label": [round(label_x), round(label_y)],
            }
        result = {
            "source": source["source"],
            "license": source["license"],
            "attribution": source["attribution"],
            "width": WIDTH,
            "height": height,
            "regions": regions,
        }
        TARGET.write_text(
            json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        points = sum(region["path"].count("L") + 1 for region in regions.values())
        self.stdout.write(f"{TARGET.name}: {len(regions)} Regierungsbezirke, {points} Punkte.")
