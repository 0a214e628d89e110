"""``{% entry_evidence entry %}``: the entry page's figures and population trend (issue #11)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from tiltak.catalog.models import Entry
from tiltak.evidence import population
from tiltak.evidence.store import current_figures

register = template.Library()

KIND_LABELS = {
    "goal": _("Goal"),
    "reach": _("Reached"),
    "interested": _("Interested"),
    "contacted": _("Contacted"),
    "moved": _("Moved"),
    "stayed": _("Stayed"),
    "population": _("Population"),
    "in_migration": _("In-migration"),
    "net_migration": _("Net migration"),
    "budget": _("Budget"),
    "effort": _("Work done"),
    "other": _("Other figures"),
}
UNIT_LABELS = {
    "persons": _("persons"),
    "families": _("families"),
    "homes": _("homes"),
    "jobs": _("jobs"),
    "nok": _("kroner"),
    "municipalities": _("municipalities"),
    "events": _("events"),
    "contacts": _("contacts"),
    "percent": _("per cent"),
    "other": "",
}
HEDGE_LABELS = {"about": _("about"), "over": _("over"), "under": _("up to"), "none": ""}
# The order of the fact box: aims, then the funnel, then the place, then money and work.
ORDER = list(KIND_LABELS)
# Results a goal in the same unit can be held against.
RESULTS = ("moved", "stayed", "reach", "contacted", "interested")


def _number(value: float | None) -> str:
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u00a0")
    return f"{value:,.1f}".replace(",", "\u00a0").replace(".", ",")


@register.inclusion_tag("evidence/_entry_evidence.html", takes_context=True)
def entry_evidence(context: template.Context, entry: Entry) -> dict:
    figures = current_figures(entry)
    rows = []
    for figure in sorted(figures, key=lambda f: (ORDER.index(f.kind), f.position)):
        value = _number(figure.value) + (f"–{_number(figure.value_max)}" if figure.value_max else "")
        rows.append(
            {
                "kind": figure.kind,
                "label": KIND_LABELS[figure.kind],
                "hedge": HEDGE_LABELS[figure.hedge],
                "value": value,
                "unit": UNIT_LABELS[figure.unit],
                "year": figure.year,
                "text": figure.text,
                "edited": figure.edited,
            }
        )
    comparisons = []
    goals = [f for f in figures if f.kind == "goal" and f.value]
    for goal in goals:
        for result in (f for f in figures if f.kind in RESULTS and f.unit == goal.unit):
            comparisons.append(
                {
                    "goal": _number(goal.value),
                    "result": _number(result.value),
                    "hedge": HEDGE_LABELS[result.hedge],
                    "label": KIND_LABELS[result.kind],
                    "unit": UNIT_LABELS[goal.unit],
                    "share": round(100 * result.value / goal.value),
                }
            )
    trend = population.trend(population.entry_municipalities(entry.pk), entry.period_start, entry.period_end)
    table = []
    if trend is not None:
        for index, year in enumerate(trend.years):
            table.append(
                {
                    "year": year,
                    "in_period": bool(trend.period and trend.period[0] <= year <= trend.period[1]),
                    "cells": [(_number(s.values[index]), s.indexed[index]) for s in trend.series],
                }
            )
    return {
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
        "entry": entry,
        "figures": rows,
        "comparisons": comparisons,
        "trend": trend,
        "chart": population.svg_lines(trend) if trend else None,
        "table": table,
        "attribution": population.ATTRIBUTION,
    }
