"""Entry counts as a reader sees them: labelled tables with links to the search they count, the
cross-table, their JSON (the statistics page's and `/api/v1/statistics`'s) and their CSV rows."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tiltak.counts.entries import COUNTED, CROSS, Counts
from tiltak.presenter.labels import value_labels
from tiltak.search.facets import FACET_BY_KEY


def _labels(counts: Counts) -> dict[tuple[str, str], str]:
    return value_labels({key: [v for v, _n in rows] for key, rows in counts.tables.items()})


def statistics_dict(counts: Counts) -> dict[str, Any]:
    labels = _labels(counts)

    def row(key: str, value: str, n: int) -> dict[str, Any]:
        return {"value": value, "label": labels.get((key, value), value), "count": n}

    margins = {key: dict(counts.tables[key]) for key in CROSS}
    rows_key, columns_key = CROSS
    return {
        "total": counts.total,
        "counts": {key: [row(key, v, n) for v, n in counts.tables[key]] for key in COUNTED},
        "cross_table": {
            "rows": [row(rows_key, v, margins[rows_key][v]) for v in counts.cross_rows],
            "columns": [row(columns_key, v, margins[columns_key][v]) for v in counts.cross_columns],
            "cells": counts.cells,
        },
    }


def statistics_tables(counts: Counts) -> list[dict[str, Any]]:
    """One table per counted facet, the values that have entries, each linking to its search."""
    labels = _labels(counts)
    query = counts.query
    out = []
    for key in COUNTED:
        values = [
            {
                "value": value,
                "label": labels.get((key, value), value),
                "count": n,
                "query": query.narrowed(key, value).query_string(page=False),
            }
            for value, n in counts.tables[key]
            if n or key == "county"  # every county is listed, those without entries too
        ]
        note = ""
        counted = sum(n for _value, n in counts.tables[key])
        if key == "county" and counted > counts.total:
            note = _(
                "An entry that lies in several counties counts in each of them: these counts add up to "
                "%(counted)s for %(total)s entries."
            ) % {"counted": counted, "total": counts.total}
        out.append(
            {
                "key": key,
                "label": str(FACET_BY_KEY[key].label),
                "values": values,
                "total": counts.total,
                "note": note,
            }
        )
    return out


def cross_table(counts: Counts) -> dict[str, Any]:
    """The activities × target groups table for the page: rows and columns that have any entries."""
    labels = _labels(counts)
    rows_key, columns_key = CROSS
    used_rows = [i for i, cells in enumerate(counts.cells) if any(cells)]
    used_columns = [j for j in range(len(counts.cross_columns)) if any(cells[j] for cells in counts.cells)]
    query = counts.query
    columns = [counts.cross_columns[j] for j in used_columns]
    return {
        "max": max((max(cells) for cells in counts.cells), default=0),
        "columns": [{"value": c, "label": labels.get((columns_key, c), c)} for c in columns],
        "rows": [
            {
                "value": counts.cross_rows[i],
                "label": labels.get((rows_key, counts.cross_rows[i]), counts.cross_rows[i]),
                "cells": [
                    {
                        "count": counts.cells[i][j],
                        "column": labels.get((columns_key, counts.cross_columns[j]), counts.cross_columns[j]),
                        "query": query.narrowed(rows_key, counts.cross_rows[i])
                        .narrowed(columns_key, counts.cross_columns[j])
                        .query_string(page=False),
                    }
                    for j in used_columns
                ],
            }
            for i in used_rows
        ],
    }


def table_csv_rows(counts: Counts, key: str) -> list[list[Any]]:
    """Every value of one table, zeros included (a download is never cut)."""
    labels = _labels(counts)
    rows: list[list[Any]] = [[_("Code"), _("Label"), _("Entries")]]
    rows += [[v, labels.get((key, v), v), n] for v, n in counts.tables[key]]
    return rows


def cross_csv_rows(counts: Counts) -> list[list[Any]]:
    labels = _labels(counts)
    rows_key, columns_key = CROSS
    out: list[list[Any]] = [["", *[labels.get((columns_key, c), c) for c in counts.cross_columns]]]
    for value, cells in zip(counts.cross_rows, counts.cells, strict=True):
        out.append([labels.get((rows_key, value), value), *cells])
    return out
