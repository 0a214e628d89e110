"""The one search of the catalog: `tiltak search`, the search page, its JSON, the API, statistics, exports.

``parse_query`` reads the whole search state from a URL's parameters (a ``QueryDict`` or a plain dict):

    q                full text                       sort   relevance | newest | title
    subject_areas, activities, target_groups, selling_points, partners   concept codes
    county           fylkesnummer or name            municipality   kommunenummer or name (any era,
                     read as today's: ``tiltak.places.services.todays_areas``, with a note)
    region           SSB economic region (5 digits)   like   a municipality: entries in places like it
    decade           1990, 2000 …                    language       nb | nn
    status           published | archived (| draft for editors)   page   1, 2 …   show   a facet in full

Values of one facet combine with OR, facets with AND. ``run_search`` returns a ``SearchResult`` of plain
numbers: the page's entry ids in order with their scores, the exact total, every facet's values with counts
over the query with all OTHER facets applied, and for an empty result the hits each removal would give.
What a reader sees of it (labels, toggle links, snippets, the JSON shape) is ``tiltak.presenter.search``.
Every function takes the reader's ``Scope`` (``tiltak.catalog.visibility``): drafts only for editors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from tiltak.catalog.models import Entry
from tiltak.catalog.visibility import Scope, visible_entries
from tiltak.errors import InvalidInput
from tiltak.places.services import ensure_place_areas, todays_areas
from tiltak.search.facets import (
    FACET_BY_KEY,
    FACETS,
    SHOW_ALL_LIMIT,
    FacetIndex,
    FacetSpec,
    condition,
    facet_index,
    from_bits,
    to_bits,
    valid_value,
)
from tiltak.search.retrieval import TextMatch, store_subquery

SORTS = ("relevance", "newest", "title")
PAGE_SIZE = 20
MAX_PAGE = 500
MAX_QUERY_LENGTH = 300
MAX_VALUES_PER_FACET = 30


@dataclass(frozen=True)
class SearchQuery:
    q: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = ""
    page: int = 1
    show: tuple[str, ...] = ()  # facets listed in full
    notes: tuple[str, ...] = ()  # how former place numbers or names were read (not part of the URL)

    @property
    def effective_sort(self) -> str:
        if self.sort:
            return self.sort
        return "relevance" if self.q else "title"

    def params(self, *, page: bool = True) -> list[tuple[str, str]]:
        """The URL parameters of this state, in a stable order (shared links look the same)."""
        out: list[tuple[str, str]] = []
        if self.q:
            out.append(("q", self.q))
        for spec in FACETS:
            out += [(spec.key, v) for v in self.filters.get(spec.key, ())]
        if self.sort:
            out.append(("sort", self.sort))
        out += [("show", key) for key in self.show]
        if page and self.page > 1:
            out.append(("page", str(self.page)))
        return out

    def query_string(self, *, page: bool = True) -> str:
        return urlencode(self.params(page=page))

    def toggled(self, key: str, value: str) -> SearchQuery:
        values = list(self.filters.get(key, ()))
        values = [v for v in values if v != value] if value in values else [*values, value]
        return replace(self, filters={**self.filters, key: tuple(values)}, page=1)

    def narrowed(self, key: str, value: str) -> SearchQuery:
        """This search with ``value`` chosen in facet ``key`` (kept if it already is)."""
        values = self.filters.get(key, ())
        return (
            self
            if value in values
            else replace(self, filters={**self.filters, key: (*values, value)}, page=1)
        )

    def without_q(self) -> SearchQuery:
        return replace(self, q="", page=1, sort="" if self.sort == "relevance" else self.sort)

    def cleared(self) -> SearchQuery:
        return SearchQuery(sort=self.sort if self.sort != "relevance" else "")

    def with_page(self, page: int) -> SearchQuery:
        return replace(self, page=page)

    def showing(self, key: str) -> SearchQuery:
        return replace(self, show=(*self.show, key) if key not in self.show else self.show)


def _getlist(data: Any, key: str) -> list[str]:
    if hasattr(data, "getlist"):
        return [str(v) for v in data.getlist(key)]
    value = data.get(key) if isinstance(data, Mapping) else None
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def parse_query(data: Any, *, strict: bool = False) -> SearchQuery:
    """The search state in URL parameters. Unknown values are dropped, or with ``strict`` refused."""

    def bad(message: str) -> None:
        if strict:
            raise InvalidInput(message)

    q = " ".join(" ".join(_getlist(data, "q")).split())
    if len(q) > MAX_QUERY_LENGTH:
        bad(f"The search text is {len(q)} characters long; at most {MAX_QUERY_LENGTH} are allowed.")
        q = q[:MAX_QUERY_LENGTH]
    filters: dict[str, tuple[str, ...]] = {}
    notes: list[str] = []
    for spec in FACETS:
        values: list[str] = []
        for raw in _getlist(data, spec.key):
            value = raw.strip()
            if not value:
                continue
            if spec.kind in ("county", "municipality", "like"):  # numbers and names of any era, as today's
                resolved = todays_areas("county" if spec.kind == "county" else "municipality", value)
                if resolved is None:
                    bad(
                        f"'{value}' is not a valid value for {spec.key}: no {spec.key} of any era has that number or name."
                    )
                    continue
                notes += [resolved.note] if resolved.note else []
                values += [n for n in resolved.numbers if n not in values]
                continue
            if not valid_value(spec, value):
                bad(f"'{value}' is not a valid value for {spec.key} (expected {spec.pattern}).")
                continue
            if value not in values:
                values.append(value)
        if len(values) > MAX_VALUES_PER_FACET:
            bad(f"At most {MAX_VALUES_PER_FACET} values of {spec.key} can be combined.")
            values = values[:MAX_VALUES_PER_FACET]
        if values:
            filters[spec.key] = tuple(values)
    sort = (_getlist(data, "sort") or [""])[0]
    if sort and sort not in SORTS:
        bad(f"Unknown sort '{sort}': use {', '.join(SORTS)}.")
        sort = ""
    page_raw = (_getlist(data, "page") or ["1"])[0]
    try:
        page = int(page_raw)
    except ValueError:
        bad(f"Page '{page_raw}' is not a number.")
        page = 1
    if not 1 <= page <= MAX_PAGE:
        bad(f"Page {page} is out of range (1-{MAX_PAGE}).")
        page = min(max(page, 1), MAX_PAGE)
    show = tuple(dict.fromkeys(k for k in _getlist(data, "show") if k in FACET_BY_KEY))
    return SearchQuery(q=q, filters=filters, sort=sort, page=page, show=show, notes=tuple(notes))


# --- results ---------------------------------------------------------------------------------------


@dataclass
class FacetCounts:
    """One facet's values with their counts (chosen values always included), before any labelling."""

    spec: FacetSpec
    values: list[tuple[str, int]]
    truncated: bool  # more values exist than are listed

    @property
    def key(self) -> str:
        return self.spec.key


@dataclass
class Removal:
    """For an empty result: one part of the query (the text, or one filter value) and the hits without it."""

    key: str  # facet key, or "q"
    value: str
    count: int


@dataclass
class SearchResult:
    query: SearchQuery
    scope: Scope
    ids: list[int]  # the page's entries, in order
    scores: dict[int, float]  # relevance of the page's entries (text queries only)
    total: int
    page: int
    pages: int
    page_size: int
    facets: list[FacetCounts]
    removals: list[Removal]
    text: TextMatch | None  # the text match, for the presenter's snippets

    @property
    def facet_map(self) -> dict[str, FacetCounts]:
        return {f.key: f for f in self.facets}


# --- running a search ------------------------------------------------------------------------------


def _full_text(q: str, index: FacetIndex | None = None) -> TextMatch | None:
    from tiltak.search.index import text_search

    return text_search(q, total_documents=index.entries if index else None)


# Up to this many ids a text match is passed to SQL as a list; beyond, as the store's own query (SQLite
# allows 32,766 parameters in one statement).
ID_LIST_LIMIT = 5000


def filtered_entries(query: SearchQuery, *, scope: Scope = Scope.PUBLIC) -> QuerySet[Entry]:
    """Entries passing the text and every filter (no ordering, no paging): for exports."""
    ensure_place_areas()  # the place filters read them
    base = visible_entries(scope)
    if query.q:
        text = _full_text(query.q)
        if text is None or not text.bits:
            return base.none()
        if text.total <= ID_LIST_LIMIT:
            base = base.filter(pk__in=from_bits(text.bits))
        else:
            sql, params = store_subquery(text.expression)
            base = base.filter(pk__in=RawSQL(sql, params))
    return base.filter(*_conditions(query).values())


def _conditions(query: SearchQuery) -> dict[str, Q]:
    return {
        key: condition(FACET_BY_KEY[key], list(values)) for key, values in query.filters.items() if values
    }


@dataclass
class Selection:
    """The entries a search state selects, as bitmaps over the facet index (no paging, no facets)."""

    index: FacetIndex
    text: TextMatch | None
    base: int  # visible entries matching the text
    chosen: dict[str, int]  # per filtered facet, the entries having any of its chosen values
    bits: int  # base with every filter applied

    @property
    def total(self) -> int:
        return self.bits.bit_count()


def select(query: SearchQuery, *, scope: Scope = Scope.PUBLIC) -> Selection:
    index = facet_index()
    text = _full_text(query.q, index) if query.q else None
    base = index.visible(scope) & (text.bits if text else 0 if query.q else -1)
    chosen = {key: index.any_of(key, values) for key, values in query.filters.items() if values}
    bits = base
    for value_bits in chosen.values():
        bits &= value_bits
    return Selection(index=index, text=text, base=base, chosen=chosen, bits=bits)


def run_search(
    query: SearchQuery,
    *,
    scope: Scope = Scope.PUBLIC,
    facets: bool = True,
    page_size: int = PAGE_SIZE,
    facet_keys: tuple[str, ...] | None = None,
) -> SearchResult:
    selection = select(query, scope=scope)
    total = selection.total
    pages = max(1, -(-total // page_size))
    page = min(query.page, pages)
    ids = _page_ids(query, selection, page, page_size)
    text = selection.text
    scores = dict(text.ranking(to_bits(ids))) if text is not None and ids else {}
    facet_list: list[FacetCounts] = []
    if facets:
        wanted = [spec for spec in FACETS if facet_keys is None or spec.key in facet_keys]
        facet_list = _facets(query, selection, wanted)
    removals = _removals(query, selection, scope) if total == 0 else []
    return SearchResult(
        query=query,
        scope=scope,
        ids=ids,
        scores=scores,
        total=total,
        page=page,
        pages=pages,
        page_size=page_size,
        facets=facet_list,
        removals=removals,
        text=text,
    )


def _page_ids(query: SearchQuery, selection: Selection, page: int, size: int) -> list[int]:
    start, end = (page - 1) * size, page * size
    index, text, filtered, total = selection.index, selection.text, selection.bits, selection.total
    if query.effective_sort == "relevance" and text is not None:
        return [pk for pk, _score in islice(text.ranking(filtered), start, end)]
    order = index.newest_order if query.effective_sort == "newest" else index.title_order
    if total * 20 < len(order):  # few hits: order just them
        rank = {pk: i for i, pk in enumerate(order)} if total > 200 else None
        ids = from_bits(filtered)
        return sorted(ids, key=rank.__getitem__ if rank else order.index)[start:end]
    page_ids, seen = [], 0  # many hits: walk the catalog in order until the page is full
    for pk in order:
        if filtered >> pk & 1:
            seen += 1
            if seen > start:
                page_ids.append(pk)
                if len(page_ids) == size:
                    break
    return page_ids


def _facets(query: SearchQuery, selection: Selection, specs: list[FacetSpec]) -> list[FacetCounts]:
    index, chosen = selection.index, selection.chosen
    out = []
    for spec in specs:
        limit = SHOW_ALL_LIMIT if spec.key in query.show else spec.limit
        scope = selection.bits
        if spec.key in chosen:  # disjunctive: count with every OTHER facet applied
            scope = selection.base
            for key, bits in chosen.items():
                if key != spec.key:
                    scope &= bits
        rows = index.count(spec.key, scope, limit + 1)
        truncated = len(rows) > limit
        rows = rows[:limit]
        have = {value for value, _n in rows}
        for value in query.filters.get(spec.key, ()):
            if value not in have:  # a chosen value outside the top list still shows, with its count
                rows.append((value, (index.any_of(spec.key, [value]) & scope).bit_count()))
        out.append(FacetCounts(spec=spec, values=rows, truncated=truncated))
    return out


def _removals(query: SearchQuery, selection: Selection, scope: Scope) -> list[Removal]:
    """For an empty result: each part of the query with the number of hits its removal gives, best first."""
    index, text = selection.index, selection.text
    parts = [("q", query.q)] if query.q else []
    parts += [(key, value) for key, values in query.filters.items() for value in values]
    out = []
    for key, value in parts:
        smaller = query.without_q() if key == "q" else query.toggled(key, value)
        bits = index.visible(scope) & (-1 if not smaller.q else text.bits if text else 0)
        for other, values in smaller.filters.items():
            if values:
                bits &= index.any_of(other, values)
        count = bits.bit_count()
        if count:
            out.append(Removal(key, value, count))
    return sorted(out, key=lambda r: -r.count)
