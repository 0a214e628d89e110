"""Who sees which entries: the catalog's one visibility rule.

Public readers see published and archived entries (an archived entry stays readable, marked as such);
editors see drafts too. Every read path (search, facets, counts, exports, the API, entry pages) takes a
``Scope`` and asks this module, so the rule is stated here and nowhere else.
"""

from __future__ import annotations

from enum import StrEnum

from django.db.models import QuerySet

from tiltak.catalog.models import Entry


class Scope(StrEnum):
    PUBLIC = "public"
    EDITOR = "editor"


PUBLIC_STATUSES: tuple[str, ...] = (Entry.Status.PUBLISHED, Entry.Status.ARCHIVED)
_STATUSES: dict[Scope, tuple[str, ...]] = {
    Scope.PUBLIC: PUBLIC_STATUSES,
    Scope.EDITOR: (*PUBLIC_STATUSES, Entry.Status.DRAFT),
}


def visible_statuses(scope: Scope = Scope.PUBLIC) -> tuple[str, ...]:
    return _STATUSES[Scope(scope)]


def visible_entries(scope: Scope = Scope.PUBLIC) -> QuerySet[Entry]:
    return Entry.objects.filter(status__in=visible_statuses(scope))


def is_visible(status: str, scope: Scope = Scope.PUBLIC) -> bool:
    return status in visible_statuses(scope)
