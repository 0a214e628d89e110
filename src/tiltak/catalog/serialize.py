"""The catalog's JSON export format (documented in docs/export-format.md), both directions.

``entry_to_dict`` is what `tiltak export`, the API and the entry page's ``.json`` give out;
``drafts_from_export`` reads it back, so importing an export round-trips.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, Prefetch, QuerySet

from tiltak.catalog.draft import LIST_NAMES, DraftItem, DraftPlace, DraftSection, EntryDraft, SourceInfo
from tiltak.catalog.models import Entry, ListItem
from tiltak.catalog.storable import check_storable
from tiltak.errors import InvalidInput
from tiltak.evidence.models import EntryFigure
from tiltak.places.services import location, with_location_relations

FORMAT_NAME = "tiltakskatalogen-export"
FORMAT_VERSION = 1


def with_content_relations(queryset: QuerySet[Entry]) -> QuerySet[Entry]:
    """Prefetch everything ``entry_content`` reads (a version snapshot, an edit form)."""
    return queryset.prefetch_related(
        Prefetch(
            "items",
            queryset=ListItem.objects.select_related("concept__scheme").order_by("list_name", "position"),
        ),
        "sections",
        "entry_places__place",
    )


def with_export_relations(queryset: QuerySet[Entry]) -> QuerySet[Entry]:
    """Prefetch everything ``entry_to_dict`` reads, so exporting N entries costs a fixed number of queries."""
    return with_location_relations(with_content_relations(queryset)).prefetch_related(
        "sources",
        # The current version's figures only (tiltak.evidence keeps one set per version).
        Prefetch(
            "figures", queryset=EntryFigure.objects.filter(version=F("entry__version")).order_by("position")
        ),
    )


def entry_to_dict(entry: Entry) -> dict[str, Any]:
    """The export format: the entry's content between its bookkeeping (id, address, version, newest source)."""
    sources = sorted(entry.sources.all(), key=lambda s: (s.imported_at, s.pk), reverse=True)
    source = sources[0] if sources else None
    return {
        "id": entry.pk,
        "slug": entry.slug,
        **entry_content(entry),
        # Derived from the places, in today's numbers (tiltak.places.services); not content either.
        "location": location(entry),
        "version": entry.version,
        # Read from the text for this version (tiltak.evidence); not content: an import reads them again.
        "figures": [f.as_dict() for f in entry.figures.all() if f.version == entry.version],  # type: ignore[attr-defined]
        "source": {
            "file": source.file_name if source else None,
            "url": source.source_url or None if source else None,
            "checksum": source.checksum if source else None,
            "format": source.format if source else None,
            "imported_at": source.imported_at.isoformat() if source else None,
        },
    }


def entry_content(entry: Entry) -> dict[str, Any]:
    """What an editor can change (fields, lists with their concepts, sections, places), and nothing else:
    a version snapshot holds this, so two snapshots differ only where the content does."""
    lists: dict[str, list[dict[str, Any]]] = {name: [] for name in LIST_NAMES}
    for item in sorted(entry.items.all(), key=lambda i: (i.list_name, i.position)):
        lists[item.list_name].append(_item_to_dict(item))
    return {
        "title": entry.title,
        "lead": entry.lead,
        "subject_areas": lists.pop("subject_areas"),
        "language": entry.language,
        "body": entry.body,
        "main_goal": entry.main_goal,
        "status": entry.status,
        "archive_notice": entry.archive_notice,
        "footer": entry.footer,
        "period": {"start": entry.period_start, "end": entry.period_end},
        "web_addresses": list(entry.web_addresses),
        "places": [
            {
                "name": link.place.name,
                "kind": link.place.kind,
                "code": link.place.code or None,
                "mention": link.mention,
            }
            for link in sorted(entry.entry_places.all(), key=lambda link: link.pk)
        ],
        "lists": lists,
        "sections": [
            {"heading": s.heading, "key": s.key, "text": s.text, "items": list(s.items)}
            for s in sorted(entry.sections.all(), key=lambda s: s.position)
        ],
    }


def _item_to_dict(item: ListItem) -> dict[str, Any]:
    data: dict[str, Any] = {"text": item.text, "concept": item.concept.code if item.concept else None}
    data["match"] = item.match
    if item.bullet:
        data["bullet"] = item.bullet
    if item.organisation:
        data["organisation"] = item.organisation
    if item.note:
        data["note"] = item.note
    if item.repeat:
        data["repeat"] = True
    return data


def export_document(entries: QuerySet[Entry]) -> dict[str, Any]:
    """The export format's whole document: its name, its version and every entry, in the queryset's order."""
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "entries": [entry_to_dict(e) for e in with_export_relations(entries)],
    }


def looks_like_export(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("entries"), list)


def drafts_from_export(data: Any, *, file_name: str) -> list[tuple[EntryDraft, SourceInfo]]:
    """Drafts (and their provenance) from an export document; errors name the entry and the field.

    Items whose ``concept`` is null are left for the importer's mapper, so a hand-written file in this
    format (like the bundled sample catalog) gets its wording mapped on import.
    """
    if not looks_like_export(data):
        raise InvalidInput(
            f"{file_name} is JSON but not a catalog export: it has no top-level 'entries' list."
        )
    if data.get("format", FORMAT_NAME) != FORMAT_NAME:
        raise InvalidInput(f"{file_name}: unknown format '{data.get('format')}', expected '{FORMAT_NAME}'.")
    version = data.get("version", FORMAT_VERSION)
    if not isinstance(version, int) or isinstance(version, bool):
        raise InvalidInput(f"{file_name}: the export version must be a whole number, found {version!r:.40}.")
    if version > FORMAT_VERSION:
        raise InvalidInput(
            f"{file_name}: export version {data.get('version')} is newer than this program reads."
        )
    result = []
    for index, raw in enumerate(data["entries"], start=1):
        where = f"{file_name}, entry {index}"
        try:
            result.append(_draft_from_dict(raw, where=where, file_name=file_name))
        except (TypeError, ValueError, OverflowError, AttributeError, KeyError) as error:
            raise InvalidInput(
                f"{where}: a field holds a value of the wrong type or shape (see docs/export-format.md)."
            ) from error
    return result


def draft_from_content(content: dict[str, Any], *, where: str) -> EntryDraft:
    """The draft that recreates a version snapshot's content (``entry_content``), for restoring it."""
    return _draft_from_dict(content, where=where, file_name=where)[0]


def _draft_from_dict(raw: Any, *, where: str, file_name: str) -> tuple[EntryDraft, SourceInfo]:
    if not isinstance(raw, dict):
        raise InvalidInput(f"{where}: expected an object, found {type(raw).__name__}.")
    try:
        check_storable(raw)  # a NUL or a lone surrogate anywhere, named before anything else reads it
    except InvalidInput as error:
        raise InvalidInput(f"{where}: {error}") from None
    title = _text(raw, "title", where)
    if not title.strip():
        raise InvalidInput(f"{where}: the entry has no title.")
    lists_raw = raw.get("lists") or {}
    if not isinstance(lists_raw, dict):
        raise InvalidInput(f"{where}: 'lists' must be an object with {', '.join(LIST_NAMES[1:])}.")
    lists = {name: [_item(i, where, name) for i in _list(lists_raw, name, where)] for name in LIST_NAMES[1:]}
    lists["subject_areas"] = [_item(i, where, "subject_areas") for i in _list(raw, "subject_areas", where)]
    period = raw.get("period") or {}
    if not isinstance(period, dict):
        raise InvalidInput(f"{where}: 'period' must be an object with 'start' and 'end' years.")
    for key in ("sections", "places"):
        if any(not isinstance(x, dict) for x in _list(raw, key, where)):
            raise InvalidInput(f"{where}: every item in '{key}' must be an object.")
    draft = EntryDraft(
        title=title,
        lead=_text(raw, "lead", where),
        body=_text(raw, "body", where),
        main_goal=_text(raw, "main_goal", where),
        language=raw.get("language") or "nb",
        status=raw.get("status") or "published",
        archive_notice=_text(raw, "archive_notice", where),
        footer=_text(raw, "footer", where),
        period_start=_year(period.get("start"), where, "start"),
        period_end=_year(period.get("end"), where, "end"),
        web_addresses=[str(u) for u in _list(raw, "web_addresses", where)],
        lists=lists,
        sections=[
            DraftSection(
                heading=str(s["heading"]),
                text=str(s.get("text") or ""),
                items=[str(x) for x in _list(s, "items", where)],
            )
            for s in raw.get("sections") or []
        ],
        places=[
            DraftPlace(
                name=str(p["name"]),
                kind=str(p["kind"]),
                code=str(p.get("code") or ""),
                mention=str(p.get("mention") or ""),
            )
            for p in raw.get("places") or []
        ],
        slug=str(raw.get("slug") or ""),
    )
    src = raw.get("source") or {}
    identity_file = str(src.get("file") or f"{file_name}#{raw.get('slug') or raw.get('id') or title}")
    source = SourceInfo(
        file_name=identity_file,
        source_url=str(src.get("url") or ""),
        checksum=str(src.get("checksum") or _content_checksum(raw)),
        format=str(src.get("format") or "json"),
    )
    return draft, source


def _item(raw: Any, where: str, list_name: str) -> DraftItem:
    if isinstance(raw, str):
        return DraftItem(text=raw)
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
        raise InvalidInput(f"{where}: every item in '{list_name}' needs a 'text' string.")
    concept = raw.get("concept")
    return DraftItem(
        text=raw["text"],
        concept=str(concept) if concept else None,
        match=str(raw.get("match") or ("exact" if concept else "unmapped")),
        bullet=str(raw.get("bullet") or ""),
        organisation=str(raw.get("organisation") or ""),
        note=str(raw.get("note") or ""),
        repeat=bool(raw.get("repeat", False)),
    )


def _list(raw: dict[str, Any], key: str, where: str) -> list[Any]:
    """The list under ``key``: a string there is refused, not read as one-letter items."""
    value = raw.get(key)
    if value is None or value == "":
        return []
    if not isinstance(value, list):
        raise InvalidInput(f"{where}: '{key}' must be a list, found {_json_type(value)}.")
    return value


def _json_type(value: Any) -> str:
    names = {str: "text", bool: "true/false", int: "a number", float: "a number", dict: "an object"}
    return names.get(type(value), type(value).__name__)


def _text(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(f"{where}: '{key}' must be text, found {type(value).__name__}.")
    return value


def _year(value: Any, where: str, key: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        raise InvalidInput(
            f"{where}: period year '{value!s:.20}' ('period.{key}') is not a number."
        ) from None


def _content_checksum(raw: dict[str, Any]) -> str:
    import hashlib
    import json

    return hashlib.sha256(json.dumps(raw, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
