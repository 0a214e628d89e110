"""Which entries a text query finds, counted exactly, and which of them get the precise score.

Each group of a query plan (one per query word, satisfied by any of its alternatives) becomes one store
query returning the ids of the entries that contain the word: an FTS5 ``MATCH`` on SQLite, a ``tsquery``
on PostgreSQL, with the ids sent back as one comma-separated string (far cheaper than a row per id).
As bitmaps (a Python int with bit ``pk`` set, as in the facet index) these sets give:

- each word's document frequency, hence its idf weight;
- the *result set*: every entry with any query word (soft coverage: the share of the query's idf weight an
  entry has weighs heavily in its score and orders the classes below, so pages with every word come first,
  but one rare word no longer hides the pages that have the rest). Its size is the exact hit count ("entries
  with any of the words"), and it is what the facets count. With ``soft_coverage`` switched off
  (``tiltak.search.mechanisms``) the old mostly-AND rule applies: entries carrying at least
  ``NEEDED_SHARE`` of the weight, or every entry with any word when none does;
- *classes*: the result set split by the share of the query each entry has, then (for big result sets)
  by the weight of the words found in its title, then in its lead.

The precise score (``tiltak.search.index.score_documents``) reads each entry's analysed fields, so it is
given at most ``RESCORED`` entries: all of them when the result set is that small, else the first of the
classes in order. Entries beyond those follow class by class, then by id. No store rank function is used,
so the order is the same on SQLite and PostgreSQL at any size.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from django.db import connection

from tiltak.search import mechanisms
from tiltak.search.facets import from_bits, to_bits
from tiltak.search.plan import Group, QueryPlan

NEEDED_SHARE = 0.6
RESCORED = 100
# Words of a query that count: the result set is written out as a store query over subsets of them, and
# split into up to 2^n classes by the words they have. Words beyond these (a pasted paragraph) are left out.
MAX_WORDS = 10
FIELDS = ("title", "lead", "lists", "body")
PG_WEIGHTS = {"title": "A", "lead": "B", "lists": "C", "body": "D"}


# --- store expressions ------------------------------------------------------------------------------


def _alternatives(group: Group) -> list[tuple[str, ...]]:
    return [*group.alternatives, *((c,) for c in group.concepts)]


def group_expression(group: Group, vendor: str | None = None, field: str | None = None) -> str:
    """The store's query for "an entry containing this word" (in ``field``, or anywhere): any alternative,
    and an alternative of several terms (compound parts) only when all of them occur in one field, as the
    precise score counts."""
    vendor = vendor or connection.vendor
    fields = (field,) if field else FIELDS
    parts = []
    # Concept terms are only ever in lists.
    for alt in _alternatives(group) if field in (None, "lists") else group.alternatives:
        if vendor == "postgresql":
            if field:  # asked of the field's own column (``_ids(..., field=...)``), so no weights
                parts.append("(" + " & ".join(f"'{t}'" for t in alt) + ")")
            elif len(alt) == 1:
                parts.append(f"'{alt[0]}'")
            else:
                per_field = (
                    "(" + " & ".join(f"'{t}':{PG_WEIGHTS[name]}" for t in alt) + ")" for name in fields
                )
                parts.append("(" + " | ".join(per_field) + ")")
        else:
            if len(alt) == 1 and not field:
                parts.append(f'"{alt[0]}"')
            else:
                conj = "(" + " AND ".join(f'"{t}"' for t in alt) + ")"
                parts.append("(" + " OR ".join(f"{{{name}}}: {conj}" for name in fields) + ")")
    joiner = " | " if vendor == "postgresql" else " OR "
    return "(" + joiner.join(parts) + ")"


def _join(expressions: list[str], op: str) -> str:
    if connection.vendor == "postgresql":
        op = {"AND": "&", "OR": "|"}[op]
    return "(" + f" {op} ".join(expressions) + ")"


def _ids(expression: str, field: str | None = None) -> int:
    """The ids of the entries the store finds for ``expression`` (made for ``field`` when given), as a
    bitmap."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            column = f"{field}_vector" if field else "vector"  # see migration 0004
            cursor.execute(
                f"SELECT string_agg(entry_id::text, ',') FROM search_searchdocument "  # noqa: S608 - fixed names
                f"WHERE {column} @@ to_tsquery('simple', %s)",
                [expression],
            )
        else:
            cursor.execute(
                "SELECT group_concat(rowid) FROM search_fts WHERE search_fts MATCH %s", [expression]
            )
        joined = cursor.fetchone()[0]
    if not joined:
        return 0
    return to_bits(map(int, joined.split(",")))


def _group_ids(group: Group, expression: str) -> int:
    """The entries containing one query word. On PostgreSQL a word with compound parts (which must occur
    in one field together) is asked of each field's own vector: the weighted ``vector`` could only check
    that by reading every row that has the parts anywhere."""
    if connection.vendor != "postgresql" or all(len(alt) == 1 for alt in group.alternatives):
        return _ids(expression)
    bits = _ids(group_expression(group, vendor="postgresql", field="lists"), "lists")  # concepts live here
    for name in ("title", "lead", "body"):
        bits |= _ids(group_expression(group, vendor="postgresql", field=name), name)
    return bits


def store_subquery(expression: str) -> tuple[str, list[str]]:
    """SQL selecting the ids the store finds for ``expression`` (for ``pk__in`` over many entries)."""
    if connection.vendor == "postgresql":
        return "SELECT entry_id FROM search_searchdocument WHERE vector @@ to_tsquery('simple', %s)", [
            expression
        ]
    return "SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [expression]


def document_count() -> int:
    from tiltak.search.models import SearchDocument

    return SearchDocument.objects.count()


# --- the match --------------------------------------------------------------------------------------


@dataclass
class TextMatch:
    plan: QueryPlan
    idf: list[float]
    bits: int  # the result set
    # The result set split into classes, best first: by the share of the query's weight an entry has,
    # then (for result sets bigger than RESCORED) by the weight of the words it has in its title, then lead.
    classes: list[tuple[tuple[float, ...], int]] = field(default_factory=list)
    scored: list[tuple[int, float]] = field(default_factory=list)  # precisely scored, best first
    expression: str = ""  # the store query for exactly the result set

    @property
    def total(self) -> int:
        return self.bits.bit_count()

    def ranking(self, within: int = -1) -> Iterator[tuple[int, float]]:
        """(id, score) best first, over the result set and ``within`` (a bitmap of allowed ids).

        Precisely scored entries come first; the rest follow class by class and by id, with scores just
        below the last precise one (so scores never rise down the list)."""
        done = 0
        floor = math.inf
        for pk, score in self.scored:
            done |= 1 << pk
            floor = min(floor, score)
            if within >> pk & 1:
                yield pk, score
        for key, bits in self.classes:
            rest = bits & within & ~done
            if not rest:
                continue
            score = round(min(floor, 2.0 * key[0]) - 1e-6, 6)
            for pk in from_bits(rest):
                yield pk, score


def text_match(query_plan: QueryPlan, *, total_documents: int | None = None) -> TextMatch:
    """The entries ``query_plan`` finds (see the module docstring), with the best precisely scored."""
    from tiltak.search.index import score_documents

    if len(query_plan.groups) > MAX_WORDS:
        query_plan = replace(query_plan, groups=query_plan.groups[:MAX_WORDS])
    groups = query_plan.groups
    expressions = [group_expression(g) for g in groups]
    group_bits = [_group_ids(g, e) for g, e in zip(groups, expressions, strict=True)]
    total = total_documents if total_documents is not None else document_count()
    idf = []
    for bits in group_bits:
        n = bits.bit_count()
        idf.append(math.log(1 + max(total, n) / n) if n else 0.0)
    union = 0
    for bits in group_bits:
        union |= bits
    levels = _split(union, group_bits, idf)
    if mechanisms.enabled("soft_coverage"):
        passing = []  # every entry with any word is found and ranked; its share weighs in the score
    else:
        passing = [(share, bits) for share, bits in levels if share >= NEEDED_SHARE - 1e-9]
    chosen = passing or levels
    result_bits = 0
    for _share, bits in chosen:
        result_bits |= bits
    if not result_bits:
        return TextMatch(query_plan, idf, 0)
    result = TextMatch(
        query_plan,
        idf,
        result_bits,
        [((share,), bits) for share, bits in chosen],
        expression=_result_expression(expressions, idf, bool(passing)),
    )
    if result.total <= RESCORED:
        result.scored = score_documents(query_plan, result_bits, idf)
        return result
    # Too many to score each: order the classes further by where the words are (title, then lead), the
    # biggest parts of the precise score, and score the first RESCORED entries in that order.
    in_title = [_ids(group_expression(g, field="title"), "title") for g in groups]
    in_lead = [_ids(group_expression(g, field="lead"), "lead") for g in groups]
    classes: list[tuple[tuple[float, ...], int]] = []
    for share, bits in chosen:
        for title_weight, title_bits in _split(bits, in_title, idf):
            for lead_weight, lead_bits in _split(title_bits, in_lead, idf):
                classes.append(((share, title_weight, lead_weight), lead_bits))
    result.classes = classes
    pool, wanted = 0, RESCORED
    for _key, bits in classes:
        ids = from_bits(bits)[:wanted]
        for pk in ids:
            pool |= 1 << pk
        wanted -= len(ids)
        if not wanted:
            break
    result.scored = score_documents(query_plan, pool, idf)
    return result


def _split(bits: int, sets: list[int], idf: list[float]) -> list[tuple[float, int]]:
    """``bits`` split by which of ``sets`` (one per query word) each entry is in: (share of the query's
    idf weight those words carry, entries), best first. Only non-empty parts are made."""
    weight = sum(idf) or 1.0
    parts: list[tuple[int, frozenset[int]]] = [(bits, frozenset())] if bits else []
    for g, members in enumerate(sets):
        next_parts = []
        for part, have in parts:
            inside, outside = part & members, part & ~members
            if inside:
                next_parts.append((inside, have | {g}))
            if outside:
                next_parts.append((outside, have))
        parts = next_parts
    shares = [(sum(idf[g] for g in have) / weight, sorted(have), part) for part, have in parts]
    shares.sort(key=lambda row: (-row[0], row[1]))
    return [(share, part) for share, _have, part in shares]


def _result_expression(expressions: list[str], idf: list[float], rule_applies: bool) -> str:
    """The store query for exactly the result set: the smallest sets of words that reach the needed share,
    OR-ed."""
    if not rule_applies:
        return _join(expressions, "OR")
    n = len(expressions)
    weight = sum(idf) or 1.0
    qualifying = [
        frozenset(g for g in range(n) if mask >> g & 1)
        for mask in range(1, 1 << n)
        if sum(idf[g] for g in range(n) if mask >> g & 1) / weight >= NEEDED_SHARE - 1e-9
    ]
    minimal = [s for s in qualifying if not any(other < s for other in qualifying)]
    minimal.sort(key=lambda s: (len(s), sorted(s)))
    clauses = [_join([expressions[g] for g in sorted(s)], "AND") for s in minimal]
    return clauses[0] if len(clauses) == 1 else _join(clauses, "OR")
