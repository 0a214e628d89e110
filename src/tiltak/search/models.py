"""The search index's own tables.

``SearchDocument`` holds each entry's analysed terms per field (the output of ``analyzer``), and the
store-specific full-text index is derived from it by the database itself: on SQLite an FTS5 table kept in
step by triggers, on PostgreSQL a generated, weighted ``tsvector`` column with a GIN index (see migration
0002). ``SearchTerm`` is the index vocabulary that typo-tolerant queries are corrected against.
"""

from __future__ import annotations

from django.db import models


class SearchDocument(models.Model):
    entry = models.OneToOneField(
        "catalog.Entry", primary_key=True, on_delete=models.CASCADE, related_name="search_document"
    )
    # Analysed terms, space-separated, per field; title weighs most, body least.
    title = models.TextField(blank=True)
    lead = models.TextField(blank=True)
    lists = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # Folded word keys of title, lead and body in reading order ("|" between fields) for phrase matching.
    phrase = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"search document {self.pk}"


class SearchTerm(models.Model):
    """One distinct indexed term. Never removed on edit (harmless); ``rebuild_index`` recomputes the set."""

    term = models.CharField(max_length=200, unique=True)

    def __str__(self) -> str:
        return self.term
