"""Full-text index (placeholder signatures; the search work replaces the bodies).

The catalog services call ``reindex_entries`` after every change, and the query code calls ``match``.
"""

from __future__ import annotations

from collections.abc import Iterable


def reindex_entries(entry_ids: Iterable[int]) -> None:
    """Bring the index up to date for these entries (created, changed or deleted)."""


def match(query: str) -> list[tuple[int, float]]:
    """Entry ids matching ``query``, best first, with a relevance score."""
    from tiltak.catalog.models import Entry

    terms = [t for t in query.split() if t]
    qs = Entry.objects.all()
    for term in terms:
        qs = qs.filter(title__icontains=term) | qs.filter(body__icontains=term)
    return [(pk, 1.0) for pk in qs.values_list("pk", flat=True)]
