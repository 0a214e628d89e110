"""Comparing versions of an entry. A snapshot's ``data`` is content only (``serialize.entry_content``), so
the difference between two versions is exactly what an editor (or a changed document) changed."""

from __future__ import annotations

from typing import Any

from tiltak.catalog.models import EntryVersion

Difference = dict[str, tuple[Any, Any]]


def diff_versions(old: EntryVersion, new: EntryVersion) -> Difference:
    """What changed from ``old`` to ``new``, by path ("main_goal", "lists.activities", "period.start"):
    (value before, value after). Empty when the content is the same, whatever the bookkeeping says."""
    if old.entry_id != new.entry_id:
        raise ValueError(
            f"Versions {old.number} and {new.number} belong to different entries ({old.entry_id}, {new.entry_id})."
        )
    return diff_content(old.data, new.data)


def diff_content(old: dict[str, Any], new: dict[str, Any], prefix: str = "") -> Difference:
    changes: Difference = {}
    for key in list(old) + [k for k in new if k not in old]:
        before, after = old.get(key), new.get(key)
        path = f"{prefix}{key}"
        if isinstance(before, dict) and isinstance(after, dict):
            changes.update(diff_content(before, after, prefix=f"{path}."))
        elif before != after:
            changes[path] = (before, after)
    return changes
