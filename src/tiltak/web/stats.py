"""Counts for the statistics page, all over the current search's filters (the same query code path)."""

from __future__ import annotations

from django.db.models import Count

from tiltak.catalog.models import ListItem
from tiltak.search.query import SearchQuery, filtered_entries, run_search, value_labels

TABLE_KEYS = ("activities", "target_groups", "selling_points", "partners", "county")
HEAT_ROWS = 15
HEAT_COLUMNS = 10


def tables(query: SearchQuery) -> list[dict]:
    """One table per facet: every value with its count. Counts here are of the filtered entries."""
    full = SearchQuery(q=query.q, filters=query.filters, show=TABLE_KEYS)
    result = run_search(full, page_size=1, facet_keys=TABLE_KEYS)
    out = []
    for facet in result.facets:
        values = [
            {"value": v.value, "label": v.label, "count": v.count, "query": v.query}
            for v in facet.values
            if v.count
        ]
        # A selected facet counts disjunctively in search; here show the filtered entries only.
        if query.filters.get(facet.key):
            selected = set(query.filters[facet.key])
            values = [v for v in values if v["value"] in selected]
        out.append({"key": facet.key, "label": facet.label, "values": values, "total": result.total})
    return out


def heat_map(query: SearchQuery) -> dict:
    """Activities x target groups: how many of the filtered entries have both."""
    ids = filtered_entries(query).values("pk")
    pairs = (
        ListItem.objects.filter(
            list_name="activities",
            entry_id__in=ids,
            concept__isnull=False,
            repeat=False,
            entry__items__list_name="target_groups",
            entry__items__concept__isnull=False,
            entry__items__repeat=False,
        )
        .values_list("concept__code", "entry__items__concept__code")
        .annotate(n=Count("entry_id", distinct=True))
        .order_by()
    )
    counts: dict[tuple[str, str], int] = {}
    row_total: dict[str, int] = {}
    col_total: dict[str, int] = {}
    for activity, group, n in pairs:
        counts[(activity, group)] = n
        row_total[activity] = row_total.get(activity, 0) + n
        col_total[group] = col_total.get(group, 0) + n
    rows = sorted(row_total, key=lambda k: (-row_total[k], k))[:HEAT_ROWS]
    cols = sorted(col_total, key=lambda k: (-col_total[k], k))[:HEAT_COLUMNS]
    labels = value_labels({"activities": rows, "target_groups": cols})
    top = max(counts.values(), default=0)
    return {
        "max": top,
        "columns": [{"value": c, "label": labels.get(("target_groups", c), c)} for c in cols],
        "rows": [
            {
                "value": r,
                "label": labels.get(("activities", r), r),
                "cells": [
                    {
                        "count": counts.get((r, c), 0),
                        "column": labels.get(("target_groups", c), c),
                        "query": query.toggled("activities", r).toggled("target_groups", c).query_string(),
                    }
                    for c in cols
                ],
            }
            for r in rows
        ],
    }
