"""From a typed query to what the index is asked: groups of alternative terms.

Each query word becomes one *group*, satisfied by any of its alternatives:
- its folded key ("tilflyttarar" -> the key shared with "tilflyttere");
- all of its compound parts together ("tilflyttingsarbeid" -> tilflytting AND arbeid);
- close index terms when the word is not in the index vocabulary (typos: "vertsskap" -> "vertskap");
- the concept term of a vocabulary concept the query names in any of its variants;
- near misses, which count for less: a compound's rarer part alone ("vertskapsordning" -> vertskap), and
  the other one-word names of a concept the word names ("arbeidstakarar" -> arbeidskraft).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from tiltak.search import analyzer, mechanisms


@dataclass
class Group:
    word: str
    key: str
    # Each alternative is a conjunction of terms: ("key",) or ("part1", "part2").
    alternatives: list[tuple[str, ...]] = field(default_factory=list)
    concepts: list[str] = field(default_factory=list)
    # Alternatives before this index are the word as typed (key, parts); later ones are typo corrections.
    exact_alternatives: int = 1
    # Near misses that count for less than the word itself, by how much (1.0 = fully): the informative
    # part of a compound alone, a word the vocabulary says means the same.
    factors: dict[tuple[str, ...], float] = field(default_factory=dict)
    # Parts of the word as a compound: alone in another field of an entry that has the word, they
    # show the entry is about it (scored, never matched on their own).
    echoes: tuple[str, ...] = ()

    def add_near_miss(self, alt: tuple[str, ...], factor: float) -> None:
        if alt not in self.alternatives:
            self.alternatives.append(alt)
            self.factors[alt] = factor

    def all_terms(self) -> set[str]:
        return {t for alt in self.alternatives for t in alt}


@dataclass
class QueryPlan:
    query: str
    groups: list[Group]
    keys: list[str]  # folded keys in query order, for exact-phrase matching

    @property
    def empty(self) -> bool:
        return not self.groups

    def terms(self) -> set[str]:
        """Every word-level term a matching text may contain (for highlighting)."""
        return {t for g in self.groups for t in g.all_terms()}


def max_edits(term: str) -> int:
    if len(term) <= 4:
        return 0
    return 1 if len(term) <= 8 else 2


def plan(query: str) -> QueryPlan:
    words = analyzer.analyze_words(query)
    groups: list[Group] = []
    for word in words:
        group = Group(word.raw, word.key, [(word.key,)])
        parts = word.root_parts or catalog_parts(word.raw)
        if parts:
            group.alternatives.append(tuple(dict.fromkeys(parts)))
        group.exact_alternatives = len(group.alternatives)
        # The derivational root ("rekruttering" -> "rekrutt") counts like a near miss, not the word itself.
        if analyzer.root(word.key) != word.key:
            group.alternatives.append((analyzer.root(word.key),))
        groups.append(group)
    if groups:
        _add_joined_forms(words, groups)
        _add_typo_alternatives(groups)
        names = concept_names()  # read once: both steps below need it
        _add_concepts(groups, names)
        _add_compound_parts(groups)
        _add_synonyms(groups, names)
    return QueryPlan(query, groups, [w.key for w in words])


def _add_joined_forms(words: list[analyzer.Word], groups: list[Group]) -> None:
    """Two query words written apart that the catalog writes as one ("nærings utvikling"): the joined word
    satisfies both, so an entry writing "næringsutvikling" has the whole query."""
    if len(words) < 2 or not mechanisms.enabled("joined_forms"):
        return
    known = _term_set()
    for i in range(len(words) - 1):
        joined = words[i].raw + words[i + 1].raw
        key = analyzer.fold(joined)
        if key in known:
            for group in groups[i : i + 2]:
                if (key,) not in group.alternatives:
                    group.alternatives.insert(group.exact_alternatives, (key,))
                    group.exact_alternatives += 1


# --- compounds the lexicon cannot split ---------------------------------------------------------------

CATALOG_PART = 4  # letters, at least, of a part found in the catalog's words
CATALOG_PART_ENTRIES = 2  # entries, at least, each part must occur in


def catalog_parts(word: str) -> tuple[str, ...]:
    """A compound's two parts (by their roots) when the lexicon of domain roots and vocabulary labels cannot
    split it, taken from the catalog's own indexed words: "befolkningsnedgang" -> befolkning + nedgang when
    both occur in the catalog. The longest head first, allowing the linking -s- or -e-; each part at least
    CATALOG_PART letters, no function word, and in at least CATALOG_PART_ENTRIES entries, so a rare typo or
    a fragment never becomes a part. () when no split qualifies (or the mechanism is off)."""
    if len(word) < analyzer.MIN_COMPOUND or word.isdigit() or not mechanisms.enabled("catalog_compounds"):
        return ()
    known = _term_set()
    candidates: list[tuple[str, str]] = []
    for cut in range(len(word) - CATALOG_PART, CATALOG_PART - 1, -1):
        tail = word[cut:]
        tail_key = analyzer.fold(tail)
        if tail in analyzer.STOPWORDS or tail_key not in known:
            continue
        head = word[:cut]
        for h in (head, head[:-1] if head[-1] in "se" and len(head) > CATALOG_PART else ""):
            if h and h not in analyzer.STOPWORDS and analyzer.fold(h) in known:
                candidates.append((analyzer.fold(h), tail_key))
                break
    with connection.cursor() as cursor:
        for head_key, tail_key in candidates[:3]:  # each costs two small store queries
            if all(
                _entries_with(cursor, t, CATALOG_PART_ENTRIES) >= CATALOG_PART_ENTRIES
                for t in (head_key, tail_key)
            ):
                return tuple(dict.fromkeys((analyzer.root(head_key), analyzer.root(tail_key))))
    return ()


# --- near misses ------------------------------------------------------------------------------------

PART_FACTOR = 0.3


def _add_compound_parts(groups: list[Group]) -> None:
    """The informative part of a compound alone, as a near miss: "vertskapsordning" also finds entries
    about "vertskap" that never write "ordning", below those that do. Which part informs is the catalog's
    call, not a word list's: the rarer one (in fewer entries), as idf weighs words.

    The head (last part) names what the thing is: a "barnefamilie" is a "familie". It becomes an echo:
    an entry that has the word and also writes about "familiene" elsewhere is more about it."""
    compounds = [(g, alt) for g in groups for alt in g.alternatives if len(alt) > 1]
    if not compounds:
        return
    for group, alt in compounds:
        group.echoes = tuple(dict.fromkeys([*group.echoes, alt[-1]]))
    frequency = _document_frequencies({t for _g, alt in compounds for t in alt})
    for group, alt in compounds:
        # A part no entry has means the split is doubtful ("velkomsmøte" as velkom + møte): no near miss.
        if all(frequency.get(t) for t in alt):
            rarest = min(alt, key=lambda t: (frequency[t], t))
            group.add_near_miss((rarest,), PART_FACTOR)


SYNONYM_FACTOR = 0.5
_synonym_index: tuple[object, dict[str, list[frozenset[str]]]] = (None, {})


def _add_synonyms(groups: list[Group], names: list[tuple[str, frozenset[str]]]) -> None:
    """Other names of a concept the query word is a name of, as near misses: the vocabulary lists
    "Arbeidstakarar" and "Arbeidskraft" as one target group, so a query for one finds text that says
    the other. Only when the word alone names the concept (not one word of a longer label)."""
    global _synonym_index
    if not any(group.concepts for group in groups):
        return
    if _synonym_index[0] is not names:  # held here, so the identity check cannot see a reused id
        by_concept: dict[str, list[frozenset[str]]] = {}
        for term, keys in names:
            by_concept.setdefault(term, []).append(keys)
        _synonym_index = (names, by_concept)
    by_concept = _synonym_index[1]
    for group in groups:
        own = {group.key, *(t for alt in group.alternatives[: group.exact_alternatives] for t in alt)}
        for concept in group.concepts:
            variants = by_concept.get(concept, [])
            if not any(keys == {group.key} for keys in variants):
                continue
            for keys in variants:
                if len(keys) == 1 and not keys <= own:
                    group.add_near_miss(tuple(sorted(keys)), SYNONYM_FACTOR)


_frequency_cache: dict[str, tuple[int, int, float]] = {}
FREQUENCY_TTL = 300.0


def _document_frequencies(terms: set[str], cap: int = 5000) -> dict[str, int]:
    """In how many entries each term occurs (counted up to ``cap``).

    Remembered per process until this process indexes again or for FREQUENCY_TTL seconds: only which
    part of a compound is rarer depends on it, and that changes slowly."""
    import time

    now = time.monotonic()
    counts = {}
    for term in terms:
        cached = _frequency_cache.get(term)
        if cached and cached[1] == _generation and now - cached[2] < FREQUENCY_TTL:
            counts[term] = cached[0]
    if len(_frequency_cache) > 20_000:
        _frequency_cache.clear()
    with connection.cursor() as cursor:
        for term in sorted(terms - counts.keys()):
            counts[term] = _entries_with(cursor, term, cap)
            _frequency_cache[term] = (counts[term], _generation, now)
    return counts


def _entries_with(cursor, term: str, cap: int) -> int:
    """In how many entries ``term`` occurs, counted up to ``cap`` (the store stops there)."""
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT count(*) FROM (SELECT 1 FROM search_searchdocument "
            "WHERE vector @@ to_tsquery('simple', %s) LIMIT %s) t",
            [f"'{term}'", cap],
        )
    else:
        cursor.execute(
            "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH %s LIMIT %s)",
            [f'"{term}"', cap],
        )
    return cursor.fetchone()[0]


# --- typos ------------------------------------------------------------------------------------------


def _add_typo_alternatives(groups: list[Group]) -> None:
    """Close spellings from the index for a word that is not in it, or is in fewer than RARE entries
    (a typo that also occurs in some text). With ``typo_tolerance`` also for a long word in fewer than
    DOUBTFUL entries when a close spelling is in MORE_COMMON times as many ("rekrutering" is written in
    a few pages, "rekruttering" in many), and a correction brings the same alternatives as the word typed
    correctly: its root and its compound parts (by the lexicon or the catalog's words)."""
    from tiltak.search.models import SearchTerm

    tolerant = mechanisms.enabled("typo_tolerance")
    wanted = {t for g in groups for t in g.all_terms()}
    known = set(SearchTerm.objects.filter(term__in=wanted).values_list("term", flat=True))
    long_known = [g.key for g in groups if g.key in known and max_edits(g.key) >= 2]
    with connection.cursor() as cursor:
        cap = DOUBTFUL if tolerant else RARE
        counts = {key: _entries_with(cursor, key, cap) for key in long_known}
        for group in groups:
            count = counts.get(group.key, 0 if group.key not in known else cap)
            if count >= cap:
                continue
            parts = [
                alt
                for alt in group.alternatives[1 : group.exact_alternatives]
                if all(t in known for t in alt)
            ]
            if parts:  # an unseen compound whose parts are indexed: the parts are the answer, not a typo
                continue
            for candidate in close_terms(group.word):
                # A candidate may be an index term or a surface word ("prøvebustad" for "prøvebustd");
                # the surface word is searched by its key.
                key = analyzer.fold(candidate)
                if count >= RARE and _entries_with(cursor, key, MORE_COMMON * count) < MORE_COMMON * count:
                    continue  # a known spelling, and the close one is not much commoner: no typo
                alternatives: list[tuple[str, ...]] = [(candidate,), (key,)]
                candidate_parts = tuple(analyzer.root(p) for p in analyzer.split_compound(candidate))
                if tolerant:
                    alternatives.append((analyzer.root(key),))
                    candidate_parts = candidate_parts or catalog_parts(candidate)
                if candidate_parts:
                    alternatives.append(tuple(dict.fromkeys(candidate_parts)))
                for alt in alternatives:
                    if alt not in group.alternatives:
                        group.alternatives.append(alt)


RARE = 2
DOUBTFUL = 5
MORE_COMMON = 4


def close_terms(term: str, limit: int = 3) -> list[str]:
    edits = max_edits(term)
    if not edits:
        return []
    vocabulary = _term_vocabulary()
    found = process.extract(
        term, vocabulary, scorer=Levenshtein.distance, score_cutoff=edits, limit=limit * 4
    )
    # Closest first; among equals, the one sharing the longest start (typos are rarer at the start).
    found.sort(key=lambda hit: (hit[1], -_common_prefix(term, hit[0])))
    return [hit[0] for hit in found if hit[0] != term][:limit]


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


_vocabulary_cache: tuple[tuple, list[str]] = ((), [])
_generation = 0


def terms_added() -> None:
    """Called by the indexer after it stored new terms: this process reads the vocabulary again."""
    global _generation
    _generation += 1


def _term_set() -> frozenset[str]:
    """The indexed terms as a set (built again when the cached list is)."""
    global _term_set_cache
    vocabulary = _term_vocabulary()
    if _term_set_cache[0] is not vocabulary:
        _term_set_cache = (vocabulary, frozenset(vocabulary))
    return _term_set_cache[1]


_term_set_cache: tuple[object, frozenset[str]] = (None, frozenset())


def _term_vocabulary() -> list[str]:
    """All indexed terms and the surface words they came from, cached per process.

    The cache is keyed on (row count, highest id) of the term table plus a counter the indexer bumps in
    this process, so terms added here or by another process (an import) are seen on the next lookup,
    and a rolled-back transaction that reuses ids in this process does not leave a stale list.
    """
    global _vocabulary_cache
    from django.db.models import Count, Max

    from tiltak.search.models import SearchTerm

    counts = SearchTerm.objects.aggregate(n=Count("id"), top=Max("id"))
    stamp = (counts["n"], counts["top"], _generation)
    if stamp != _vocabulary_cache[0]:
        _vocabulary_cache = (stamp, list(SearchTerm.objects.order_by("term").values_list("term", flat=True)))
    return _vocabulary_cache[1]


# --- concepts ---------------------------------------------------------------------------------------

_concept_cache: tuple[tuple, list[tuple[str, frozenset[str]]]] = ((), [])
# English function words, left out of English labels as the analyzer leaves out Norwegian ones.
ENGLISH_STOPWORDS = frozenset({
    "a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "with", "from", "by", "as", "is",
    "are", "be", "its", "their", "our", "like", "other",
})  # fmt: skip


def concept_names() -> list[tuple[str, frozenset[str]]]:
    """(concept term, folded keys of one label or variant) for every way a concept is written."""
    global _concept_cache
    from tiltak.vocabulary.models import Concept, Variant

    # Small tables: compare their rows, not counters, so the cache never outlives a change.
    english = mechanisms.enabled("english_labels")
    concepts = tuple(
        Concept.objects.values_list("id", "scheme__code", "code", "label_nb", "label_nn", "label_en")
    )
    variants = tuple(Variant.objects.values_list("concept_id", "text"))
    stamp = (concepts, variants, english)
    if stamp != _concept_cache[0]:
        by_concept: dict[int, set[str]] = {}
        for concept_id, text in variants:
            by_concept.setdefault(concept_id, set()).add(text)
        names: list[tuple[str, frozenset[str]]] = []
        for concept_id, scheme, code, label_nb, label_nn, label_en in concepts:
            term = analyzer.concept_term(scheme, code)
            for text in {label_nb, label_nn, *by_concept.get(concept_id, ())}:
                keys = frozenset(analyzer.word_keys(text or ""))
                if keys:
                    names.append((term, keys))
            # The English label names the concept too: a reader of the English pages types it.
            english_keys = frozenset(
                analyzer.fold(w)
                for _s, _e, w in analyzer.tokens(label_en or "")
                if w not in ENGLISH_STOPWORDS
            )
            if english and english_keys:
                names.append((term, english_keys))
        _concept_cache = (stamp, names)
        analyzer.reset_lexicon()  # the vocabulary changed, so the compound lexicon did too
    return _concept_cache[1]


def _add_concepts(groups: list[Group], names: list[tuple[str, frozenset[str]]]) -> None:
    """Concepts whose label or variant the query writes (allowing one missing word in long names)."""
    query_terms = {t for g in groups for t in g.all_terms()}
    for term, keys in names:
        overlap = keys & query_terms
        if len(overlap) == len(keys) or (len(keys) >= 3 and len(overlap) >= len(keys) - 1):
            for group in groups:
                if group.all_terms() & overlap and term not in group.concepts:
                    group.concepts.append(term)
