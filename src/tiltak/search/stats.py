"""Statistics over a set of entries: counts per concept and county, and activities × target groups.

The statistics page and `/api/v1/statistics` both call ``statistics(entries, lang=...)`` with the
entries of the current search (the query layer's filtered queryset), so the numbers always agree.
Counts are of distinct entries (an item typed twice in one list counts once); unmapped items are not
counted. Every concept of a scheme is listed, with zero when no entry uses it, so tables line up.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, QuerySet

from tiltak.catalog.models import SCHEME_FOR_LIST, Entry, EntryPlace, ListItem
from tiltak.places.models import Place
from tiltak.vocabulary.models import Concept

COUNTED_LISTS = ("activities", "target_groups", "selling_points", "partners")


def statistics(entries: QuerySet[Entry], *, lang: str = "nb") -> dict[str, Any]:
    """Counts for ``entries`` (any filtered queryset); labels in ``lang``."""
    ids = entries.order_by().values("pk")
    counts: dict[str, list[dict[str, Any]]] = {}
    concepts: dict[str, list[Concept]] = {}
    totals: dict[str, dict[int, int]] = {}
    for list_name in COUNTED_LISTS:
        concepts[list_name] = list(
            Concept.objects.filter(scheme__code=SCHEME_FOR_LIST[list_name]).order_by("position", "code")
        )
        per_concept = dict(
            ListItem.objects.filter(entry__in=ids, list_name=list_name, concept__isnull=False)
            .values_list("concept_id")
            .annotate(n=Count("entry_id", distinct=True))
            .order_by()
        )
        totals[list_name] = per_concept
        rows = [_row(c.code, c.label(lang), per_concept.get(c.pk, 0)) for c in concepts[list_name]]
        counts[list_name] = sorted(rows, key=lambda r: -r["count"])  # stable: scheme order among equals
    counts["county"] = county_counts(ids)
    return {
        "total": entries.count(),
        "counts": counts,
        "cross_table": cross_table(
            ids,
            [_row(c.code, c.label(lang), totals["activities"].get(c.pk, 0)) for c in concepts["activities"]],
            [_row(c.code, c.label(lang), totals["target_groups"].get(c.pk, 0)) for c in concepts["target_groups"]],
            [c.pk for c in concepts["activities"]],
            [c.pk for c in concepts["target_groups"]],
        ),
    }


def cross_table(ids, rows: list[dict], columns: list[dict], row_ids: list[int], column_ids: list[int]) -> dict:
    """Entries having activity r and target group c, for every pair (rows × columns, scheme order).

    ``rows``/``columns`` are the count rows of the two schemes (entries per concept, the margins)."""
    pairs = (
        ListItem.objects.filter(
            entry__in=ids,
            list_name="activities",
            concept__isnull=False,
            entry__items__list_name="target_groups",
            entry__items__concept__isnull=False,
        )
        .values_list("concept_id", "entry__items__concept_id")
        .annotate(n=Count("entry_id", distinct=True))
        .order_by()
    )
    found = {(a, t): n for a, t, n in pairs}
    return {
        "rows": rows,
        "columns": columns,
        "cells": [[found.get((r, c), 0) for c in column_ids] for r in row_ids],
    }


def county_counts(ids) -> list[dict[str, Any]]:
    """Entries per today's county: a place counts for the current county it lies in or became."""
    links = EntryPlace.objects.filter(entry__in=ids).values_list("entry_id", "place_id").order_by()
    resolve = _county_resolver()
    entries_per_county: dict[int, set[int]] = defaultdict(set)
    for entry_id, place_id in links:
        for county in resolve(place_id):
            entries_per_county[county].add(entry_id)
    counties = Place.objects.in_bulk(list(entries_per_county))
    rows = [
        _row(counties[pk].code or counties[pk].name, counties[pk].name, len(members))
        for pk, members in entries_per_county.items()
    ]
    return sorted(rows, key=lambda r: (-r["count"], r["label"]))


def _county_resolver():
    """place id -> ids of the current counties it belongs to (memoised over one statistics call)."""
    places = {
        p["pk"]: p for p in Place.objects.values("pk", "kind", "parent_id", "valid_until").order_by()
    }
    successors: dict[int, list[int]] = defaultdict(list)
    for from_id, to_id in Place.successors.through.objects.values_list("from_place_id", "to_place_id"):
        successors[from_id].append(to_id)
    memo: dict[int, frozenset[int]] = {}

    def current_counties(county_id: int, seen: frozenset[int]) -> frozenset[int]:
        place = places.get(county_id)
        if place is None or county_id in seen:
            return frozenset()
        if place["valid_until"] is None or not successors.get(county_id):
            return frozenset({county_id})
        found: frozenset[int] = frozenset()
        for nxt in successors[county_id]:
            found |= current_counties(nxt, seen | {county_id})
        return found

    def resolve(place_id: int, depth: int = 0) -> frozenset[int]:
        if place_id in memo:
            return memo[place_id]
        place = places.get(place_id)
        result: frozenset[int] = frozenset()
        if place is not None and depth < 5:
            if place["kind"] == Place.Kind.COUNTY:
                result = current_counties(place_id, frozenset())
            elif place["parent_id"] is not None:
                result = resolve(place["parent_id"], depth + 1)
        memo[place_id] = result
        return result

    return resolve


def _row(value: str, label: str, count: int) -> dict[str, Any]:
    return {"value": value, "label": label, "count": count}
