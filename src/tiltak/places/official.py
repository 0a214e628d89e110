"""The official places data shipped in the package (data/official.json, built by
scripts/build_places_data.py from SSB's classifications; see data/ATTRIBUTION.txt).

Answers questions about numbers of any era without the database: today's municipalities of a former
municipality number (the change table replayed forward), today's counties of a former county (the counties
its municipalities lie in today), SSB's economic regions, neighbours (borders that touch), population, and
the municipalities "like" one (``places_like``: same region, a shared border, a similar size and trend).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "official.json"


@dataclass(frozen=True)
class Official:
    municipalities: dict[str, dict]  # today's number -> {name, parallel_names, county}
    counties: dict[str, dict]  # today's county number -> {name, parallel_names}
    former_counties: dict[str, dict]  # number of a county that no longer exists -> its last row
    successors: dict[str, list[str]]  # former municipality number -> today's numbers
    former_names: dict[str, str]  # former municipality number -> its last name
    regions: dict[str, dict]  # economic region code -> {name, county, members}
    region_of: dict[str, str]  # today's municipality number -> economic region code
    neighbours: dict[str, list[str]]
    population: dict[str, dict[str, int]]  # municipality -> year -> people on 1 January


@lru_cache(maxsize=1)
def data() -> Official:
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    municipalities = {m["number"]: m for m in raw["municipalities"]}
    counties: dict[str, dict] = {}
    former: dict[str, dict] = {}
    for county in raw["counties"]:
        (counties if county["valid_to"] is None else former)[county["number"]] = county
    for number in counties:
        former.pop(number, None)  # Nordland and Trøndelag: an older row of a county that exists today
    changes = sorted(raw["municipality_changes"], key=lambda c: c["year"])
    successors: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for change in changes:
        names.setdefault(change["old_number"], change["old_name"])
        names[change["old_number"]] = change["old_name"]
    for number in names:
        if number not in municipalities:
            successors[number] = _replay(number, changes, municipalities)
    regions = {r["code"]: r for r in raw["economic_regions"]}
    region_of = {m: code for code, r in regions.items() for m in r["members"]}
    return Official(
        municipalities=municipalities,
        counties=counties,
        former_counties=former,
        successors=successors,
        former_names={n: names[n] for n in successors},
        regions=regions,
        region_of=region_of,
        neighbours=raw["neighbours"],
        population=raw["population"],
    )


def _replay(number: str, changes: list[dict], today: dict[str, dict]) -> list[str]:
    """Today's municipalities a former number went into: follow its changes forward, year by year."""
    current = {number}
    first = min(c["year"] for c in changes if c["old_number"] == number)
    by_year: dict[int, list[dict]] = defaultdict(list)
    for change in changes:
        if change["year"] >= first:
            by_year[change["year"]].append(change)
    for year in sorted(by_year):
        moved: set[str] = set()
        for change in by_year[year]:
            if change["old_number"] in current:
                moved.add(change["new_number"])
        kept = {n for n in current if all(c["old_number"] != n for c in by_year[year])}
        current = kept | moved
    return sorted(n for n in current if n in today)


def todays_municipalities(number: str) -> list[str]:
    """Today's municipality numbers for a municipality number of any era since 2017 ([] if unknown)."""
    official = data()
    if number in official.municipalities:
        return [number]
    return list(official.successors.get(number, []))


def todays_counties(number: str) -> list[str]:
    """Today's county numbers for a county number of any era: the counties where the municipalities it had
    lie today (Telemark 08 -> 40; Oppland 05 -> Innlandet 34 and, for Jevnaker and Lunner, Akershus 32)."""
    official = data()
    if number in official.counties:
        return [number]
    if number not in official.former_counties:
        return []
    found = {
        official.municipalities[m]["county"]
        for old in official.successors
        if old.startswith(number)
        for m in official.successors[old]
    }
    return sorted(found)


def municipality_name(number: str) -> str:
    official = data()
    if number in official.municipalities:
        return official.municipalities[number]["name"]
    return official.former_names.get(number, number)


def county_name(number: str) -> str:
    official = data()
    row = official.counties.get(number) or official.former_counties.get(number)
    return row["name"] if row else number


SIMILAR_BY_POPULATION = 8  # how many municipalities of the most similar size and trend count as "like"


def places_like(number: str) -> dict[str, list[str]]:
    """Today's municipalities like ``number``, by each reason: the same economic region, a shared border,
    and the SIMILAR_BY_POPULATION most similar in population (latest year) and ten-year change."""
    official = data()
    if number not in official.municipalities:
        return {"region": [], "neighbours": [], "population": []}
    region = official.regions.get(official.region_of.get(number, ""), {}).get("members", [])

    def profile(n: str) -> tuple[float, float] | None:
        series = official.population.get(n, {})
        if not series:
            return None
        latest = max(series, key=int)
        before = str(int(latest) - 10)
        size = math.log10(max(series[latest], 1))
        trend = series[latest] / series[before] - 1 if series.get(before) else 0.0
        return size, trend

    mine = profile(number)
    similar: list[str] = []
    if mine is not None:
        distances = []
        for other in official.municipalities:
            theirs = profile(other)
            if other != number and theirs is not None:
                # a tenfold size difference weighs like a 50-point difference in ten-year change
                distances.append((abs(mine[0] - theirs[0]) + 2 * abs(mine[1] - theirs[1]), other))
        similar = [n for _d, n in sorted(distances)[:SIMILAR_BY_POPULATION]]
    return {
        "region": sorted(m for m in region if m != number),
        "neighbours": list(official.neighbours.get(number, [])),
        "population": similar,
    }


def like_municipalities(number: str) -> list[str]:
    """The municipality itself and every municipality ``places_like`` gives for it."""
    found = places_like(number)
    return sorted({number, *found["region"], *found["neighbours"], *found["population"]})
