"""The full-text index: keeping it up to date, and asking it.

``reindex_entries`` (called by ``tiltak.catalog.services`` after every change) writes each entry's analysed
terms per field into ``SearchDocument``; the database turns those into its own full-text index (SQLite
FTS5 via triggers, PostgreSQL a generated tsvector column). ``match`` asks that index for candidates with
the store's own relevance (bm25 / ts_rank_cd with title > lead > lists > body weights) and then ranks them
with one store-independent score, so both databases return the same order:

    score = 2 * idf-weighted share of query words matched + idf-weighted field quality of the matches
            + exact-phrase bonus (title, lead, body or one list item) + 0.5 * BM25 term-frequency part

(idf from the store's document counts; a word's field quality is its best field's weight plus a little for
every further field it occurs in; compound parts found apart and typo corrections count less.)

The store's rank (bm25 / ts_rank_cd) only chooses the candidates; the final order is computed here from
the same analysed terms, so it is identical on SQLite and PostgreSQL.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction

from tiltak.search import analyzer
from tiltak.search.plan import QueryPlan, plan

FIELD_WEIGHTS = {"title": 1.0, "lead": 0.8, "lists": 0.4, "body": 0.6}
OTHER_FIELDS_FACTOR = 0.3
SCATTERED_PARTS_FACTOR = 0.5
NEEDED_SHARE = 0.6
BM25_K1 = 1.2
BM25_B = 0.75
FREQUENCY_WEIGHT = 0.5
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
    _remember_terms(docs, _surface_words(entries))


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
        # List items are phrases of their own: "Eget nettsted" as an item is the exact thing asked for.
        phrase=" | ".join(
            " ".join(analyzer.word_keys(t))
            for t in (entry.title, entry.lead, body_text, *(i.text for i in entry.items.all()))
        ),
    )


def _surface_words(entries) -> set[str]:
    """Words as written whose key differs ("prøvebustader" -> "prøvebo"): typos are close to how a word
    is written, not to its matching key, so the typo dictionary holds both."""
    words: set[str] = set()
    for entry in entries:
        texts = [entry.title, entry.lead, entry.body, entry.main_goal, *(i.text for i in entry.items.all())]
        for section in entry.sections.all():
            texts += [section.heading, section.text]
        for text in texts:
            for _s, _e, word in analyzer.tokens(text or ""):
                if len(word) >= 5 and not word.isdigit() and word not in analyzer.STOPWORDS:
                    words.add(word)
    return {w for w in words if analyzer.fold(w) != w}


def _remember_terms(docs, surface: Iterable[str] = ()) -> None:
    from tiltak.search.models import SearchTerm
    from tiltak.search.plan import terms_added

    terms: set[str] = set(surface)
    for doc in docs:
        for text in (doc.title, doc.lead, doc.lists, doc.body):
            terms.update(text.split())
    terms = {
        t for t in terms if not t.startswith(analyzer.CONCEPT_PREFIX) and not t.isdigit() and len(t) <= 200
    }
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=t) for t in sorted(terms)], ignore_conflicts=True, batch_size=1000
    )
    terms_added()


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
    # Words so common that entries having only them cannot pass the mostly-AND rule ("nye", "lag") are
    # left out of the candidate query (they still count in the score): thousands of candidates fewer.
    idf = _store_idf(query_plan)
    common = _common_groups(idf)
    if common:
        ranked = _store_candidates(query_plan, skip=common)
        scored = _rescore(query_plan, ranked, idf) if ranked else []
        if scored and scored[0][1] >= 2.0 * NEEDED_SHARE:  # at least one entry passed the rule
            return scored
    ranked = _store_candidates(query_plan)
    if not ranked:
        return []
    return _rescore(query_plan, ranked, idf)


def _store_idf(query_plan: QueryPlan) -> list[float]:
    """Inverse document frequency of each query word (any of its alternatives), counted by the store."""
    total = _document_count()
    idf = []
    with connection.cursor() as cursor:
        for group in query_plan.groups:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT count(*) FROM search_searchdocument WHERE vector @@ to_tsquery('simple', %s)",
                    [_pg_group(_alternatives(group))],
                )
            else:
                cursor.execute(
                    "SELECT count(*) FROM search_fts WHERE search_fts MATCH %s",
                    [_fts_group(_alternatives(group))],
                )
            n = cursor.fetchone()[0]
            idf.append(math.log(1 + max(total, n) / n) if n else 0.0)
    return idf


def _common_groups(idf: list[float]) -> set[int]:
    """The most common words whose weight together stays under the mostly-AND share."""
    limit = NEEDED_SHARE * sum(idf)
    chosen, used = set(), 0.0
    for i in sorted(range(len(idf)), key=lambda i: idf[i]):
        if used + idf[i] >= limit:
            break
        chosen.add(i)
        used += idf[i]
    return chosen if len(chosen) < len(idf) else set()


def _pg_group(alts) -> str:
    return "(" + " | ".join("(" + " & ".join(f"'{t}'" for t in alt) + ")" for alt in alts) + ")"


def _fts_group(alts) -> str:
    return "(" + " OR ".join("(" + " AND ".join(f'"{t}"' for t in alt) + ")" for alt in alts) + ")"


def _alternatives(group) -> list[tuple[str, ...]]:
    return [*group.alternatives, *((c,) for c in group.concepts)]


def _store_candidates(
    query_plan: QueryPlan, *, every_group: bool = False, skip: frozenset[int] | set[int] = frozenset()
) -> dict[int, float]:
    """Entry id -> the store's own relevance (higher is better) for any query word (or every one),
    leaving out the words in ``skip``."""
    groups = [_alternatives(g) for i, g in enumerate(query_plan.groups) if i not in skip]
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


def _rescore(
    query_plan: QueryPlan, ranked: dict[int, float], store_idf: list[float] | None = None
) -> list[tuple[int, float]]:
    from tiltak.search.models import SearchDocument

    groups = query_plan.groups
    phrase = " ".join(query_plan.keys) if len(query_plan.keys) > 1 else ""
    rows = SearchDocument.objects.filter(pk__in=list(ranked)).values_list(
        "entry_id", "title", "lead", "lists", "body", "phrase"
    )
    matches: list[tuple[int, list[float], tuple[list[float], int], str]] = []
    df = [0] * len(groups)
    for pk, title, lead, lists, body, phrase_text in rows:
        fields = {
            name: _Field(text.split())
            for name, text in zip(FIELD_WEIGHTS, (title, lead, lists, body), strict=True)
        }
        values, frequencies = [], []
        for g, group in enumerate(groups):
            value, freq = _group_value(group, fields)
            values.append(value)
            frequencies.append(freq)
            df[g] += value > 0
        if any(values):
            length = sum(len(f.terms) for f in fields.values())
            matches.append((pk, values, (frequencies, length), phrase_text))
    if not matches:
        return []
    # Rare query words weigh more than common ones: "vertskap" decides "vertskap for nye innbyggere".
    if store_idf is not None:
        idf = store_idf
    else:
        total = _document_count()
        idf = [math.log(1 + max(total, n) / n) if n else 0.0 for n in df]
    idf_sum = sum(idf) or 1.0
    mean_length = sum(length for *_, (_f, length), _p in matches) / len(matches) or 1.0
    results = []
    for pk, values, (frequencies, length), phrase_text in matches:
        coverage = sum(w for w, v in zip(idf, values, strict=True) if v) / idf_sum
        quality = sum(w * v for w, v in zip(idf, values, strict=True)) / idf_sum
        # BM25's saturation and length normalisation: a word said twice in a short entry weighs more
        # than once in a long survey report. Computed here, so every store gives the same number.
        norm = BM25_K1 * (1 - BM25_B + BM25_B * length / mean_length)
        bm25 = sum(w * f * (BM25_K1 + 1) / (f + norm) for w, f in zip(idf, frequencies, strict=True))
        score = 2.0 * coverage + quality + FREQUENCY_WEIGHT * bm25 / idf_sum
        if phrase and _has_phrase(phrase_text, phrase):
            score += PHRASE_BONUS
        results.append((pk, round(score, 6), coverage))
    # Mostly-AND: keep the entries that match most of the query's weight, unless none does.
    strict = [r for r in results if r[2] >= NEEDED_SHARE - 1e-9]
    chosen = strict or results
    chosen.sort(key=lambda r: (-r[1], r[0]))
    return [(pk, score) for pk, score, _ in chosen]


class _Field:
    """One analysed field: its terms in order (for adjacency) and their counts (for lookups)."""

    __slots__ = ("terms", "counts")

    def __init__(self, terms: list[str]) -> None:
        self.terms = terms
        self.counts = Counter(terms)


def _group_value(group, fields: dict[str, _Field]) -> tuple[float, float]:
    """How well one query word matches an entry (0 = not at all), and a damped term frequency.

    The best field counts fully and every further field a little (an entry that names the word in its
    title and text is more about it than one that has it only in a list). Compound parts found apart
    count less than parts found together, and a typo correction less than the word as typed.
    """
    per_field: list[float] = []
    total_frequency = 0.0
    for name, field in fields.items():
        counts = field.counts
        best, frequency = 0.0, 0.0
        for i, alt in enumerate(group.alternatives):
            if not all(t in counts for t in alt):
                continue
            factor = TYPO_FACTOR if i >= group.exact_alternatives else 1.0
            if len(alt) > 1 and not _adjacent(field.terms, alt):
                factor *= SCATTERED_PARTS_FACTOR
            best = max(best, FIELD_WEIGHTS[name] * factor)
            frequency = max(frequency, FIELD_WEIGHTS[name] * min(counts[t] for t in alt))
        if name == "lists" and any(c in counts for c in group.concepts):
            best = max(best, FIELD_WEIGHTS[name])
        if best:
            per_field.append(best)
            total_frequency += frequency
    if not per_field:
        return 0.0, 0.0
    per_field.sort(reverse=True)
    return per_field[0] + OTHER_FIELDS_FACTOR * sum(per_field[1:]), total_frequency


def _adjacent(terms: list[str], parts: tuple[str, ...]) -> bool:
    n = len(parts)
    return any(terms[i : i + n] == list(parts) for i, t in enumerate(terms) if t == parts[0])


def _document_count() -> int:
    from tiltak.search.models import SearchDocument

    return SearchDocument.objects.count()


def _has_phrase(phrase_text: str, phrase: str) -> bool:
    return any(f" {phrase} " in f" {part.strip()} " for part in phrase_text.split("|"))
