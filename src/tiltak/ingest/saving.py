"""How an imported document lands in the catalog: created, updated or unchanged, decided here, once.

A document is recognised by its identity (source address, else file name). No earlier import: a new entry.
The newest earlier import had the same checksum: unchanged, nothing written. A different checksum: a new
version of the entry imported earlier, from the version that import left it at (so an editor's save in
between is not overwritten: the import fails for that file with the stale-version message). The ``Source``
row is written here too, with the catalog's ``record_source``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from tiltak.catalog.actor import Actor
from tiltak.catalog.draft import EntryDraft, SourceInfo
from tiltak.catalog.models import Entry, Source
from tiltak.catalog.services import SaveContext, create_entry, record_source, update_entry
from tiltak.catalog.storable import check_storable


@dataclass
class SaveOutcome:
    status: str  # created | updated | unchanged
    entry: Entry


def earlier_source(identity: str) -> Source | None:
    """The newest source row with this identity (and its entry), or None for a document never imported."""
    return (
        Source.objects.filter(identity=identity)
        .order_by("-imported_at", "-id")
        .select_related("entry")
        .first()
    )


def is_unchanged(source: SourceInfo, earlier: Source) -> bool:
    """The newest earlier import of this document had the same bytes: nothing to do."""
    return earlier.checksum == source.checksum


def import_draft(
    draft: EntryDraft, source: SourceInfo, *, actor: Actor, context: SaveContext | None = None
) -> SaveOutcome:
    """Save an imported draft, looking up its earlier import first."""
    return save_imported(draft, source, earlier_source(source.identity), actor=actor, context=context)


def save_imported(
    draft: EntryDraft,
    source: SourceInfo,
    earlier: Source | None,
    *,
    actor: Actor,
    context: SaveContext | None = None,
) -> SaveOutcome:
    """Save an imported draft against ``earlier``, the document's newest earlier source (already looked
    up by the caller, so a run asks once per file)."""
    if earlier is not None and is_unchanged(source, earlier):
        return SaveOutcome("unchanged", earlier.entry)
    check_storable(draft)  # the draft first: its fields say more to a person than the source's
    check_storable(source)
    with transaction.atomic():
        if earlier is not None:
            entry = update_entry(
                earlier.entry,
                draft,
                base_version=earlier.entry.version,
                actor=actor,
                reason=f"updated from {source.file_name}",
                context=context,
            )
            status = "updated"
        else:
            entry = create_entry(
                draft, actor=actor, reason=f"created from {source.file_name}", context=context
            )
            status = "created"
        record_source(entry, source)
    return SaveOutcome(status, entry)
