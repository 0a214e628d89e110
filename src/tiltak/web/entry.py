"""What the entry and compare pages show, shaped for templates (labels in the page's language)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from tiltak.catalog.models import Entry, ListItem
from tiltak.catalog.template import TEMPLATE_LISTS
from tiltak.catalog.visibility import Scope, visible_entries, visible_statuses

# Template list (also its search parameter) -> heading, in the order of the catalog's pages.
LISTS = tuple((lst.name, lst.heading) for lst in TEMPLATE_LISTS)
RELATED_LIMIT = 5


def _item_view(item: ListItem) -> dict:
    concept = item.concept
    label = concept.label() if concept is not None else ""
    if concept is not None:
        link = urlencode({item.list_name: concept.code})
    else:
        link = urlencode({"q": item.text[:200]})
    return {
        "label": label,
        "text": item.text,
        # Show the wording beside the label only when it says something the label does not.
        "differs": bool(label) and label.casefold() != item.text.strip().casefold(),
        "organisation": item.organisation,
        "note": item.note,
        "repeat": item.repeat,
        "mapped": concept is not None,
        "query": link,
        "code": concept.code if concept is not None else "",
    }


def entry_lists(entry: Entry) -> list[dict]:
    items = sorted(entry.items.all(), key=lambda i: (i.list_name, i.position))
    out = []
    for list_name, heading in LISTS:
        rows = [_item_view(i) for i in items if i.list_name == list_name]
        if rows:
            out.append({"key": list_name, "heading": heading, "items": rows})
    return out


def entry_places(entry: Entry) -> list[dict]:
    out = []
    for link in sorted(entry.entry_places.all(), key=lambda link: link.pk):
        place = link.place
        if place.kind == "municipality" and place.code and place.valid_until is None:
            query = urlencode({"municipality": place.code})
        elif place.kind == "county" and place.code and place.valid_until is None:
            query = urlencode({"county": place.code})
        else:
            query = urlencode({"q": place.name})
        out.append({"name": place.name, "kind": place.kind, "mention": link.mention, "query": query})
    return out


def related_entries(entry: Entry) -> list[tuple[Entry, int]]:
    """Public entries sharing the most concepts with this one (ties: newest first)."""
    concepts = {i.concept_id for i in entry.items.all() if i.concept_id is not None}
    if not concepts:
        return []
    rows = list(
        ListItem.objects.filter(concept_id__in=concepts, entry__status__in=visible_statuses(Scope.PUBLIC))
        .exclude(entry_id=entry.pk)
        .values_list("entry_id")
        .annotate(n=Count("concept_id", distinct=True))
        .order_by("-n", "-entry_id")[:RELATED_LIMIT]
    )
    found = visible_entries(Scope.PUBLIC).in_bulk([pk for pk, _n in rows])
    return [(found[pk], n) for pk, n in rows if pk in found]


def compare_rows(entries: list[Entry]) -> list[dict]:
    """Rows of the side-by-side view: one per field or list, cells per entry, shared concepts marked."""
    rows: list[dict] = []
    rows.append({"heading": _("Lead"), "cells": [{"text": e.lead} for e in entries]})
    rows.append({"heading": _("Main goal"), "cells": [{"text": e.main_goal} for e in entries]})
    rows.append({"heading": _("Period"), "cells": [{"text": _period(e)} for e in entries]})
    rows.append(
        {
            "heading": _("Places"),
            "cells": [{"text": ", ".join(link.place.name for link in e.entry_places.all())} for e in entries],
        }
    )
    for list_name, heading in LISTS:
        per_entry = [[i for i in e.items.all() if i.list_name == list_name and not i.repeat] for e in entries]
        if not any(per_entry):
            continue
        concept_sets = [{i.concept_id for i in items if i.concept_id} for items in per_entry]
        shared_count: dict[int | None, int] = {
            c: sum(1 for s in concept_sets if c in s) for s in concept_sets for c in s
        }
        cells = []
        for items in per_entry:
            cells.append(
                {
                    "items": [
                        {
                            **_item_view(i),
                            "shared": bool(i.concept_id) and shared_count.get(i.concept_id, 0) > 1,
                        }
                        for i in items
                    ]
                }
            )
        rows.append({"heading": heading, "cells": cells, "list": True})
    # Sections aligned by their normalised heading (Organisering / Organisasjon end up apart; fine).
    keys: dict[str, str] = {}
    for e in entries:
        for s in e.sections.all():
            keys.setdefault(s.key, s.heading)
    for key, section_heading in keys.items():
        section_cells: list[dict] = []
        for e in entries:
            section = next((s for s in e.sections.all() if s.key == key), None)
            text = ""
            if section is not None:
                text = "\n".join([section.text, *map(str, section.items)]).strip()
            section_cells.append({"text": text})
        rows.append({"heading": section_heading, "cells": section_cells})
    return rows


def _period(entry: Entry) -> str:
    if entry.period_start and entry.period_end and entry.period_end != entry.period_start:
        return f"{entry.period_start}–{entry.period_end}"
    return str(entry.period_start or entry.period_end or "")
