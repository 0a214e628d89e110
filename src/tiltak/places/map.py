"""A map of Norway's counties as inline SVG, drawn on the server from the shipped 2024 borders
(data/map.json, built by scripts/build_places_data.py; © Kartverket). No tiles, no script: each county is a
link that filters the search on it, with its name and count as a title; the page's table has the figures."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from tiltak.places import official

MAP_FILE = Path(__file__).resolve().parent / "data" / "map.json"
SHADES = ("#f1f5f9", "#cfe3f5", "#9cc6ea", "#5a9fd6", "#1f6fb2", "#0b4a80")  # none, then five steps


@lru_cache(maxsize=1)
def _shapes() -> dict:
    return json.loads(MAP_FILE.read_text(encoding="utf-8"))


def shade(count: int, most: int) -> str:
    if count <= 0 or most <= 0:
        return SHADES[0]
    return SHADES[1 + min(len(SHADES) - 2, (count * (len(SHADES) - 1) - 1) // most)]


def county_map(counts: dict[str, int], href: dict[str, str], label: str) -> SafeString:
    """The counties shaded by ``counts`` (county number -> entries), each linking to ``href[number]``."""
    shapes = _shapes()
    most = max(counts.values(), default=0)
    areas = format_html_join(
        "",
        '<a href="{}"><path d="{}" fill="{}" stroke="#334155" stroke-width="1"><title>{}: {}</title></path></a>',
        (
            (
                href.get(number, "#"),
                path,
                shade(counts.get(number, 0), most),
                official.county_name(number),
                counts.get(number, 0),
            )
            for number, path in sorted(shapes["counties"].items())
        ),
    )
    # A group, not an image: its counties are links (axe: no interactive content inside role=img).
    return format_html(
        '<svg class="place-map" viewBox="0 0 {} {}" role="group" aria-label="{}" width="100%" '
        'style="max-width:22rem;height:auto">{}</svg>',
        shapes["width"],
        shapes["height"],
        label,
        areas,
    )
