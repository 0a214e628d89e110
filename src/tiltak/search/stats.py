"""Statistics over a set of entries: counts per concept and county, and activities × target groups.

The statistics page and `/api/v1/statistics` both call ``statistics(entries, lang=...)`` with the
entries of the current search (the query layer's filtered queryset), so the numbers always agree.
Counts are of distinct entries (an item typed twice in one list counts once); unmapped items are not
counted. Every concept of a scheme is listed, with zero when no entry uses it, so tables line up.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from tiltak.catalog.models import SCHEME_FOR_LIST, Entry, ListItem
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
            ListItem.objects.filter(entry__in=ids, list_name=list_name, concept__isnull=False, repeat=False)
            .values_list("concept_id")
            .annotate(n=Count("entry_id", distinct=True))
            .order_by()
        )
        totals[list_name] = per_concept
        rows = [_row(c.code, c.label(lang), per_concept.get(c.pk, 0)) for c in concepts[list_name]]
        counts[list_name] = sorted(rows, key=lambda r: -r["count"])  # stable: scheme order among equals
    counts["county"] = county_counts(entries)
    return {
        "total": entries.count(),
        "counts": counts,
        "cross_table": cross_table(
            ids,
            [_row(c.code, c.label(lang), totals["activities"].get(c.pk, 0)) for c in concepts["activities"]],
            [
                _row(c.code, c.label(lang), totals["target_groups"].get(c.pk, 0))
                for c in concepts["target_groups"]
            ],
            [c.pk for c in concepts["activities"]],
            [c.pk for c in concepts["target_groups"]],
        ),
    }


def cross_table(
    ids, rows: list[dict], columns: list[dict], row_ids: list[int], column_ids: list[int]
) -> dict:
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


def county_counts(entries: QuerySet[Entry]) -> list[dict[str, Any]]:
    """Entries per today's county, counted exactly as the search page's county facet counts them."""
    from django.db.models import Count

    from tiltak.search.facets import ensure_place_areas
    from tiltak.search.models import PlaceArea

    ensure_place_areas()
    # The county facet counts an entry under every today's county one of its places lies in (PlaceArea).
    counted = (
        PlaceArea.objects.filter(kind=PlaceArea.Kind.COUNTY, place__entry_places__entry__in=entries)
        .values("code")
        .annotate(n=Count("place__entry_places__entry", distinct=True))
        .order_by("-n", "code")
    )
    rows = [(row["code"], row["n"]) for row in counted]
    names = dict(
        Place.objects.filter(kind=Place.Kind.COUNTY, valid_until__isnull=True, code__in=[c for c, _ in rows])
        .values_list("code", "name")
        .order_by()
    )
    return [_row(code, names.get(code, code), n) for code, n in rows]


def _row(value: str, label: str, count: int) -> dict[str, Any]:
    return {"value": value, "label": label, "count": count}
