#!/usr/bin/env python3
"""Builds the shipped official places data from the checked sources in ../shared/data.

    python scripts/build_places_data.py [--source ../shared/data]

Writes into src/tiltak/places/data/:
- official.json: today's municipalities (with official Sami/Kven names) and counties, every county through
  the 2018, 2020 and 2024 reforms, every municipality change 2017-2024, SSB's economic regions, population
  1 January 2006-2026 per municipality, and which municipalities share a border (from the 2024 geometry);
- map.json: the 2024 borders of municipalities and counties as SVG path data, simplified for a small map;
- ATTRIBUTION.txt: the sources' notices (SSB, © Kartverket, csdata), copied as they are.

Nothing here is written by hand: run it again when the sources change. The package works without
../shared; tests compare the shipped files with the sources when they are there.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import shutil
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "src" / "tiltak" / "places" / "data"

# The map: an equirectangular projection with longitudes shortened at Norway's middle latitude, in a box
# MAP_HEIGHT units high; rings simplified to TOLERANCE units (Douglas-Peucker) and specks dropped.
MAP_HEIGHT = 1000
MID_LATITUDE = 65.0
TOLERANCE = 1.2
MIN_RING_AREA = 6.0


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def split(cell: str) -> list[str]:
    return [part for part in cell.split("|") if part]


def year(date: str) -> int | None:
    return int(date[:4]) if date else None


def build_official(source: Path) -> dict:
    places = source / "places"
    municipalities = [
        {
            "number": row["number"],
            "name": row["name"],
            "parallel_names": split(row["parallel_names"]),
            "county": row["county_number"],
        }
        for row in read_csv(places / "municipalities-2024.csv")
    ]
    counties = [
        {
            "number": row["number"],
            "name": row["name"],
            "parallel_names": split(row["parallel_names"]),
            "valid_from": year(row["valid_from"]),
            "valid_to": year(row["valid_to"]),
            "predecessors": split(row["predecessor_numbers"]),
            "successors": split(row["successor_numbers"]),
        }
        for row in read_csv(places / "counties.csv")
    ]
    changes = [
        {
            "year": year(row["date"]),
            "old_number": row["old_number"],
            "old_name": row["old_name"],
            "new_number": row["new_number"],
            "new_name": row["new_name"],
            "type": row["change_type"],
        }
        for row in read_csv(places / "municipality-changes.csv")
    ]
    regions = [
        {
            "code": row["region_code"],
            "name": row["region_name"],
            "county": row["county_number"],
            "members": split(row["member_numbers"]),
        }
        for row in read_csv(places / "economic-regions-2024.csv")
    ]
    population: dict[str, dict[str, int]] = defaultdict(dict)
    for row in read_csv(source / "population" / "population-by-municipality.csv"):
        population[row["number"]][row["year"]] = int(row["population"])
    return {
        "about": "Built by scripts/build_places_data.py from SSB and Kartverket data; see ATTRIBUTION.txt.",
        "municipalities": municipalities,
        "counties": counties,
        "municipality_changes": changes,
        "economic_regions": regions,
        "population": {number: population[number] for number in sorted(population)},
        "neighbours": neighbours(places / "geometry" / "municipalities-2024.geojson"),
    }


def rings_of(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def neighbours(path: Path) -> dict[str, list[str]]:
    """Municipalities whose borders share at least one segment (the simplified borders coincide)."""
    owners: dict[tuple, set[str]] = defaultdict(set)
    for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
        number = feature["properties"]["number"]
        for ring in rings_of(feature["geometry"]):
            points = [tuple(p) for p in ring]
            for a, b in zip(points, points[1:], strict=False):
                owners[(a, b) if a <= b else (b, a)].add(number)
    out: dict[str, set[str]] = defaultdict(set)
    for numbers in owners.values():
        for number in numbers:
            out[number] |= numbers - {number}
    return {number: sorted(out[number]) for number in sorted(out)}


def project(lon: float, lat: float, box: tuple[float, float, float, float]) -> tuple[float, float]:
    west, south, east, north = box
    scale = MAP_HEIGHT / (north - south)
    x = (lon - west) * math.cos(math.radians(MID_LATITUDE)) * scale
    y = (north - lat) * scale
    return x, y


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iteratively (rings have thousands of points)."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy) or 1e-9
        best, index = 0.0, -1
        for i in range(first + 1, last):
            x, y = points[i]
            # distance to the chord; to its first point when the chord is a point (a closed ring)
            d = abs(dy * (x - x1) - dx * (y - y1)) / length if dx or dy else math.hypot(x - x1, y - y1)
            if d > best:
                best, index = d, i
        if best > tolerance and index > 0:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def area(points: list[tuple[float, float]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False))) / 2


def path_data(geometry: dict, box: tuple[float, float, float, float]) -> str:
    parts = []
    for ring in rings_of(geometry):
        points = simplify([project(lon, lat, box) for lon, lat in ring], TOLERANCE)
        if len(points) < 4 or area(points) < MIN_RING_AREA:
            continue
        coords = [f"{x:.0f} {y:.0f}" for x, y in points[:-1]]
        deduplicated = [c for i, c in enumerate(coords) if i == 0 or c != coords[i - 1]]
        if len(deduplicated) >= 3:
            parts.append("M" + "L".join(deduplicated) + "Z")
    return "".join(parts)


def build_map(source: Path) -> dict:
    geometry = source / "places" / "geometry"
    municipalities = json.loads((geometry / "municipalities-2024.geojson").read_text(encoding="utf-8"))
    counties = json.loads((geometry / "counties-2024.geojson").read_text(encoding="utf-8"))
    lons, lats = [], []
    for feature in counties["features"]:
        for ring in rings_of(feature["geometry"]):
            lons += [p[0] for p in ring]
            lats += [p[1] for p in ring]
    box = (min(lons), min(lats), max(lons), max(lats))
    width, _ = project(box[2], box[1], box)

    def number(feature: dict) -> str:
        props = feature["properties"]
        return props.get("number") or props.get("county_number")

    return {
        "about": "2024 borders, simplified (© Kartverket, CC BY 4.0); built by scripts/build_places_data.py.",
        "width": round(width),
        "height": MAP_HEIGHT,
        "counties": {number(f): path_data(f["geometry"], box) for f in counties["features"]},
        "municipalities": {number(f): path_data(f["geometry"], box) for f in municipalities["features"]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=REPO.parent / "shared" / "data")
    args = parser.parse_args()
    if not (args.source / "places" / "municipalities-2024.csv").is_file():
        raise SystemExit(
            f"No places data in {args.source}: give --source the folder with places/ and population/."
        )
    official = build_official(args.source)
    (OUT / "official.json").write_text(
        json.dumps(official, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n",
        encoding="utf-8",
    )
    (OUT / "map.json").write_text(
        json.dumps(build_map(args.source), ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    shutil.copyfile(args.source / "ATTRIBUTION.txt", OUT / "ATTRIBUTION.txt")
    print(f"Wrote {OUT / 'official.json'}, {OUT / 'map.json'} and {OUT / 'ATTRIBUTION.txt'}.")


if __name__ == "__main__":
    main()
