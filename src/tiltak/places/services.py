"""What search and the catalog ask of places: where an entry counts, and which place a draft names.

Search and the catalog call only these functions, never the places tables, so the fuller places model
(locations, reforms, regions) replaces what is behind them without touching either.

- ``ensure_place_areas`` keeps the flattened ``PlaceArea`` rows in step with the places tables;
  ``entries_in`` and ``entry_areas`` answer "which entries lie in today's county/municipality X" from them.
- ``area_names`` names today's counties and municipalities; ``current_code`` finds one by name and
  ``unknown_current_codes`` says which numbers are not today's.
- ``find_or_create_places`` resolves the places of a draft when the catalog saves it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from django.db import connections, transaction
from django.db.models import F, Q, QuerySet

from tiltak.errors import InvalidInput
from tiltak.places.models import Place, PlaceArea, PlaceAreaState

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
    """Rebuild ``PlaceArea`` if the places changed since it was built (one cheap query otherwise)."""
    fingerprint, built = _places_fingerprint(using)
    if fingerprint == built:
        return
    with _areas_lock:
        rebuild_place_areas(using, fingerprint)


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
        PlaceAreaState.objects.using(using).all().delete()
        PlaceAreaState.objects.using(using).create(fingerprint=fingerprint or _places_fingerprint(using)[0])
    return len(rows)


def entries_in(kind: str, codes: Iterable[str]) -> QuerySet:
    """Ids of the entries lying in any of today's counties or municipalities ``codes`` (a subquery)."""
    from tiltak.catalog.models import EntryPlace

    places = PlaceArea.objects.filter(kind=kind, code__in=list(codes)).values("place_id")
    return EntryPlace.objects.filter(place_id__in=places).values("entry_id")


def entry_areas(using: str = "default") -> Iterator[tuple[int, str, str]]:
    """Every (entry id, "county" | "municipality", today's number) an entry counts in (with repeats)."""
    areas = PlaceArea.objects.using(using).filter(place__entry_places__isnull=False)
    yield from areas.values_list("place__entry_places__entry_id", "kind", "code").iterator(chunk_size=10000)


# --- today's counties and municipalities -------------------------------------------------------------


def area_names(using: str = "default") -> dict[tuple[str, str], str]:
    """Today's (kind, number) -> name for every county and municipality."""
    rows = Place.objects.using(using).filter(kind__in=AREA_KINDS, valid_until__isnull=True).exclude(code="")
    return {(kind, code): name for kind, code, name in rows.values_list("kind", "code", "name")}


def current_code(kinds: Iterable[str], name: str) -> tuple[str, str] | None:
    """(kind, number) of today's place of the first of ``kinds`` called ``name`` (any case), or None."""
    kinds = list(kinds)
    found = Place.objects.filter(kind__in=kinds, name__iexact=name, valid_until__isnull=True).exclude(code="")
    for kind in kinds:
        for place in found:
            if place.kind == kind:
                return kind, place.code
    return None


def unknown_current_codes(kind: str, codes: Iterable[str]) -> list[str]:
    """The numbers among ``codes`` that no today's place of ``kind`` has, in the given order."""
    codes = list(codes)
    known = set(
        Place.objects.filter(kind=kind, code__in=codes, valid_until__isnull=True).values_list(
            "code", flat=True
        )
    )
    return [code for code in codes if code not in known]


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
