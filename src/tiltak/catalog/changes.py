"""The write funnel: every verb that changes an entry (``tiltak.catalog.services``, ``map_item`` in the
vocabulary app) goes through here, so the version number, the snapshot, the audit row and "the catalog
changed" are done once, the same way, inside the verb's transaction.

- ``entry_change`` (a context manager) claims the next version of an existing entry with a conditional
  update (``UPDATE … SET version = version + 1 WHERE id = ? AND version = ?``): of two saves from the same
  starting version exactly one matches a row; the other raises ``StaleVersion`` and writes nothing.
- ``record_version`` ends every change: snapshot (content only), the version's figures
  (``tiltak.evidence.store``), audit row, ``catalog_changed``.
- ``record_deletion`` ends a deletion (no snapshot: the entry and its history are gone; the audit row stays).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tiltak.catalog.actor import Actor
from tiltak.catalog.models import AuditCode, AuditEvent, Entry, EntryVersion
from tiltak.errors import NotFound, StaleVersion


@dataclass
class Change:
    """An entry being changed: ``entry`` is the current row, already at its new version number."""

    entry: Entry
    details: dict[str, Any] = field(default_factory=dict)
    reason: str = ""
    # The verb attached the rows it wrote to ``entry`` (``attach_loaded_relations``): no need to reload.
    loaded: bool = False


@contextmanager
def entry_change(
    entry: Entry | int,
    *,
    actor: Actor,
    action: AuditCode,
    base_version: int | None = None,
    reason: str = "",
) -> Iterator[Change]:
    """Claim the entry's next version, let the verb change ``change.entry`` in the block, then record it.

    ``base_version``: the version the editor started from; None takes whatever is current (for verbs such
    as publish, whose preconditions are checked on the row read here).
    """
    entry_id = entry if isinstance(entry, int) else entry.pk
    with transaction.atomic():
        change = Change(claim_next_version(entry_id, base_version), reason=reason)
        yield change
        record_version(
            change.entry,
            actor=actor,
            action=action,
            reason=change.reason or reason,
            details=change.details,
            loaded=change.loaded,
        )


def claim_next_version(entry_id: int, base_version: int | None) -> Entry:
    """The entry row after ``version = version + 1`` where the version still is ``base_version``."""
    if base_version is None:
        base_version = _current_version(entry_id, lock=True)
    claimed = Entry.objects.filter(pk=entry_id, version=base_version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if not claimed:
        current = _current_version(entry_id)
        title = Entry.objects.filter(pk=entry_id).values_list("title", flat=True).get()
        raise StaleVersion(entry_id, title, base_version, current)
    return Entry.objects.get(pk=entry_id)


def _current_version(entry_id: int, *, lock: bool = False) -> int:
    rows = Entry.objects.select_for_update() if lock else Entry.objects.all()
    version = rows.filter(pk=entry_id).values_list("version", flat=True).first()
    if version is None:
        raise NotFound(
            f"No entry with id {entry_id}: it may have been deleted. `tiltak list` shows the entries."
        )
    return version


def record_version(
    entry: Entry,
    *,
    actor: Actor,
    action: AuditCode,
    reason: str,
    details: dict[str, Any] | None = None,
    loaded: bool = False,
) -> EntryVersion:
    """After a change to ``entry`` (at its new version): snapshot its content, write the audit row, and say
    the catalog changed. ``loaded``: the entry's relations are already in memory."""
    from tiltak.catalog.serialize import entry_content, with_content_relations
    from tiltak.evidence.store import record_figures

    current = entry if loaded else with_content_relations(Entry.objects.filter(pk=entry.pk)).get()
    version = EntryVersion.objects.create(
        entry=entry,
        number=entry.version,
        data=entry_content(current),
        reason=reason[:200],
        actor=actor.label,
        user=actor.user,
        via=actor.via,
    )
    record_figures(current)
    record_event(actor, action, entry, {"version": entry.version, **(details or {})})
    catalog_changed(changed=[current])
    # Callers get a plain entry whose relations query the database again.
    entry.__dict__.pop("_prefetched_objects_cache", None)
    return version


def record_deletion(entry_id: int, *, actor: Actor, base_version: int | None = None) -> None:
    """Delete the entry (its versions go with it) and keep an audit row naming its id and last version.
    With ``base_version``, a deletion decided on an older version is refused like any stale change."""
    with transaction.atomic():
        current = _current_version(entry_id, lock=True)
        if base_version is not None and base_version != current:
            title = Entry.objects.filter(pk=entry_id).values_list("title", flat=True).get()
            raise StaleVersion(entry_id, title, base_version, current)
        record_event(actor, AuditCode.ENTRY_DELETED, None, {"entry": entry_id, "version": current})
        Entry.objects.filter(pk=entry_id).delete()
        catalog_changed(deleted=[entry_id])


def record_event(actor: Actor, action: AuditCode, entry: Entry | None, details: dict[str, Any]) -> None:
    """The audit row of a change that is not a new version (the versioned verbs write theirs above)."""
    AuditEvent.objects.create(
        actor=actor.label, user=actor.user, via=actor.via, action=action, entry=entry, details=details
    )


def catalog_changed(*, changed: Iterable[Entry] = (), deleted: Iterable[int] = ()) -> None:
    """The one place where "the catalog changed" happens, inside the change's transaction: it stores where
    the changed entries lie, brings the search index up to date for the entries changed (read from memory)
    and deleted, and moves the change stamp, so every cache of the catalog is rebuilt on its next use."""
    from tiltak import stamp
    from tiltak.places.services import update_entry_areas
    from tiltak.search.index import index_loaded_entries, reindex_entries

    stamp.bump()

    changed = list(changed)
    if changed:
        update_entry_areas([entry.pk for entry in changed])
        index_loaded_entries(changed)
    deleted = list(deleted)
    if deleted:
        reindex_entries(deleted)
