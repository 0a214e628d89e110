"""Entries per concept, per county, and activities × target groups, for any search: the statistics page,
its CSV and JSON, and `/api/v1/statistics` all read ``count_entries``.

Counts are of distinct entries among the search's entries (an item typed twice in one list counts once;
unmapped items are not counted), taken from the same facet index the search page counts with, so a
number here is the number the search page shows. Every concept of a scheme and every today's county is
listed, with zero when no entry has it, so tables line up between searches. One entry counts in every
county it lies in, so county counts can add up to more than the total.
"""

from __future__ import annotations

from dataclasses import dataclass

from tiltak.catalog.visibility import Scope
from tiltak.search.facets import FACET_BY_KEY
from tiltak.search.query import SearchQuery, select

COUNTED = ("activities", "target_groups", "selling_points", "partners", "county")
CROSS = ("activities", "target_groups")  # rows × columns of the cross-table


@dataclass
class Counts:
    query: SearchQuery
    total: int
    tables: dict[str, list[tuple[str, int]]]  # facet key -> (value, entries), most entries first
    cross_rows: list[str]  # activity codes, scheme order
    cross_columns: list[str]  # target group codes, scheme order
    cells: list[list[int]]  # entries with row r and column c


def count_entries(query: SearchQuery, *, scope: Scope = Scope.PUBLIC) -> Counts:
    selection = select(query, scope=scope)
    index, bits = selection.index, selection.bits
    tables: dict[str, list[tuple[str, int]]] = {}
    values_for = _all_values(index)
    for key in COUNTED:
        found = index.bits.get(key, {})
        rows = [(value, (found.get(value, 0) & bits).bit_count()) for value in values_for[key]]
        tables[key] = sorted(rows, key=lambda r: -r[1])  # stable: scheme (or code) order among equals
    rows_key, columns_key = CROSS
    row_values, column_values = values_for[rows_key], values_for[columns_key]
    row_bits = [index.bits.get(rows_key, {}).get(v, 0) & bits for v in row_values]
    column_bits = [index.bits.get(columns_key, {}).get(v, 0) for v in column_values]
    cells = [[(r & c).bit_count() for c in column_bits] for r in row_bits]
    return Counts(
        query=query,
        total=selection.total,
        tables=tables,
        cross_rows=row_values,
        cross_columns=column_values,
        cells=cells,
    )


def _all_values(index) -> dict[str, list[str]]:
    """Every value each counted facet can take: the scheme's concepts in their order, today's counties."""
    from tiltak.vocabulary.models import Concept

    schemes = {FACET_BY_KEY[key].scheme: key for key in COUNTED if FACET_BY_KEY[key].kind == "list"}
    out: dict[str, list[str]] = {key: [] for key in COUNTED}
    rows = Concept.objects.filter(scheme__code__in=schemes).order_by("position", "code")
    for scheme, code in rows.values_list("scheme__code", "code"):
        out[schemes[scheme]].append(code)
    out["county"] = sorted(code for kind, code in index.place_names if kind == "county")
    return out
