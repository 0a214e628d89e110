"""Population around an initiative: Statistics Norway's population on 1 January 2006-2026 (2024 borders) of
the entry's municipalities, their county and the country, from a few years before the entry's period to a
few after, indexed to the period's first year. It shows what happened around the initiative, not what the
initiative caused (the data hold no births, deaths or migration).

Data: ``data/population.csv``, built by ``scripts/build-population-data``; attribution in
``data/ATTRIBUTION.txt`` ("Kilde: Statistisk sentralbyrå (SSB)").
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "population.csv"
ATTRIBUTION = "Kilde: Statistisk sentralbyrå (SSB), https://www.ssb.no"
# Years shown before the period's start and after its end.
MARGIN = 3


@dataclass(frozen=True)
class Area:
    kind: str
    number: str
    name: str
    population: dict[int, int]
    estimated: frozenset[int]


@dataclass(frozen=True)
class Series:
    key: str  # "place", "county", "country"
    name: str
    values: tuple[int | None, ...]
    indexed: tuple[float | None, ...]
    estimated: bool


@dataclass(frozen=True)
class Trend:
    years: tuple[int, ...]
    base_year: int
    period: tuple[int, int] | None
    series: tuple[Series, ...]

    def change(self, key: str) -> float | None:
        """Change in percent from the base year to the last year shown, for one series."""
        series = next((s for s in self.series if s.key == key), None)
        if series is None or series.indexed[-1] is None:
            return None
        return round(series.indexed[-1] - 100, 1)


@lru_cache(maxsize=1)
def areas() -> dict[tuple[str, str], Area]:
    out: dict[tuple[str, str], Area] = {}
    with DATA_FILE.open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        years = [int(y) for y in header[3:-1]]
        for row in reader:
            kind, number, name = row[:3]
            population = {year: int(v) for year, v in zip(years, row[3:-1], strict=True) if v}
            estimated = frozenset(int(y) for y in row[-1].split("|") if y)
            out[(kind, number)] = Area(kind, number, name, population, estimated)
    return out


def first_and_last_year() -> tuple[int, int]:
    years = areas()[("country", "00")].population
    return min(years), max(years)


def trend(municipalities: list[str], period_start: int | None, period_end: int | None) -> Trend | None:
    """The trend for today's municipality numbers ``municipalities`` (None when none is in the data)."""
    known = [
        areas()[("municipality", code)]
        for code in sorted(set(municipalities))
        if ("municipality", code) in areas()
    ]
    if not known:
        return None
    first, last = first_and_last_year()
    period = None
    if period_start or period_end:
        start = period_start or period_end
        end = period_end or period_start
        assert start is not None and end is not None
        start, end = min(start, end), max(start, end)
        period = (start, end)
        shown = (max(first, start - MARGIN), min(last, end + MARGIN))
        if shown[0] > shown[1]:  # the period lies wholly outside the data: show all of it, unshaded
            shown, period = (first, last), None
    else:
        shown = (first, last)
    years = tuple(range(shown[0], shown[1] + 1))
    base_year = period[0] if period and shown[0] <= period[0] <= shown[1] else years[0]
    counties = sorted({area.number[:2] for area in known})
    groups = [
        ("place", " + ".join(a.name for a in known), known),
        ("county", " + ".join(areas()[("county", c)].name for c in counties if ("county", c) in areas()),
         [areas()[("county", c)] for c in counties if ("county", c) in areas()]),
        ("country", "Norge", [areas()[("country", "00")]]),
    ]  # fmt: skip
    series = []
    for key, name, members in groups:
        if not members:
            continue
        values = tuple(_sum(members, year) for year in years)
        base = _sum(members, base_year)
        indexed = tuple(round(100 * v / base, 1) if v is not None and base else None for v in values)
        estimated = any(year in m.estimated for m in members for year in years)
        series.append(Series(key, name, values, indexed, estimated))
    return Trend(years, base_year, period, tuple(series))


def _sum(members: list[Area], year: int) -> int | None:
    counts = [m.population.get(year) for m in members]
    return None if any(c is None for c in counts) else sum(c for c in counts if c is not None)


def entry_municipalities(entry_id: int) -> list[str]:
    """Today's municipality numbers of the places an entry names (regions count as their members)."""
    from tiltak.places.models import PlaceArea
    from tiltak.places.services import ensure_place_areas

    ensure_place_areas()
    rows = PlaceArea.objects.filter(kind="municipality", place__entry_places__entry_id=entry_id)
    return sorted(set(rows.values_list("code", flat=True)))


# --- the chart ------------------------------------------------------------------------------------------

WIDTH, HEIGHT, PAD_X, PAD_Y = 360, 140, 36, 14
# Told apart by dash pattern as well as colour, so the lines read without colour too.
STYLES = {"place": "", "county": "6 3", "country": "2 3"}


def svg_lines(t: Trend) -> dict:
    """Coordinates for the template's SVG: one polyline per series, the shaded period, axis labels."""
    values = [v for s in t.series for v in s.indexed if v is not None]
    low, high = min(values + [100.0]), max(values + [100.0])
    if high - low < 2:
        low, high = low - 1, high + 1
    span = len(t.years) - 1 or 1

    def x(year: int) -> float:
        return round(PAD_X + (WIDTH - 2 * PAD_X) * (year - t.years[0]) / span, 1)

    def y(value: float) -> float:
        return round(HEIGHT - PAD_Y - (HEIGHT - 2 * PAD_Y) * (value - low) / (high - low), 1)

    lines = [
        {
            "key": s.key,
            "name": s.name,
            "dash": STYLES[s.key],
            "points": " ".join(
                f"{x(year)},{y(v)}" for year, v in zip(t.years, s.indexed, strict=True) if v is not None
            ),
        }
        for s in t.series
    ]
    shade = None
    if t.period:
        start, end = max(t.period[0], t.years[0]), min(t.period[1], t.years[-1])
        shade = {"x": x(start), "width": max(x(end) - x(start), 2.0)}
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "lines": lines,
        "shade": shade,
        "base_y": y(100.0),
        "left": PAD_X,
        "right": WIDTH - PAD_X,
        "first": {"x": x(t.years[0]), "label": t.years[0]},
        "last": {"x": x(t.years[-1]), "label": t.years[-1]},
        "low": {"y": y(low), "label": f"{low:.0f}"},
        "high": {"y": y(high), "label": f"{high:.0f}"},
    }
