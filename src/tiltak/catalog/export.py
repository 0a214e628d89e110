"""Writing a set of entries as JSON (the documented export format), CSV or XLSX.

`tiltak export` and the API's ``/api/v1/export.{json,csv,xlsx}`` call ``write_export``: codes, not labels, in id
order, the same in every language. (The search page's "download the hits" is ``tiltak.web.downloads``:
labels in the page's language beside the codes, in the search's order.)
CSV and XLSX are for spreadsheets and counting: one row per entry, list concepts joined with "; ".
The XLSX file has a second sheet with one row per list item (wording as written beside its concept).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import IO, Any

from django.db.models import QuerySet

from tiltak.catalog.models import Entry
from tiltak.catalog.serialize import entry_to_dict, export_document, with_export_relations
from tiltak.catalog.template import SURVEY_LISTS, TEXT_FIELDS
from tiltak.errors import InvalidInput

FORMATS = ("json", "csv", "xlsx")
CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
LIST_COLUMNS = SURVEY_LISTS
# Short text fields lead the row; long ones (body, main goal) follow the lists, so a sheet stays readable.
HEAD_TEXT = tuple(f.name for f in TEXT_FIELDS if f.exported and f.max_length)
TAIL_TEXT = tuple(f.name for f in TEXT_FIELDS if f.exported and not f.max_length and f.name != "lead")
ROW_COLUMNS = (
    ["id", "slug", *HEAD_TEXT, "lead", "language", "status", "subject_areas", "period_start", "period_end"]
    + ["counties", "municipalities", "regions", "villages"]  # the places as the entry names them, of any era
    + ["location_municipalities", "location_counties"]  # where it lies, in today's numbers
    + [f"{name}{suffix}" for name in LIST_COLUMNS for suffix in ("", "_as_written")]
    + [*TAIL_TEXT, "web_addresses", "source_file", "source_url"]
    + ["figures"]
)
ITEM_COLUMNS = [
    "entry_id",
    "entry_title",
    "list",
    "position",
    "text",
    "concept",
    "match",
    "organisation",
    "note",
]


def write_export(entries: QuerySet[Entry], fmt: str, stream: IO[bytes]) -> int:
    """Write ``entries`` to a binary stream in ``fmt``; returns how many entries were written."""
    if fmt not in FORMATS:
        raise InvalidInput(f"Unknown export format '{fmt}': choose one of {', '.join(FORMATS)}.")
    entries = entries.order_by("id")
    if fmt == "json":
        document = export_document(entries)
        stream.write(json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8"))
        return len(document["entries"])
    dicts = [entry_to_dict(e) for e in with_export_relations(entries)]
    if fmt == "csv":
        text = io.StringIO(newline="")
        writer = csv.writer(text)
        writer.writerow(ROW_COLUMNS)
        writer.writerows(_row(d) for d in dicts)
        # A BOM so Excel opens the file as UTF-8 (æøå intact).
        stream.write(("\ufeff" + text.getvalue()).encode("utf-8"))
    else:
        _write_xlsx(dicts, stream)
    return len(dicts)


def _row(d: dict[str, Any]) -> list[Any]:
    def places(kind: str) -> str:
        return "; ".join(
            p["name"] + (f" ({p['code']})" if p["code"] else "") for p in d["places"] if p["kind"] == kind
        )

    row: list[Any] = [
        d["id"],
        d["slug"],
        *(d[name] for name in HEAD_TEXT),
        d["lead"],
        d["language"],
        d["status"],
    ]
    row.append(_joined(i["concept"] or i["text"] for i in d["subject_areas"]))
    row += [d["period"]["start"], d["period"]["end"]]
    row += [places("county"), places("municipality"), places("region"), places("village")]
    row += [
        "; ".join(f"{area['name']} ({area['code']})" for area in d["location"][kind])
        for kind in ("municipalities", "counties")
    ]
    for name in LIST_COLUMNS:
        items = [i for i in d["lists"][name] if not i.get("repeat")]
        row.append(_joined(i["concept"] for i in items if i["concept"]))
        row.append(_joined(i["text"] for i in items))
    row += [
        *(d[name] for name in TAIL_TEXT),
        _joined(d["web_addresses"]),
        d["source"]["file"],
        d["source"]["url"],
        _figures_cell(d.get("figures", [])),
    ]
    return [_safe_cell(v) for v in row]


def _figures_cell(figures: list[dict[str, Any]]) -> str:
    """The entry's figures for a spreadsheet: "goal: 50 families; moved: about 25 families (2012)"."""
    out = []
    for f in figures:
        value = f"{f['value']}" + (f"-{f['value_max']}" if f["value_max"] is not None else "")
        hedge = "" if f["hedge"] == "none" else f"{f['hedge']} "
        year = f" ({f['year']})" if f["year"] else ""
        out.append(f"{f['kind']}: {hedge}{value} {f['unit']}{year}")
    return "; ".join(out)


def _joined(values: Iterable[str]) -> str:
    return "; ".join(dict.fromkeys(v for v in values if v))


def _safe_cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas in text cells (CSV/formula injection): '=cmd' becomes "'=cmd"."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _write_xlsx(dicts: list[dict[str, Any]], stream: IO[bytes]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("entries")
    sheet.append(ROW_COLUMNS)
    for d in dicts:
        sheet.append([_xlsx_value(v) for v in _row(d)])
    items = book.create_sheet("items")
    items.append(ITEM_COLUMNS)
    for d in dicts:
        for list_name in ("subject_areas", *LIST_COLUMNS):
            entries = d["subject_areas"] if list_name == "subject_areas" else d["lists"][list_name]
            for position, item in enumerate(entries):
                items.append(
                    [
                        _xlsx_value(v)
                        for v in (
                            d["id"],
                            d["title"],
                            list_name,
                            position,
                            item["text"],
                            item["concept"],
                            item.get("match", ""),
                            item.get("organisation", ""),
                            item.get("note", ""),
                        )
                    ]
                )
    book.save(stream)


def _xlsx_value(value: Any) -> Any:
    # openpyxl refuses control characters that XML cannot hold; drop them rather than fail the export.
    if isinstance(value, str):
        value = "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32)
        return _safe_cell(value)[:32767]
    return value
