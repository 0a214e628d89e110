""" "Download the hits": every entry of the search the reader is looking at, as CSV, Excel or JSON.

The same search as the page (``parse_query`` + ``run_search``, in the page's order), never cut to a page.
Column headings and labels are in the page's language, codes beside them; places are given as today's
counties and municipalities (the rule the county and municipality filters use, from the facet index)
beside the place names as the entry writes them. The file is named after the search."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tiltak.catalog.models import Entry, EntryPlace, ListItem
from tiltak.catalog.visibility import Scope
from tiltak.presenter.labels import value_labels
from tiltak.search.facets import FACETS, facet_index
from tiltak.search.query import SearchQuery, run_search
from tiltak.web.entry import LISTS

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
LINKS = (("csv", "CSV"), ("xlsx", "Excel"), ("json", "JSON"))
ALL = 10**9  # a "page" holding every hit: downloads are never cut


def hit_ids(query: SearchQuery, scope: Scope = Scope.PUBLIC) -> list[int]:
    result = run_search(query.with_page(1), scope=scope, page_size=ALL, facets=False)
    return result.ids


def file_name(query: SearchQuery, fmt: str) -> str:
    """``tiltak-vertskapsordning-unge-voksne.csv``: the search's words and chosen labels."""
    labels = value_labels({k: list(v) for k, v in query.filters.items()})
    words = [query.q] if query.q else []
    for spec in FACETS:
        words += [labels.get((spec.key, v), v) for v in query.filters.get(spec.key, ())]
    stem = slugify(" ".join(words))[:80].strip("-")
    return f"tiltak-{stem or _('all').lower()}.{fmt}"


def records(ids: list[int], absolute: Callable[[str], str]) -> list[dict[str, Any]]:
    """One dict per entry, in the search's order, with labels in the active language."""
    entries = {
        e.pk: e
        for e in Entry.objects.filter(pk__in=ids).prefetch_related(
            Prefetch(
                "items",
                queryset=ListItem.objects.select_related("concept").filter(repeat=False).order_by("position"),
            ),
            Prefetch("entry_places", queryset=EntryPlace.objects.select_related("place").order_by("pk")),
            "sources",
        )
    }
    index = facet_index()
    areas: dict[int, dict[str, list[str]]] = {}
    for kind in ("county", "municipality"):
        for code, bits in index.bits[kind].items():
            for pk in ids:
                if bits >> pk & 1:
                    areas.setdefault(pk, {}).setdefault(kind, []).append(code)
    names = index.place_names
    written = {"nb": _("bokmål"), "nn": _("nynorsk")}
    statuses = {"published": _("published"), "archived": _("archived"), "draft": _("draft")}
    out = []
    for pk in ids:
        e = entries.get(pk)
        if e is None:
            continue
        source = max(e.sources.all(), key=lambda s: (s.imported_at, s.pk), default=None)
        record: dict[str, Any] = {
            "title": e.title,
            "address": absolute(reverse("web:entry", args=[e.slug])),
            "lead": e.lead,
            "language": {"code": e.language, "label": written.get(e.language, e.language)},
            "status": {"code": e.status, "label": statuses.get(e.status, e.status)},
            "period": {"start": e.period_start, "end": e.period_end},
        }
        for kind in ("county", "municipality"):
            codes = sorted(areas.get(pk, {}).get(kind, []))
            record[kind] = [{"code": c, "name": names.get((kind, c), c)} for c in codes]
        record["places_as_written"] = [link.mention or link.place.name for link in e.entry_places.all()]
        for list_name, _heading in LISTS:
            record[list_name] = [
                {
                    "code": i.concept.code if i.concept else "",
                    "label": i.concept.label() if i.concept else "",
                    "as_written": i.text,
                }
                for i in e.items.all()
                if i.list_name == list_name
            ]
        record["web_addresses"] = list(e.web_addresses or [])
        record["source_address"] = source.source_url if source else ""
        out.append(record)
    return out


def columns() -> list[tuple[str, Callable[[dict], Any]]]:
    """(heading in the page's language, cell) for CSV and Excel."""

    def joined(values) -> str:
        return "; ".join(dict.fromkeys(str(v) for v in values if v))

    cols: list[tuple[str, Callable[[dict], Any]]] = [
        (_("Title"), lambda r: r["title"]),
        (_("Address"), lambda r: r["address"]),
        (_("Lead"), lambda r: r["lead"]),
        (_("Written form"), lambda r: r["language"]["label"]),
        (_("Status"), lambda r: r["status"]["label"]),
        (_("From year"), lambda r: r["period"]["start"]),
        (_("To year"), lambda r: r["period"]["end"]),
        (_("County (today)"), lambda r: joined(p["name"] for p in r["county"])),
        (_("County number"), lambda r: joined(p["code"] for p in r["county"])),
        (_("Municipality (today)"), lambda r: joined(p["name"] for p in r["municipality"])),
        (_("Municipality number"), lambda r: joined(p["code"] for p in r["municipality"])),
        (_("Places as written"), lambda r: joined(r["places_as_written"])),
    ]

    def labels_of(name: str) -> Callable[[dict], Any]:
        return lambda r: joined(i["label"] or i["as_written"] for i in r[name])

    def codes_of(name: str) -> Callable[[dict], Any]:
        return lambda r: joined(i["code"] for i in r[name])

    for list_name, heading in LISTS:
        cols.append((str(heading), labels_of(list_name)))
        cols.append((_("%(list)s (codes)") % {"list": heading}, codes_of(list_name)))
    cols += [
        (_("Web addresses"), lambda r: joined(r["web_addresses"])),
        (_("Source document"), lambda r: r["source_address"]),
    ]
    return cols


def _safe(value: Any) -> Any:
    """Stop a spreadsheet from running text that starts like a formula; drop characters XML cannot hold."""
    if isinstance(value, str):
        value = "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32)
        if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            value = "'" + value
    return value


def render(fmt: str, query: SearchQuery, rows: list[dict[str, Any]]) -> bytes:
    if fmt == "json":
        filters = {**({"q": [query.q]} if query.q else {}), **{k: list(v) for k, v in query.filters.items()}}
        document = {"filters": filters, "sort": query.effective_sort, "total": len(rows), "entries": rows}
        return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    cols = columns()
    table = [[h for h, _cell in cols], *[[_safe(cell(r)) for _h, cell in cols] for r in rows]]
    if fmt == "csv":
        text = io.StringIO(newline="")
        csv.writer(text).writerows(table)
        return ("\ufeff" + text.getvalue()).encode("utf-8")  # the BOM: spreadsheets read it as UTF-8
    return _xlsx(table)


def _xlsx(table: list[list[Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = _("Entries")[:31]
    for row in table:
        sheet.append([v[:32767] if isinstance(v, str) else v for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for j in range(len(table[0])):
        longest = max((len(str(row[j])) for row in table if row[j] is not None), default=8)
        sheet.column_dimensions[get_column_letter(j + 1)].width = min(max(longest, 8) + 2, 60)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()
