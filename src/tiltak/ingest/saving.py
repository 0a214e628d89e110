"""How an imported document lands in the catalog: created, updated or unchanged, decided here, once.

A document is recognised by its identity (source address, else its path inside the imported folder,
starting with the folder's name). No earlier import: a new entry.
The newest earlier import had the same checksum: unchanged, nothing written. A different checksum: a new
version of the entry imported earlier, from the version that import left it at (so an editor's save in
between is not overwritten: the import fails for that file with the stale-version message). The ``Source``
row is written here too, with the catalog's ``record_source``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction

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


def legacy_source(source: SourceInfo) -> Source | None:
    """A document imported before identities held the folder (they were the bare name, or the path inside
    the folder): recognised only when its bytes are the same, since a bare name cannot tell two index.txt
    apart. Its next change is then recorded under the new identity."""
    if source.source_url or "/" not in source.file_name:
        return None
    parts = source.file_name.split("/")
    old_names = ["/".join(parts[i:]) for i in range(1, len(parts))]
    return (
        Source.objects.filter(identity__in=old_names, checksum=source.checksum, source_url="")
        .order_by("-imported_at", "-id")
        .select_related("entry")
        .first()
    )


def lock_identity(identity: str) -> None:
    """Serialise writers of one document identity until the transaction ends. On PostgreSQL two imports
    of one folder would otherwise both find no earlier import and both create the entry; SQLite's
    immediate transactions already let one writer at a time in."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [identity])


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
    up by the caller, so a run asks once per file). On PostgreSQL the lookup is repeated under the
    identity's lock: another import may have saved the same document in between."""
    if earlier is not None and is_unchanged(source, earlier):
        return SaveOutcome("unchanged", earlier.entry)
    check_storable(draft)  # the draft first: its fields say more to a person than the source's
    check_storable(source)
    with transaction.atomic():
        lock_identity(source.identity)
        if connection.vendor == "postgresql":
            earlier = earlier_source(source.identity) or earlier
            if earlier is not None and is_unchanged(source, earlier):
                return SaveOutcome("unchanged", earlier.entry)
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
