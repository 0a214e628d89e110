"""The full-text index: keeping it up to date, and asking it.

``reindex_entries`` (called by ``tiltak.catalog.services`` after every change) writes each entry's analysed
terms per field into ``SearchDocument``; the database turns those into its own full-text index (SQLite
FTS5 via triggers, PostgreSQL a generated tsvector column). ``match`` asks that index for candidates with
the store's own relevance (bm25 / ts_rank_cd with title > lead > lists > body weights) and then ranks them
with one store-independent score, so both databases return the same order:

    score = 2 * share of query words matched + mean field weight of the matches
            + exact-phrase bonus + 0.3 * field-weighted term frequency (normalised to 0..1)

The store's rank (bm25 / ts_rank_cd) only chooses the candidates; the final order is computed here from
the same analysed terms, so it is identical on SQLite and PostgreSQL.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from django.db import connection, transaction

from tiltak.search import analyzer
from tiltak.search.plan import QueryPlan, plan

FIELD_WEIGHTS = {"title": 1.0, "lead": 0.6, "lists": 0.5, "body": 0.4}
PHRASE_BONUS = 0.7
TYPO_FACTOR = 0.8
CANDIDATES = 2000
# Candidates scored precisely when the store has already applied the whole query (see ``match``).
RESCORED = 300
BATCH = 500


# --- indexing ---------------------------------------------------------------------------------------


def reindex_entries(entry_ids: Iterable[int]) -> None:
    """Bring the index up to date for these entries (created, changed or deleted)."""
    from tiltak.catalog.models import Entry

    ids = sorted({int(i) for i in entry_ids})
    if not ids:
        return
    with transaction.atomic():
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            entries = (
                Entry.objects.filter(pk__in=chunk)
                .prefetch_related("items__concept__scheme", "sections", "entry_places__place")
                .order_by("pk")
            )
            _write(chunk, list(entries))


def index_loaded_entries(entries: list) -> None:
    """Index entries already loaded with ``items__concept__scheme``, ``sections`` and ``entry_places__place``
    prefetched (the catalog services have them at hand after a save; loading them again would double the cost).
    """
    if entries:
        with transaction.atomic():
            _write([e.pk for e in entries], entries)


def _write(entry_ids: list[int], entries: list) -> None:
    from tiltak.search.models import SearchDocument

    docs = [document_for(entry) for entry in entries]
    SearchDocument.objects.filter(pk__in=entry_ids).delete()
    SearchDocument.objects.bulk_create(docs)
    _remember_terms(docs)


def rebuild_index() -> int:
    """Re-analyse every entry and recompute the term dictionary. Returns the number of entries indexed."""
    from tiltak.catalog.models import Entry
    from tiltak.search.models import SearchDocument, SearchTerm

    analyzer.reset_lexicon()
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        SearchTerm.objects.all().delete()
        ids = list(Entry.objects.values_list("pk", flat=True))
        reindex_entries(ids)
    return len(ids)


def document_for(entry):
    """The analysed fields of one entry (with ``items``, ``sections`` and ``entry_places`` prefetched)."""
    from tiltak.search.models import SearchDocument

    lists_text: list[str] = []
    concept_terms: list[str] = []
    for item in entry.items.all():
        lists_text += [item.text, item.organisation]
        if item.concept_id is not None:
            concept_terms.append(analyzer.concept_term(item.concept.scheme.code, item.concept.code))
    lists_text += [link.mention or link.place.name for link in entry.entry_places.all()]
    lists_text += [link.place.name for link in entry.entry_places.all()]
    body_parts = [entry.body, entry.main_goal, entry.archive_notice]
    for section in entry.sections.all():
        body_parts += [section.heading, section.text, *map(str, section.items)]
    body_text = "\n".join(p for p in body_parts if p)
    lists_joined = "\n".join(p for p in lists_text if p)
    return SearchDocument(
        entry_id=entry.pk,
        title=analyzer.analyzed_text(entry.title),
        lead=analyzer.analyzed_text(entry.lead),
        lists=" ".join([analyzer.analyzed_text(lists_joined), *dict.fromkeys(concept_terms)]).strip(),
        body=analyzer.analyzed_text(body_text),
        phrase=" | ".join(" ".join(analyzer.word_keys(t)) for t in (entry.title, entry.lead, body_text)),
    )


def _remember_terms(docs) -> None:
    from tiltak.search.models import SearchTerm

    terms: set[str] = set()
    for doc in docs:
        for text in (doc.title, doc.lead, doc.lists, doc.body):
            terms.update(text.split())
    terms = {
        t for t in terms if not t.startswith(analyzer.CONCEPT_PREFIX) and not t.isdigit() and len(t) <= 200
    }
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=t) for t in sorted(terms)], ignore_conflicts=True, batch_size=1000
    )


# --- querying ---------------------------------------------------------------------------------------


def match(query: str) -> list[tuple[int, float]]:
    """Entry ids matching ``query``, best first, with a relevance score (archived entries included)."""
    query_plan = plan(query or "")
    if query_plan.empty:
        return []
    groups = len(query_plan.groups)
    if groups - groups // 3 == groups:
        # The mostly-AND rule below needs every word here: let the store do the AND. Every candidate then
        # matches the whole query, so only the store's best ``RESCORED`` are scored precisely here; the
        # rest follow in the store's order. Only when no entry has every word does the OR query run.
        ranked = _store_candidates(query_plan, every_group=True)
        if ranked:
            best = dict(list(ranked.items())[:RESCORED])
            scored = _rescore(query_plan, best)
            floor = min((score for _pk, score in scored), default=0.0)
            rest = [pk for pk in ranked if pk not in best]
            return scored + [(pk, round(floor - 0.001 * (i + 1) / len(rest), 6)) for i, pk in enumerate(rest)]
    ranked = _store_candidates(query_plan)
    if not ranked:
        return []
    return _rescore(query_plan, ranked)


def _alternatives(group) -> list[tuple[str, ...]]:
    return [*group.alternatives, *((c,) for c in group.concepts)]


def _store_candidates(query_plan: QueryPlan, *, every_group: bool = False) -> dict[int, float]:
    """Entry id -> the store's own relevance (higher is better) for any query word (or every one)."""
    groups = [_alternatives(g) for g in query_plan.groups]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            expr = (" & " if every_group else " | ").join(
                "(" + " | ".join("(" + " & ".join(f"'{t}'" for t in alt) + ")" for alt in alts) + ")"
                for alts in groups
            )
            cursor.execute(
                "SELECT entry_id, ts_rank_cd(vector, q) FROM search_searchdocument, "
                "to_tsquery('simple', %s) q WHERE vector @@ q ORDER BY 2 DESC LIMIT %s",
                [expr, CANDIDATES],
            )
        else:
            expr = (" AND " if every_group else " OR ").join(
                "(" + " OR ".join("(" + " AND ".join(f'"{t}"' for t in alt) + ")" for alt in alts) + ")"
                for alts in groups
            )
            cursor.execute(
                "SELECT rowid, -bm25(search_fts, 10.0, 4.0, 3.0, 1.0) FROM search_fts "
                "WHERE search_fts MATCH %s ORDER BY 2 DESC LIMIT %s",
                [expr, CANDIDATES],
            )
        return {int(pk): float(rank) for pk, rank in cursor.fetchall()}


def _rescore(query_plan: QueryPlan, ranked: dict[int, float]) -> list[tuple[int, float]]:
    from tiltak.search.models import SearchDocument

    groups = query_plan.groups
    phrase = " ".join(query_plan.keys) if len(query_plan.keys) > 1 else ""
    scored: list[tuple[int, float, int, float]] = []
    rows = SearchDocument.objects.filter(pk__in=list(ranked)).values_list(
        "entry_id", "title", "lead", "lists", "body", "phrase"
    )
    # Only the query's own terms are ever looked up, so count just those (str.count runs in C) instead of
    # building a Counter of every word of every candidate (that was most of a query's time).
    query_terms = {t for g in groups for alt in g.alternatives for t in alt} | {
        c for g in groups for c in g.concepts
    }
    for pk, title, lead, lists, body, phrase_text in rows:
        fields = {
            name: _term_counts(text, query_terms)
            for name, text in zip(FIELD_WEIGHTS, (title, lead, lists, body), strict=True)
        }
        matched, weight_sum, frequency = 0, 0.0, 0.0
        for group in groups:
            best = 0.0
            for name, terms in fields.items():
                for i, alt in enumerate(group.alternatives):
                    if all(t in terms for t in alt):
                        # A typo correction counts a little less than the word as typed.
                        factor = TYPO_FACTOR if i >= group.exact_alternatives else 1.0
                        best = max(best, FIELD_WEIGHTS[name] * factor)
                        frequency += FIELD_WEIGHTS[name] * math.log1p(min(terms[t] for t in alt))
                if name == "lists" and any(c in terms for c in group.concepts):
                    best = max(best, FIELD_WEIGHTS[name])
            if best:
                matched += 1
                weight_sum += best
        if not matched:
            continue
        score = 2.0 * matched / len(groups) + weight_sum / len(groups)
        if phrase and _has_phrase(phrase_text, phrase):
            score += PHRASE_BONUS
        scored.append((pk, score, matched, frequency))
    # How often the words occur (tf, log-damped, field-weighted) breaks ties, the same on every store.
    top = max((f for *_, f in scored), default=0.0) or 1.0
    results = [(pk, round(score + 0.3 * f / top, 6), matched) for pk, score, matched, f in scored]
    # Mostly-AND: keep the entries that match nearly every query word, unless none does.
    needed = len(groups) - len(groups) // 3
    strict = [r for r in results if r[2] >= needed]
    chosen = strict or results
    chosen.sort(key=lambda r: (-r[1], r[0]))
    return [(pk, score) for pk, score, _ in chosen]


def _term_counts(text: str, terms: set[str]) -> dict[str, int]:
    """How often each of ``terms`` occurs as a whole term in the space-separated ``text`` (absent: left out)."""
    padded = f" {text} ".replace(" ", "  ")  # doubled spaces: back-to-back repeats are counted too
    counts = {}
    for term in terms:
        n = padded.count(f" {term} ")
        if n:
            counts[term] = n
    return counts


def _has_phrase(phrase_text: str, phrase: str) -> bool:
    return any(f" {phrase} " in f" {part.strip()} " for part in phrase_text.split("|"))
