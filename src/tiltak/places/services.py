"""What search and the catalog ask of places: where an entry counts, and which place a draft names.

Search and the catalog call only these functions, never the places tables, so the fuller places model
(locations, reforms, regions) replaces what is behind them without touching either.

- ``ensure_place_areas`` keeps the flattened ``PlaceArea`` rows in step with the places tables, and with
  them every entry's stored location (``EntryArea``, by the one counting rule ``counted_areas``);
  ``update_entry_areas`` stores it for the entries the write funnel changes;
- ``entry_condition`` and ``entry_areas`` answer "which entries lie in today's county, municipality or
  economic region X" from the stored locations; ``location`` gives one entry's, as the export shows it.
- ``todays_areas`` reads a county or municipality filter value of any era (number or name) as today's.
- ``area_names`` names today's counties, municipalities and economic regions.
- ``find_or_create_places`` resolves the places of a draft when the catalog saves it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from django.db import connections, transaction
from django.db.models import F, Q
from django.utils.translation import gettext

from tiltak import stamp
from tiltak.errors import InvalidInput
from tiltak.places import official
from tiltak.places.models import EntryArea, Place, PlaceArea, PlaceAreaState

if TYPE_CHECKING:
    from tiltak.catalog.draft import DraftPlace

AREA_KINDS = ("county", "municipality")

# --- where entries count: places flattened to today's counties and municipalities -----------------

_areas_lock = threading.Lock()


def _places_fingerprint(using: str) -> tuple[str, str | None]:
    """The places tables' fingerprint and the one ``PlaceArea`` was built from, in one query."""
    place = Place._meta.db_table
    successors = Place.successors.through._meta.db_table
    members = Place.members.through._meta.db_table
    state = PlaceAreaState._meta.db_table
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {place}), (SELECT MAX(id) FROM {place}), "
            f"(SELECT COUNT(*) FROM {successors}), (SELECT COUNT(*) FROM {members}), "
            f"(SELECT MAX(fingerprint) FROM {state})"
        )
        n, top, links, member_links, built = cursor.fetchone()
    return f"{n}:{top}:{links}:{member_links}", built


def ensure_place_areas(using: str = "default") -> None:
    """Rebuild ``PlaceArea`` if the places changed since it was built (one cheap query otherwise, and in a
    web request only its first call asks: the request's memo, ``tiltak.stamp.request_memo``)."""
    memo = stamp.request_memo()
    key = ("place_areas", using)
    if memo is not None and key in memo:
        return
    fingerprint, built = _places_fingerprint(using)
    if fingerprint != built:
        with _areas_lock:
            rebuild_place_areas(using, fingerprint)
    if memo is not None:
        memo[key] = True


def rebuild_place_areas(using: str = "default", fingerprint: str | None = None) -> int:
    """Recompute which of today's counties and municipalities every place lies in; returns the row count."""
    from tiltak.places.recognizer import PlaceGraph

    graph = PlaceGraph.from_database(using)
    places = graph.places
    rows: set[tuple[int, str, str]] = set()
    for pk in places:
        for county in graph.current_counties(pk):
            rows.add((pk, "county", places[county].code))
        for code in graph.current_municipalities(pk):
            rows.add((pk, "municipality", code))
    with transaction.atomic(using=using):
        PlaceArea.objects.using(using).all().delete()
        PlaceArea.objects.using(using).bulk_create(
            [PlaceArea(place_id=pk, kind=kind, code=code) for pk, kind, code in sorted(rows) if code],
            batch_size=1000,
        )
        update_entry_areas(None, using)
        PlaceAreaState.objects.using(using).all().delete()
        PlaceAreaState.objects.using(using).create(fingerprint=fingerprint or _places_fingerprint(using)[0])
    return len(rows)


def entry_condition(kind: str, codes: Iterable[str]) -> Q:
    """The ``Entry`` condition "lies in any of today's counties, municipalities or economic regions
    ``codes``": the entries' stored areas (``EntryArea``), so the facet counts and the exports agree."""
    return Q(pk__in=EntryArea.objects.filter(kind=kind, code__in=list(codes)).values("entry_id"))


def counted_areas(rows: Iterable[tuple[int, str, str, str, int | None]]) -> dict[str, list[str]]:
    """The counting rule, for one entry: which of today's municipalities, economic regions and counties it
    counts in, from the areas of its places as (place id, area kind, code, place kind, the place's last
    year).

    An entry lies in today's municipalities of its places (a village in its municipality, a former
    municipality in its successors) and in the economic regions of those; in today's counties of its places.
    The most exact places win: a region lies in its member municipalities and their counties only when the
    entry names none of its members itself (an entry about Holtålen that calls it part of Fjellregionen lies
    in Holtålen, not in all of Fjellregionen); a county that no longer exists counts only when nothing more
    exact is known, and then in each county its municipalities lie in today: "Troms og Finnmark" with
    "Tromsø" counts in Troms, alone in Troms and Finnmark."""
    direct: set[str] = set()
    exact: set[str] = set()
    era: set[str] = set()
    regions: dict[int, tuple[set[str], set[str]]] = {}
    for place_id, kind, code, place_kind, valid_until in rows:
        if place_kind == "region":
            members, counties = regions.setdefault(place_id, (set(), set()))
            (members if kind == "municipality" else counties).add(code)
        elif kind == "municipality":
            direct.add(code)
        elif place_kind == "county" and valid_until is not None:
            era.add(code)
        else:
            exact.add(code)
    municipalities = set(direct)
    for members, counties in regions.values():
        if not members & direct:
            municipalities |= members
            exact |= counties
    region_of = official.data().region_of
    return {
        "municipality": sorted(municipalities),
        "region": sorted({region_of[m] for m in municipalities if m in region_of}),
        "county": sorted(exact or era),
    }


def entry_areas(using: str = "default") -> Iterator[tuple[int, str, str]]:
    """Every (entry id, "county" | "municipality" | "region", code) an entry counts in, once each."""
    rows = EntryArea.objects.using(using).values_list("entry_id", "kind", "code").order_by("entry_id")
    yield from rows.iterator(chunk_size=10000)


def update_entry_areas(entry_ids: Iterable[int] | None, using: str = "default") -> None:
    """Store where the entries lie (every entry when ``entry_ids`` is None), by ``counted_areas`` over their
    places' ``PlaceArea`` rows. The write funnel calls it for the entries it changes; a place the entry
    brought with it gets its areas at the next rebuild, which stores every entry's again."""
    linked = PlaceArea.objects.using(using).filter(place__entry_places__isnull=False)
    stored = EntryArea.objects.using(using).all()
    if entry_ids is not None:
        ids = list(entry_ids)
        linked = linked.filter(place__entry_places__entry_id__in=ids)
        stored = stored.filter(entry_id__in=ids)
    rows = linked.values_list(
        "place__entry_places__entry_id", "place_id", "kind", "code", "place__kind", "place__valid_until"
    ).order_by("place__entry_places__entry_id")
    areas = [
        EntryArea(entry_id=pk, kind=kind, code=code)
        for pk, group in groupby(rows.iterator(chunk_size=10000), key=itemgetter(0))
        for kind, codes in counted_areas(row[1:] for row in group).items()
        for code in codes
    ]
    stored.delete()
    EntryArea.objects.using(using).bulk_create(areas, batch_size=1000)


def location(entry: Any) -> dict[str, Any]:
    """Where the entry lies in today's numbers (the export's and the API's ``location``): the municipalities
    and counties it counts in (``EntryArea``), and the region it names, else the one economic region that all
    of its (two or more) municipalities share, else None. Reads ``entry.areas`` and ``entry.entry_places``
    prefetched (``with_location_relations``)."""
    stored: dict[str, list[str]] = {kind: [] for kind in EntryArea.Kind.values}
    for area in sorted(entry.areas.all(), key=lambda a: a.code):
        stored[area.kind].append(area.code)
    named = [link.place.name for link in entry.entry_places.all() if link.place.kind == "region"]
    region = named[0] if named else None
    if region is None and len(stored["region"]) == 1 and len(stored["municipality"]) > 1:
        region = official.data().regions[stored["region"][0]]["name"]
    return {
        "municipalities": [
            {"code": c, "name": official.municipality_name(c)} for c in stored["municipality"]
        ],
        "counties": [{"code": c, "name": official.county_name(c)} for c in stored["county"]],
        "region": region,
    }


def with_location_relations(queryset: Any) -> Any:
    """The queryset with what ``location`` reads prefetched (one query per relation, not per entry), the
    areas brought up to date first."""
    ensure_place_areas(queryset.db)
    return queryset.prefetch_related("areas", "entry_places__place")


def like_municipalities(numbers: Iterable[str]) -> list[str]:
    """Today's municipalities like any of ``numbers``, the numbers themselves included."""
    return sorted({m for number in numbers for m in official.like_municipalities(number)})


# --- today's counties and municipalities -------------------------------------------------------------


def area_names(using: str = "default") -> dict[tuple[str, str], str]:
    """Today's (kind, number) -> name for every county and municipality."""
    rows = Place.objects.using(using).filter(kind__in=AREA_KINDS, valid_until__isnull=True).exclude(code="")
    names = {(kind, code): name for kind, code, name in rows.values_list("kind", "code", "name")}
    names.update({("region", code): region["name"] for code, region in official.data().regions.items()})
    return names


@dataclass(frozen=True)
class Resolved:
    numbers: tuple[str, ...]  # today's numbers
    note: str = ""  # how a former number or a name was read, for the reader; "" for today's numbers


def todays_areas(kind: str, value: str) -> Resolved | None:
    """Today's county or municipality numbers for a filter value: today's number, a former number (Telemark
    08 -> 40, Lenvik 1931 -> Senja 5530) or a name of any era ("Hordaland", "Bø (Telemark)", an official
    Sami name). None when no county or municipality of any era has that number or name."""
    data = official.data()
    value = value.strip()
    today = data.counties if kind == "county" else data.municipalities
    if value in today:
        return Resolved((value,))
    if value.isdigit():
        numbers = (
            official.todays_counties(value) if kind == "county" else official.todays_municipalities(value)
        )
        former = official.county_name(value) if kind == "county" else official.municipality_name(value)
        return _former(value, former, numbers, today) if numbers else None
    folded = value.casefold()
    named = [
        n
        for n, row in today.items()
        if folded in {row["name"].casefold(), *map(str.casefold, row["parallel_names"])}
    ]
    if named:
        return Resolved(
            tuple(named), "" if len(named) == 1 else f"'{value}' is the name of {len(named)} places."
        )
    formers = (
        data.former_counties if kind == "county" else {n: {"name": m} for n, m in data.former_names.items()}
    )
    for number, row in formers.items():
        if row["name"].casefold() == folded:
            numbers = (
                official.todays_counties(number)
                if kind == "county"
                else official.todays_municipalities(number)
            )
            return _former(number, row["name"], numbers, today) if numbers else None
    return None


def _former(number: str, name: str, numbers: list[str], today: dict[str, dict]) -> Resolved:
    names = ", ".join(f"{today[n]['name']} ({n})" for n in numbers)
    note = gettext("%(name)s (%(number)s) no longer exists; read as today's %(today)s.")
    return Resolved(tuple(numbers), note % {"name": name, "number": number, "today": names})


# --- the places a draft names -------------------------------------------------------------------------


def find_or_create_places(
    draft_places: list[DraftPlace], known: dict[tuple[str, str, str], Place] | None = None
) -> list[Place]:
    """The known place each draft place names (one query for all); an unknown one is added so nothing is lost.

    By number when the draft has one, else by name, preferring today's place over a former one. ``known``
    caches places found before (one import run); only rows that already existed are put in it, so a save
    that rolls back leaves nothing stale behind.
    """
    for draft_place in draft_places:
        if draft_place.kind not in Place.Kind.values:
            raise InvalidInput(
                f"Place '{draft_place.name}' has unknown kind '{draft_place.kind}': "
                f"use {', '.join(Place.Kind.values)}."
            )
    if not draft_places:
        return []
    known = known if known is not None else {}
    keys = [(p.kind, p.name, p.code) for p in draft_places]
    if all(key in known for key in keys):
        return [known[key] for key in keys]
    names = {p.name for p in draft_places}
    codes = {p.code for p in draft_places if p.code}
    candidates = list(
        Place.objects.filter(Q(name__in=names) | Q(code__in=codes)).order_by(
            F("valid_until").asc(nulls_first=True), F("valid_from").desc(nulls_last=True), "pk"
        )
    )
    found = []
    for draft_place in draft_places:
        same_kind = [c for c in candidates if c.kind == draft_place.kind]
        if draft_place.code:
            by_code = [c for c in same_kind if c.code == draft_place.code]
            place = next((c for c in by_code if c.name == draft_place.name), by_code[0] if by_code else None)
        else:
            place = next((c for c in same_kind if c.name == draft_place.name), None)
        if place is None:
            place = Place.objects.create(
                kind=draft_place.kind, name=draft_place.name, code=draft_place.code or ""
            )
            candidates.append(place)
        else:
            known[(draft_place.kind, draft_place.name, draft_place.code)] = place
        found.append(place)
    return found


def county_names(place_ids: Iterable[int]) -> dict[int, list[str]]:
    """Names of today's counties each place lies in: search indexes an entry in Tokke under "Telemark" too.
    Only today's counties: an era county's joined name ("Troms og Finnmark") would make a Troms entry
    match a Finnmark search."""
    ids = sorted(set(place_ids))
    if not ids:
        return {}
    ensure_place_areas()
    names = {code: name for (kind, code), name in area_names().items() if kind == "county"}
    found: dict[int, list[str]] = {}
    rows = PlaceArea.objects.filter(place_id__in=ids, kind="county").order_by("place_id", "code")
    for pk, code in rows.values_list("place_id", "code"):
        if code in names:
            found.setdefault(pk, []).append(names[code])
    return found
