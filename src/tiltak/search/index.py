"""The full-text index: keeping it up to date, and scoring what it finds.

``reindex_entries`` (called by ``tiltak.catalog.services`` after every change) writes each entry's analysed
terms per field into ``SearchDocument``; the database turns those into its own full-text index (SQLite
FTS5 via triggers, PostgreSQL a generated tsvector column). ``text_search`` / ``match`` ask it through
``tiltak.search.retrieval`` (exact result sets and counts) and score the best entries here with one
store-independent score, so both databases return the same order:

    score = 2 * idf-weighted share of query words matched + idf-weighted field quality of the matches
            + exact-phrase bonus (title, lead, body or one list item) + 0.5 * BM25 term-frequency part

(idf from the store's document counts; a word's field quality is its best field's weight plus a little for
every further field it occurs in; compound parts found apart, typo corrections and near misses count less.)
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from tiltak.catalog.template import TEXT_FIELDS
from tiltak.search import analyzer, mechanisms
from tiltak.search.plan import QueryPlan, plan

FIELD_WEIGHTS = {"title": 1.0, "lead": 0.8, "lists": 0.4, "body": 0.6}
OTHER_FIELDS_FACTOR = 0.3
SCATTERED_PARTS_FACTOR = 0.5
BM25_K1 = 1.2
BM25_B = 0.75
FREQUENCY_WEIGHT = 0.5
PHRASE_BONUS = 0.7
TYPO_FACTOR = 0.8
# A compound's part alone in a field where the word itself is not, in an entry that has the word.
ECHO_FACTOR = 0.5
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

    counties: dict[int, list[str]] = {}
    if mechanisms.enabled("place_terms"):
        from tiltak.places.services import county_names

        counties = county_names(link.place_id for entry in entries for link in entry.entry_places.all())
    docs = [document_for(entry, counties) for entry in entries]
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


def document_for(entry, counties: dict[int, list[str]] | None = None):
    """The analysed fields of one entry (with ``items``, ``sections`` and ``entry_places`` prefetched).
    ``counties`` (place id -> today's county names) puts the counties an entry's places lie in among its
    list terms, so "… i Telemark" finds an entry that names only Tokke."""
    from tiltak.search.models import SearchDocument

    lists_text: list[str] = []
    concept_terms: list[str] = []
    for item in entry.items.all():
        lists_text += [item.text, item.organisation]
        if item.concept_id is not None:
            concept_terms.append(analyzer.concept_term(item.concept.scheme.code, item.concept.code))
    lists_text += [link.mention or link.place.name for link in entry.entry_places.all()]
    lists_text += [link.place.name for link in entry.entry_places.all()]
    lists_text += sorted(
        {n for link in entry.entry_places.all() for n in (counties or {}).get(link.place_id, ())}
    )
    body_parts = _searched(entry, "body")
    for section in entry.sections.all():
        body_parts += [section.heading, section.text, *map(str, section.items)]
    body_text = "\n".join(p for p in body_parts if p)
    lists_joined = "\n".join(p for p in lists_text if p)
    return SearchDocument(
        entry_id=entry.pk,
        title=analyzer.analyzed_text("\n".join(_searched(entry, "title"))),
        lead=analyzer.analyzed_text("\n".join(_searched(entry, "lead"))),
        lists=" ".join([analyzer.analyzed_text(lists_joined), *dict.fromkeys(concept_terms)]).strip(),
        body=analyzer.analyzed_text(body_text),
        # List items are phrases of their own: "Eget nettsted" as an item is the exact thing asked for.
        phrase=" | ".join(
            " ".join(analyzer.word_keys(t))
            for t in (entry.title, entry.lead, body_text, *(i.text for i in entry.items.all()))
        ),
    )


def _searched(entry, part: str | None = None) -> list[str]:
    """The entry's text fields that the template puts in search document ``part`` (any part if None)."""
    return [
        getattr(entry, f.name)
        for f in TEXT_FIELDS
        if f.search_field and (part is None or f.search_field == part)
    ]


def _surface_words(entries) -> set[str]:
    """Words as written whose key differs ("prøvebustader" -> "prøvebo"): typos are close to how a word
    is written, not to its matching key, so the typo dictionary holds both."""
    words: set[str] = set()
    for entry in entries:
        texts = [*_searched(entry), *(i.text for i in entry.items.all())]
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
    found = text_search(query)
    return list(found.ranking()) if found else []


def text_search(query: str, *, total_documents: int | None = None):
    """The ``retrieval.TextMatch`` for ``query`` (None for a query with no searchable word)."""
    from tiltak.search.retrieval import text_match

    query_plan = plan(query or "")
    if query_plan.empty:
        return None
    return text_match(query_plan, total_documents=total_documents)


def score_documents(query_plan: QueryPlan, pool: int, idf: list[float]) -> list[tuple[int, float]]:
    """The precise, store-independent score of the entries in ``pool`` (a bitmap), best first."""
    from tiltak.search.facets import from_bits
    from tiltak.search.models import SearchDocument

    groups = query_plan.groups
    phrase = " ".join(query_plan.keys) if len(query_plan.keys) > 1 else ""
    rows = SearchDocument.objects.filter(pk__in=from_bits(pool)).values_list(
        "entry_id", "title", "lead", "lists", "body", "phrase"
    )
    matches: list[tuple[int, list[float], tuple[list[float], int], str]] = []
    for pk, title, lead, lists, body, phrase_text in rows:
        fields = {
            name: _Field(text) for name, text in zip(FIELD_WEIGHTS, (title, lead, lists, body), strict=True)
        }
        values, frequencies = [], []
        for group in groups:
            value, freq = _group_value(group, fields)
            values.append(value)
            frequencies.append(freq)
        if any(values):
            length = sum(f.length for f in fields.values())
            matches.append((pk, values, (frequencies, length), phrase_text))
    if not matches:
        return []
    # Rare query words weigh more than common ones: "vertskap" decides "vertskap for nye innbyggere".
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
        results.append((pk, round(score, 6)))
    results.sort(key=lambda r: (-r[1], r[0]))
    return results


class _Field:
    """One analysed field: its terms in order (for adjacency) and their counts (for lookups).

    Both are worked out only when asked: a score looks up a handful of query terms in fields of hundreds,
    and counting one term by substring search is far cheaper than splitting and counting them all."""

    __slots__ = ("text", "_terms", "counts")

    def __init__(self, text: str) -> None:
        self.text = text
        self._terms: list[str] | None = None
        # Two spaces between terms, so that repeats side by side ("vertskap vertskap") are all counted.
        self.counts = _TermCounts(" " + text.replace(" ", "  ") + " ")

    @property
    def terms(self) -> list[str]:
        if self._terms is None:
            self._terms = self.text.split()
        return self._terms

    @property
    def length(self) -> int:
        return self.text.count(" ") + 1 if self.text else 0


class _TermCounts:
    """``term in counts`` and ``counts[term]`` over a space-padded field text, remembered per term."""

    __slots__ = ("padded", "seen")

    def __init__(self, padded: str) -> None:
        self.padded = padded
        self.seen: dict[str, int] = {}

    def __getitem__(self, term: str) -> int:
        n = self.seen.get(term)
        if n is None:
            n = self.seen[term] = self.padded.count(f" {term} ")
        return n

    def __contains__(self, term: str) -> bool:
        return self[term] > 0


def _group_value(group, fields: dict[str, _Field]) -> tuple[float, float]:
    """How well one query word matches an entry (0 = not at all), and a damped term frequency.

    The best field counts fully and every further field a little (an entry that names the word in its
    title and text is more about it than one that has it only in a list). Compound parts found apart
    count less than parts found together, a typo correction less than the word as typed, and a near
    miss (``Group.factors``) by its factor. A compound's head alone in a further field (an echo) adds
    a little to an entry that has the word.
    """
    per_field: list[float] = []
    total_frequency = 0.0
    echoes: list[float] = []
    echo_frequency = 0.0
    for name, field in fields.items():
        counts = field.counts
        best, frequency = 0.0, 0.0
        for i, alt in enumerate(group.alternatives):
            if not all(t in counts for t in alt):
                continue
            near = group.factors.get(alt, 1.0)  # a near miss (a compound's part alone, a synonym)
            typo = TYPO_FACTOR if i >= group.exact_alternatives else 1.0
            factor = near if alt in group.factors else typo
            if len(alt) > 1 and not _adjacent(field.terms, alt):
                factor *= SCATTERED_PARTS_FACTOR
            best = max(best, FIELD_WEIGHTS[name] * factor)
            frequency = max(frequency, FIELD_WEIGHTS[name] * near * min(counts[t] for t in alt))
        if name == "lists" and any(c in counts for c in group.concepts):
            best = max(best, FIELD_WEIGHTS[name])
        if not best and group.echoes:
            # Only a part of the compound here ("familiene" in the text of an entry that lists
            # "Barnefamiliar"): the entry says more about the thing than one that only names it.
            hits = [counts[t] for t in group.echoes if t in counts]
            if hits:
                echoes.append(FIELD_WEIGHTS[name] * ECHO_FACTOR)
                echo_frequency += FIELD_WEIGHTS[name] * ECHO_FACTOR * max(hits)
        if best:
            per_field.append(best)
            total_frequency += frequency
    if not per_field:
        return 0.0, 0.0
    per_field += echoes
    total_frequency += echo_frequency
    per_field.sort(reverse=True)
    return per_field[0] + OTHER_FIELDS_FACTOR * sum(per_field[1:]), total_frequency


def _adjacent(terms: list[str], parts: tuple[str, ...]) -> bool:
    n = len(parts)
    return any(terms[i : i + n] == list(parts) for i, t in enumerate(terms) if t == parts[0])


def _has_phrase(phrase_text: str, phrase: str) -> bool:
    return any(f" {phrase} " in f" {part.strip()} " for part in phrase_text.split("|"))
