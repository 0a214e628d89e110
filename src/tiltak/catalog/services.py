"""Every change to catalog entries goes through these functions (views, commands and tests alike).

Each runs in one transaction, checks its preconditions and raises a ``TiltakError`` with a message a person
can act on, writes the change, snapshots a new ``EntryVersion``, records an ``AuditEvent`` and brings the
search index up to date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify

from tiltak import stamp
from tiltak.catalog.draft import LIST_NAMES, DraftPlace, EntryDraft, SourceInfo
from tiltak.catalog.models import (
    SCHEME_FOR_LIST,
    AuditEvent,
    Entry,
    EntryPlace,
    EntryVersion,
    ListItem,
    Section,
    Source,
)
from tiltak.errors import InvalidInput, NotFound
from tiltak.places.models import Place
from tiltak.vocabulary.models import Concept


@dataclass
class SaveOutcome:
    status: str  # created | updated | unchanged
    entry: Entry


@dataclass
class SaveContext:
    """Lookups shared by the saves of one run (an import of thousands of files): the concepts and the known
    places do not change between files, so they are asked for once. Only rows that existed before the run
    are kept here, so a file whose transaction rolls back cannot leave a stale row behind for the next."""

    concepts: dict[tuple[str, str], Concept] | None = None
    places: dict[tuple[str, str, str], Place] = field(default_factory=dict)
    latest: dict[str, Source | None] = field(default_factory=dict)

    def latest_source(self, identity: str) -> Source | None:
        if identity not in self.latest:
            self.latest[identity] = latest_source(identity)
        return self.latest[identity]


def latest_source(identity: str) -> Source | None:
    return (
        Source.objects.filter(identity=identity)
        .order_by("-imported_at", "-id")
        .select_related("entry")
        .first()
    )


def source_unchanged(source: SourceInfo, context: SaveContext | None = None) -> bool:
    """True when the newest import of this document had the same checksum: nothing to do."""
    latest = context.latest_source(source.identity) if context else latest_source(source.identity)
    return latest is not None and latest.checksum == source.checksum


def save_draft(
    draft: EntryDraft, *, source: SourceInfo | None, by: str, context: SaveContext | None = None
) -> SaveOutcome:
    """Create an entry from a draft, or update the one imported earlier from the same source."""
    _validate(draft)
    with transaction.atomic():
        entry = None
        if source is not None:
            # Taken out of the run's cache: after this save the newest source is another one.
            cached = context.latest.pop(source.identity, None) if context else None
            latest = cached or latest_source(source.identity)
            if latest is not None:
                if latest.checksum == source.checksum:
                    return SaveOutcome("unchanged", latest.entry)
                entry = latest.entry
        concepts = _resolve_concepts(draft, context)
        status = "created" if entry is None else "updated"
        if entry is None:
            entry = Entry(slug=_unique_slug(draft.slug or draft.title, None), version=1)
        else:
            entry.version += 1
            if draft.slug and draft.slug != entry.slug:
                entry.slug = _unique_slug(draft.slug, entry.pk)
        _apply_fields(entry, draft)
        entry.save()
        children = _replace_children(entry, draft, concepts, is_new=status == "created", context=context)
        if source is not None:
            new_source = Source.objects.create(
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
            # The snapshot and the index only read the newest source: no need to load the older ones.
            children["sources"] = [new_source]
        else:
            children["sources"] = list(entry.sources.all())
        _attach_loaded_relations(entry, children)
        record_change(
            entry,
            by=by,
            action=status,
            reason=f"{status} from {source.file_name if source else 'draft'}",
            loaded=True,
        )
        # Callers get a plain entry whose relations query the database again.
        del entry._prefetched_objects_cache  # type: ignore[attr-defined]
        return SaveOutcome(status, entry)


def publish_entry(entry: Entry, *, by: str) -> Entry:
    with transaction.atomic():
        entry = Entry.objects.select_for_update().get(pk=entry.pk)
        if entry.status == Entry.Status.PUBLISHED:
            raise InvalidInput(f"Entry {entry.pk} ('{entry.title}') is already published.")
        entry.status = Entry.Status.PUBLISHED
        entry.archive_notice = ""
        entry.version += 1
        entry.save()
        record_change(entry, by=by, action="published", reason="published")
        return entry


def archive_entry(entry: Entry, *, by: str, notice: str = "") -> Entry:
    with transaction.atomic():
        entry = Entry.objects.select_for_update().get(pk=entry.pk)
        if entry.status == Entry.Status.ARCHIVED:
            raise InvalidInput(f"Entry {entry.pk} ('{entry.title}') is already archived.")
        entry.status = Entry.Status.ARCHIVED
        entry.archive_notice = notice
        entry.version += 1
        entry.save()
        record_change(entry, by=by, action="archived", reason="archived")
        return entry


def delete_entry(entry: Entry, *, by: str) -> None:
    with transaction.atomic():
        entry_id, title = entry.pk, entry.title
        AuditEvent.objects.create(
            actor=by, action="deleted", entry=None, details={"id": entry_id, "title": title}
        )
        entry.delete()
        _reindex([entry_id])
        stamp.bump()


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
    for draft_place, place in zip(draft.places, _find_or_create_places(draft.places, context), strict=True):
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


def _find_or_create_places(draft_places: list[DraftPlace], context: SaveContext | None = None) -> list[Place]:
    """The known place each draft place names (one query for all); an unknown one is added so nothing is lost.

    By number when the draft has one, else by name, preferring today's place over a former one.
    """
    for draft_place in draft_places:
        if draft_place.kind not in Place.Kind.values:
            raise InvalidInput(
                f"Place '{draft_place.name}' has unknown kind '{draft_place.kind}': "
                f"use {', '.join(Place.Kind.values)}."
            )
    if not draft_places:
        return []
    known = context.places if context is not None else {}
    keys = [(p.kind, p.name, p.code) for p in draft_places]
    if all(key in known for key in keys):
        return [known[key] for key in keys]
    names = {p.name for p in draft_places}
    codes = {p.code for p in draft_places if p.code}
    candidates = list(
        Place.objects.filter(Q(name__in=names) | Q(code__in=codes)).order_by(
            F("valid_until").asc(nulls_first=True), F("valid_from").desc(nulls_last=True), "pk"
        )
    )
    found = []
    for draft_place in draft_places:
        same_kind = [c for c in candidates if c.kind == draft_place.kind]
        if draft_place.code:
            by_code = [c for c in same_kind if c.code == draft_place.code]
            place = next((c for c in by_code if c.name == draft_place.name), by_code[0] if by_code else None)
        else:
            place = next((c for c in same_kind if c.name == draft_place.name), None)
        if place is None:
            place = Place.objects.create(
                kind=draft_place.kind, name=draft_place.name, code=draft_place.code or ""
            )
            candidates.append(place)
        else:
            known[(draft_place.kind, draft_place.name, draft_place.code)] = place
        found.append(place)
    return found


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


def record_change(
    entry: Entry,
    *,
    by: str,
    action: str,
    reason: str,
    details: dict | None = None,
    loaded: bool = False,
) -> None:
    """After a change to ``entry``: snapshot a version, write an audit row, update the search index.

    Every service that changes an entry (here and in other apps) ends with this call, inside its transaction.
    ``loaded``: the entry's relations are already in memory (see ``_attach_loaded_relations``).
    """
    from tiltak.catalog.serialize import entry_to_dict, with_export_relations
    from tiltak.search.index import index_loaded_entries

    current = entry if loaded else with_export_relations(Entry.objects.filter(pk=entry.pk)).get()
    EntryVersion.objects.create(entry=entry, number=entry.version, data=entry_to_dict(current), reason=reason)
    AuditEvent.objects.create(
        actor=by, action=action, entry=entry, details={"version": entry.version, **(details or {})}
    )
    index_loaded_entries([current])
    stamp.bump()  # the catalog changed: every cache of it is rebuilt on next use


def _reindex(entry_ids: list[int]) -> None:
    from tiltak.search.index import reindex_entries

    reindex_entries(entry_ids)
