"""Every change to catalog entries: one function per verb, called by views, commands and tests alike.

``create_entry``, ``update_entry``, ``restore_version``, ``publish_entry``, ``archive_entry``,
``unarchive_entry`` and ``delete_entry`` each run in one transaction, check their preconditions and raise a
``TiltakError`` with a message a person can act on. Each takes an ``Actor`` (who, and how) and ends in the
write funnel (``tiltak.catalog.changes``), which bumps the version, snapshots the content, writes the audit
row and says the catalog changed. An update names the version it started from and is refused
(``StaleVersion``) when the entry has moved on. Provenance (``Source`` rows) is the import's to write, with
``record_source``; which of created / updated / unchanged a re-import is, the import decides
(``tiltak.ingest.saving``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from tiltak.catalog.actor import Actor
from tiltak.catalog.changes import Change, entry_change, record_deletion, record_version
from tiltak.catalog.draft import LIST_NAMES, EntryDraft, SourceInfo
from tiltak.catalog.models import (
    SCHEME_FOR_LIST,
    AuditCode,
    Entry,
    EntryPlace,
    EntryVersion,
    ListItem,
    Section,
    Source,
)
from tiltak.catalog.storable import check_storable
from tiltak.errors import InvalidInput, NotFound
from tiltak.places.services import find_or_create_places
from tiltak.vocabulary.models import Concept

if TYPE_CHECKING:
    from tiltak.places.models import Place


@dataclass
class SaveContext:
    """Lookups shared by the saves of one run (an import of thousands of files): the concepts and the known
    places do not change between files, so they are asked for once. Only rows that existed before the run
    are kept here, so a file whose transaction rolls back cannot leave a stale row behind for the next."""

    concepts: dict[tuple[str, str], Concept] | None = None
    places: dict[tuple[str, str, str], Place] = field(default_factory=dict)


def create_entry(
    draft: EntryDraft, *, actor: Actor, reason: str = "", context: SaveContext | None = None
) -> Entry:
    """A new entry (version 1) from a draft."""
    _validate(draft)
    with transaction.atomic():
        concepts = _resolve_concepts(draft, context)
        entry = Entry(slug=_unique_slug(draft.slug or draft.title, None), version=1)
        _apply_fields(entry, draft)
        entry.save()
        children = _replace_children(entry, draft, concepts, is_new=True, context=context)
        _attach_loaded_relations(entry, {**children, "sources": []})
        record_version(
            entry, actor=actor, action=AuditCode.ENTRY_CREATED, reason=reason or "created", loaded=True
        )
        return entry


def update_entry(
    entry: Entry,
    draft: EntryDraft,
    *,
    base_version: int,
    actor: Actor,
    reason: str = "",
    context: SaveContext | None = None,
) -> Entry:
    """Replace the entry's content by the draft's, as a new version. ``base_version`` is the version the
    editor (or the import) started from; if the entry has moved on since, ``StaleVersion`` is raised and
    nothing is written."""
    _validate(draft)
    with entry_change(
        entry,
        actor=actor,
        action=AuditCode.ENTRY_UPDATED,
        base_version=base_version,
        reason=reason or "updated",
    ) as change:
        _write_draft(change, draft, context)
    return change.entry


def restore_version(entry: Entry, number: int, *, base_version: int, actor: Actor) -> Entry:
    """A new version whose content is that of version ``number``. The status and the archive notice stay
    as they are: publishing and archiving are verbs of their own."""
    from tiltak.catalog.serialize import draft_from_content

    old = EntryVersion.objects.filter(entry_id=entry.pk, number=number).first()
    if old is None:
        numbers = list(EntryVersion.objects.filter(entry_id=entry.pk).values_list("number", flat=True))
        known = f"its versions are {numbers[0]}-{numbers[-1]}" if numbers else "it has no versions"
        raise NotFound(f"Entry {entry.pk} has no version {number}: {known}.")
    with entry_change(
        entry,
        actor=actor,
        action=AuditCode.ENTRY_RESTORED,
        base_version=base_version,
        reason=f"version {number} restored",
    ) as change:
        if number == base_version:
            raise InvalidInput(
                f"Version {number} is the current version of entry {entry.pk}: there is nothing to restore."
            )
        draft = draft_from_content(old.data, where=f"entry {entry.pk}, version {number}")
        draft.status, draft.archive_notice = change.entry.status, change.entry.archive_notice
        _validate(draft)
        _write_draft(change, draft, None)
        change.details["restored_from"] = number
    return change.entry


def publish_entry(entry: Entry, *, actor: Actor, base_version: int | None = None) -> Entry:
    with entry_change(
        entry, actor=actor, action=AuditCode.ENTRY_PUBLISHED, base_version=base_version, reason="published"
    ) as change:
        current = change.entry
        if current.status == Entry.Status.PUBLISHED:
            raise InvalidInput(f"Entry {current.pk} ('{current.title}') is already published.")
        _set_status(current, Entry.Status.PUBLISHED, notice="")
    return change.entry


def archive_entry(entry: Entry, *, actor: Actor, notice: str = "", base_version: int | None = None) -> Entry:
    with entry_change(
        entry, actor=actor, action=AuditCode.ENTRY_ARCHIVED, base_version=base_version, reason="archived"
    ) as change:
        current = change.entry
        if current.status == Entry.Status.ARCHIVED:
            raise InvalidInput(f"Entry {current.pk} ('{current.title}') is already archived.")
        _set_status(current, Entry.Status.ARCHIVED, notice=notice)
    return change.entry


def unarchive_entry(entry: Entry, *, actor: Actor, base_version: int | None = None) -> Entry:
    """Bring an archived entry back: published again, without its archive notice."""
    with entry_change(
        entry,
        actor=actor,
        action=AuditCode.ENTRY_UNARCHIVED,
        base_version=base_version,
        reason="restored from the archive",
    ) as change:
        current = change.entry
        if current.status != Entry.Status.ARCHIVED:
            raise InvalidInput(
                f"Entry {current.pk} ('{current.title}') is not archived (it is {current.status}): "
                "only an archived entry can be restored from the archive."
            )
        _set_status(current, Entry.Status.PUBLISHED, notice="")
    return change.entry


def delete_entry(entry: Entry, *, actor: Actor, base_version: int | None = None) -> None:
    """Delete the entry and its history; the audit log keeps its id and last version number."""
    record_deletion(entry.pk, actor=actor, base_version=base_version)


def record_source(entry: Entry, source: SourceInfo) -> Source:
    """Provenance, written by the import: the file the entry's current version was read from."""
    row = Source.objects.create(
        entry=entry,
        file_name=source.file_name,
        source_url=source.source_url,
        identity=source.identity,
        checksum=source.checksum,
        format=source.format,
        encoding=source.encoding,
        size=source.size,
        imported_at=timezone.now(),
    )
    EntryVersion.objects.filter(entry=entry, number=entry.version).update(source=row)
    return row


def get_entry(key: str | int) -> Entry:
    """An entry by id or slug, or a NotFound error that says what was asked for."""
    text = str(key).strip()
    entry = None
    if text.isdigit():
        entry = Entry.objects.filter(pk=int(text)).first()
    if entry is None:
        entry = Entry.objects.filter(slug=text).first()
    if entry is None:
        raise NotFound(f"No entry with id or slug '{text}'. `tiltak list` shows the entries there are.")
    return entry


# --- internals ---------------------------------------------------------------------------------


def _validate(draft: EntryDraft) -> None:
    if not draft.title or not draft.title.strip():
        raise InvalidInput("The entry has no title.")
    if len(draft.title) > 500:
        raise InvalidInput(f"The title is {len(draft.title)} characters long; at most 500 are allowed.")
    if draft.language not in Entry.Language.values:
        raise InvalidInput(f"Unknown written form '{draft.language}': use 'nb' (bokmål) or 'nn' (nynorsk).")
    if draft.status not in Entry.Status.values:
        raise InvalidInput(f"Unknown status '{draft.status}': use draft, published or archived.")
    unknown = set(draft.lists) - set(LIST_NAMES)
    if unknown:
        raise InvalidInput(f"Unknown list(s) {sorted(unknown)}: the lists are {', '.join(LIST_NAMES)}.")
    for year in (draft.period_start, draft.period_end):
        if year is not None and not 1800 <= year <= 2100:
            raise InvalidInput(f"The period year {year} is not a plausible year.")
    check_storable(draft)  # what SQLite would take but PostgreSQL refuses, refused on both


def _resolve_concepts(draft: EntryDraft, context: SaveContext | None) -> dict[tuple[str, str], Concept]:
    """Concept rows for every concept code the draft uses (one query, or none within a run), or an error
    naming the unknown code."""
    wanted: set[tuple[str, str]] = {
        (SCHEME_FOR_LIST[list_name], item.concept)
        for list_name, items in draft.lists.items()
        for item in items
        if item.concept
    }
    if not wanted:
        return {}
    if context is not None and context.concepts is None:
        context.concepts = {(c.scheme.code, c.code): c for c in Concept.objects.select_related("scheme")}
    if context is not None and context.concepts is not None and wanted <= set(context.concepts):
        return {key: context.concepts[key] for key in wanted}
    codes = {code for _scheme, code in wanted}
    found = {
        (c.scheme.code, c.code): c
        for c in Concept.objects.filter(code__in=codes).select_related("scheme")
        if (c.scheme.code, c.code) in wanted
    }
    missing = sorted(wanted - set(found))
    if missing:
        scheme = missing[0][0]
        unknown = ", ".join(code for s, code in missing if s == scheme)
        raise InvalidInput(
            f"Unknown concept code(s) {unknown} in the '{scheme}' vocabulary "
            f"(`tiltak vocab {scheme}` lists the codes)."
        )
    return found


def _write_draft(change: Change, draft: EntryDraft, context: SaveContext | None) -> None:
    """Make the changing entry hold the draft's content (fields, lists, sections, places)."""
    entry = change.entry
    concepts = _resolve_concepts(draft, context)
    if draft.slug and draft.slug != entry.slug:
        entry.slug = _unique_slug(draft.slug, entry.pk)
    _apply_fields(entry, draft)
    entry.save()
    _attach_loaded_relations(entry, _replace_children(entry, draft, concepts, is_new=False, context=context))
    change.loaded = True


def _set_status(entry: Entry, status: str, *, notice: str) -> None:
    entry.status = status
    entry.archive_notice = notice
    entry.save(update_fields=["status", "archive_notice", "version", "updated_at"])


def _apply_fields(entry: Entry, draft: EntryDraft) -> None:
    entry.title = draft.title.strip()
    entry.lead = draft.lead
    entry.body = draft.body
    entry.main_goal = draft.main_goal
    entry.language = draft.language
    entry.status = draft.status
    entry.archive_notice = draft.archive_notice
    entry.footer = draft.footer
    entry.period_start = draft.period_start
    entry.period_end = draft.period_end
    entry.web_addresses = list(draft.web_addresses)


def _replace_children(
    entry: Entry,
    draft: EntryDraft,
    concepts: dict[tuple[str, str], Concept],
    *,
    is_new: bool,
    context: SaveContext | None = None,
) -> dict[str, list]:
    """Write the draft's items, sections and place links; returns the rows written, by relation name."""
    if not is_new:
        entry.items.all().delete()
        entry.sections.all().delete()
        entry.entry_places.all().delete()
    items = []
    for list_name in LIST_NAMES:
        scheme = SCHEME_FOR_LIST[list_name]
        for position, item in enumerate(draft.lists.get(list_name, [])):
            items.append(
                ListItem(
                    entry=entry,
                    list_name=list_name,
                    position=position,
                    text=item.text,
                    bullet=item.bullet,
                    concept=concepts.get((scheme, item.concept)) if item.concept else None,
                    match=item.match if item.concept else ListItem.Match.UNMAPPED,
                    score=item.score,
                    organisation=item.organisation,
                    note=item.note,
                    repeat=item.repeat,
                )
            )
    ListItem.objects.bulk_create(items)
    sections = Section.objects.bulk_create(
        Section(
            entry=entry,
            position=position,
            heading=section.heading,
            key=_section_key(section.heading),
            text=section.text,
            items=list(section.items),
        )
        for position, section in enumerate(draft.sections)
    )
    seen: set[int] = set()
    links = []
    for draft_place, place in zip(
        draft.places,
        find_or_create_places(draft.places, context.places if context is not None else None),
        strict=True,
    ):
        if place.pk not in seen:
            seen.add(place.pk)
            links.append(
                EntryPlace(entry=entry, place=place, mention=draft_place.mention or draft_place.name)
            )
    EntryPlace.objects.bulk_create(links)
    return {"items": items, "sections": sections, "entry_places": links}


def _attach_loaded_relations(entry: Entry, relations: dict[str, list]) -> None:
    """Hand the rows just written to the entry as if prefetched, so the version snapshot and the search
    index read them from memory instead of loading the entry again (the import hot path). Uses Django's
    prefetch cache, the same place ``prefetch_related`` fills."""
    entry._prefetched_objects_cache = dict(relations)  # type: ignore[attr-defined]


def _section_key(heading: str) -> str:
    folded = heading.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return slugify(folded)[:100] or "section"


def make_slug(text: str) -> str:
    folded = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    slug = slugify(folded)[:100].strip("-")
    return slug or "tiltak"


def _unique_slug(text: str, own_pk: int | None) -> str:
    base = make_slug(text)
    slug, n = base, 2
    others = Entry.objects.exclude(pk=own_pk) if own_pk is not None else Entry.objects.all()
    while others.filter(slug=slug).exists():
        slug = re.sub(r"-\d+$", "", base)[:95] + f"-{n}"
        n += 1
    return slug
