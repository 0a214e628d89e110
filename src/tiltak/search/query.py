"""The one query code path of the catalog: the search page, the statistics, the JSON API and the exports.

``parse_query`` reads the whole search state from a URL's parameters (a ``QueryDict`` or a plain dict):

    q                full text                       sort   relevance | newest | title
    subject_areas, activities, target_groups, selling_points, partners   concept codes
    county           today's fylkesnummer            municipality   today's kommunenummer
    decade           1990, 2000 …                    language       nb | nn
    status           published | archived            page   1, 2 …          show   a facet to list in full

Values of one facet combine with OR, facets with AND. ``run_search`` returns a ``SearchResult`` with the
page of hits (entry, score, marked snippet), the total, every facet's values with counts computed over the
query with all OTHER facets applied, removable chips, and for an empty result the hits each removal would
give. ``SearchResult.to_dict()`` is the plain form the API serializes. Drafts are never shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import Any
from urllib.parse import urlencode

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tiltak.catalog.models import Entry, EntryPlace
from tiltak.errors import InvalidInput
from tiltak.search.facets import (
    FACET_BY_KEY,
    FACETS,
    PUBLIC_STATUSES,
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

    @property
    def effective_sort(self) -> str:
        if self.sort:
            return self.sort
        return "relevance" if self.q else "title"

    @property
    def is_empty(self) -> bool:
        return not self.q and not any(self.filters.values())

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
    for spec in FACETS:
        values: list[str] = []
        for raw in _getlist(data, spec.key):
            value = raw.strip()
            if not value:
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
    return SearchQuery(q=q, filters=filters, sort=sort, page=page, show=show)


# --- results ---------------------------------------------------------------------------------------


@dataclass
class Hit:
    entry: Entry
    score: float | None
    snippet: SafeString


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    query: str  # URL parameters with this value toggled


@dataclass
class Facet:
    key: str
    label: str
    values: list[FacetValue]
    truncated: bool  # more values exist than are listed
    show_all_query: str

    @property
    def selected_count(self) -> int:
        return sum(1 for v in self.values if v.selected)


@dataclass
class Chip:
    key: str  # facet key, or "q"
    facet_label: str
    value: str
    label: str
    remove_query: str
    count_without: int | None = None  # hits if removed (filled in for empty results)


@dataclass
class SearchResult:
    query: SearchQuery
    hits: list[Hit]
    total: int
    page: int
    pages: int
    facets: list[Facet]
    chips: list[Chip]
    suggestions: list[Chip]  # for an empty result: what to drop, with the hits each removal gives
    clear_query: str

    @property
    def facet_map(self) -> dict[str, Facet]:
        return {f.key: f for f in self.facets}

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": {
                "q": self.query.q,
                "filters": {k: list(v) for k, v in self.query.filters.items()},
                "sort": self.query.effective_sort,
                "page": self.page,
            },
            "total": self.total,
            "page": self.page,
            "pages": self.pages,
            "page_size": PAGE_SIZE,
            "hits": [
                {
                    "slug": h.entry.slug,
                    "title": h.entry.title,
                    "lead": h.entry.lead,
                    "language": h.entry.language,
                    "status": h.entry.status,
                    "period": {"start": h.entry.period_start, "end": h.entry.period_end},
                    "score": h.score,
                    "snippet": str(h.snippet),
                }
                for h in self.hits
            ],
            "facets": [
                {
                    "key": f.key,
                    "label": f.label,
                    "truncated": f.truncated,
                    "values": [
                        {"value": v.value, "label": v.label, "count": v.count, "selected": v.selected}
                        for v in f.values
                    ],
                }
                for f in self.facets
            ],
            "suggestions": [
                {"key": s.key, "value": s.value, "label": s.label, "count": s.count_without}
                for s in self.suggestions
            ],
        }


# --- running a search ------------------------------------------------------------------------------


def public_entries() -> QuerySet[Entry]:
    return Entry.objects.filter(status__in=PUBLIC_STATUSES)


def _full_text(q: str, index: FacetIndex | None = None) -> TextMatch | None:
    from tiltak.search.index import text_search

    return text_search(q, total_documents=index.entries if index else None)


# Up to this many ids a text match is passed to SQL as a list; beyond, as the store's own query (SQLite
# allows 32,766 parameters in one statement).
ID_LIST_LIMIT = 5000


def filtered_entries(query: SearchQuery) -> QuerySet[Entry]:
    """Entries passing the text and every filter (no ordering, no paging): for statistics and exports."""
    base = public_entries()
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


def run_search(
    query: SearchQuery,
    *,
    facets: bool = True,
    page_size: int = PAGE_SIZE,
    facet_keys: tuple[str, ...] | None = None,
) -> SearchResult:
    index = facet_index()
    text = _full_text(query.q, index) if query.q else None
    base = index.public & (text.bits if text else 0 if query.q else -1)
    chosen = {key: index.any_of(key, values) for key, values in query.filters.items() if values}
    filtered = base
    for bits in chosen.values():
        filtered &= bits
    total = filtered.bit_count()
    pages = max(1, -(-total // page_size))
    page = min(query.page, pages)
    hits = _hits(query, index, filtered, total, text, page, page_size)

    facet_list: list[Facet] = []
    if facets:
        wanted = [spec for spec in FACETS if facet_keys is None or spec.key in facet_keys]
        facet_list = _facets(query, index, base, chosen, filtered, wanted)
    chips = _chips(query, facet_list)
    suggestions: list[Chip] = []
    if total == 0 and chips:
        suggestions = _suggestions(query, index, chips, text)
    return SearchResult(
        query=query,
        hits=hits,
        total=total,
        page=page,
        pages=pages,
        facets=facet_list,
        chips=chips,
        suggestions=suggestions,
        clear_query=query.cleared().query_string(),
    )


def _hits(
    query: SearchQuery,
    index: FacetIndex,
    filtered: int,
    total: int,
    text: TextMatch | None,
    page: int,
    size: int,
) -> list[Hit]:
    start, end = (page - 1) * size, page * size
    sort = query.effective_sort
    if sort == "relevance" and text is not None:
        page_ids = [pk for pk, _score in islice(text.ranking(filtered), start, end)]
    else:
        order = index.newest_order if sort == "newest" else index.title_order
        if total * 20 < len(order):  # few hits: order just them
            rank = {pk: i for i, pk in enumerate(order)} if total > 200 else None
            ids = from_bits(filtered)
            page_ids = sorted(ids, key=rank.__getitem__ if rank else order.index)[start:end]
        else:  # many hits: walk the catalog in order until the page is full
            page_ids, seen = [], 0
            for pk in order:
                if filtered >> pk & 1:
                    seen += 1
                    if seen > start:
                        page_ids.append(pk)
                        if len(page_ids) == size:
                            break
    rows = {e.pk: e for e in _with_relations(Entry.objects.filter(pk__in=page_ids))}
    scores = dict(text.ranking(to_bits(page_ids))) if text is not None else {}
    terms = text.plan.terms() if text is not None else _snippet_terms(query.q)
    return [
        Hit(
            entry=rows[pk],
            score=scores.get(pk),
            snippet=make_snippet(rows[pk], query.q, terms=terms),
        )
        for pk in page_ids
        if pk in rows
    ]


def _snippet_terms(q: str) -> set[str] | None:
    """The query's terms, worked out once for the whole page of snippets (not once per hit)."""
    if not q:
        return None
    from tiltak.search.highlight import query_terms

    return query_terms(q)


def _with_relations(qs: QuerySet[Entry]) -> QuerySet[Entry]:
    """What a result list shows besides the entry's own fields: its places."""
    return qs.prefetch_related(Prefetch("entry_places", queryset=EntryPlace.objects.select_related("place")))


def make_snippet(entry: Entry, q: str, length: int = 240, *, terms: set[str] | None = None) -> SafeString:
    text = " ".join(p for p in (entry.lead, entry.body, entry.main_goal) if p)
    if not q:
        return format_html("{}", Truncator(entry.lead or entry.body).chars(length))
    try:
        from tiltak.search.highlight import snippet
    except ImportError:  # the highlighter is optional: plain escaped text then
        return format_html("{}", Truncator(text).chars(length))
    return mark_safe(snippet(text, q, length=length, terms=terms))  # noqa: S308 - snippet() escapes everything


def _facets(
    query: SearchQuery,
    index: FacetIndex,
    base: int,
    chosen: dict[str, int],
    filtered: int,
    specs: list[FacetSpec],
) -> list[Facet]:
    counted: dict[str, list[tuple[str, int]]] = {}
    cut: dict[str, bool] = {}
    for spec in specs:
        limit = SHOW_ALL_LIMIT if spec.key in query.show else spec.limit
        scope = filtered
        if spec.key in chosen:  # disjunctive: count with every OTHER facet applied
            scope = base
            for key, bits in chosen.items():
                if key != spec.key:
                    scope &= bits
        rows = index.count(spec.key, scope, limit + 1)
        cut[spec.key] = len(rows) > limit
        rows = rows[:limit]
        have = {value for value, _n in rows}
        for value in query.filters.get(spec.key, ()):
            if value not in have:  # a chosen value outside the top list still shows, with its count
                rows.append((value, (index.any_of(spec.key, [value]) & scope).bit_count()))
        counted[spec.key] = rows
    labels = value_labels({key: [v for v, _n in rows] for key, rows in counted.items()}, index)
    out = []
    for spec in specs:
        selected = set(query.filters.get(spec.key, ()))
        values = [
            FacetValue(
                value=value,
                label=labels.get((spec.key, value), value),
                count=n,
                selected=value in selected,
                query=query.toggled(spec.key, value).query_string(),
            )
            for value, n in counted[spec.key]
        ]
        out.append(
            Facet(
                key=spec.key,
                label=str(spec.label),
                values=values,
                truncated=cut[spec.key],
                show_all_query=query.showing(spec.key).query_string(),
            )
        )
    return out


def value_labels(values: dict[str, list[str]], index: FacetIndex | None = None) -> dict[tuple[str, str], str]:
    """Labels in the active language for facet values: concept labels, place names, decades, words."""
    from tiltak.vocabulary.models import Concept, localized_label

    labels: dict[tuple[str, str], str] = {}
    concept_q = Q()
    scheme_key: dict[str, str] = {}
    for key, vals in values.items():
        spec = FACET_BY_KEY[key]
        if spec.kind == "list" and vals:
            concept_q |= Q(scheme__code=spec.scheme, code__in=vals)
            scheme_key[spec.scheme] = key
    if concept_q:
        rows = Concept.objects.filter(concept_q).values_list(
            "scheme__code", "code", "label_nb", "label_nn", "label_en"
        )
        for scheme, code, label_nb, label_nn, label_en in rows:
            label = localized_label(_Labels(label_nb, label_nn, label_en))
            labels[(scheme_key[scheme], code)] = label
    place_names = (index or facet_index()).place_names
    for kind in ("county", "municipality"):
        for code in values.get(kind, []):
            if (kind, code) in place_names:
                labels[(kind, code)] = place_names[(kind, code)]
    for value in values.get("decade", []):
        labels[("decade", value)] = pgettext("decade", "%(decade)ss") % {"decade": value}
    names = {"nb": _("bokmål"), "nn": _("nynorsk"), "published": _("published"), "archived": _("archived")}
    for key in ("language", "status"):
        for value in values.get(key, []):
            labels[(key, value)] = names.get(value, value)
    return labels


@dataclass
class _Labels:
    label_nb: str
    label_nn: str
    label_en: str


def _chips(query: SearchQuery, facets: list[Facet]) -> list[Chip]:
    known = {(f.key, v.value): v.label for f in facets for v in f.values}
    missing = {key: [v for v in vals if (key, v) not in known] for key, vals in query.filters.items()}
    if any(missing.values()):
        known.update(value_labels(missing))
    chips = []
    if query.q:
        chips.append(Chip("q", _("Text"), query.q, query.q, query.without_q().query_string()))
    for spec in FACETS:
        for value in query.filters.get(spec.key, ()):
            chips.append(
                Chip(
                    key=spec.key,
                    facet_label=str(spec.label),
                    value=value,
                    label=known.get((spec.key, value), value),
                    remove_query=query.toggled(spec.key, value).query_string(),
                )
            )
    return chips


def _suggestions(
    query: SearchQuery, index: FacetIndex, chips: list[Chip], text: TextMatch | None
) -> list[Chip]:
    """For an empty result: each chip with the number of hits its removal would give, best first."""
    out = []
    for chip in chips:
        smaller = query.without_q() if chip.key == "q" else query.toggled(chip.key, chip.value)
        bits = index.public & (-1 if not smaller.q else text.bits if text else 0)
        for key, values in smaller.filters.items():
            if values:
                bits &= index.any_of(key, values)
        chip.count_without = bits.bit_count()
        if chip.count_without:
            out.append(chip)
    return sorted(out, key=lambda c: -(c.count_without or 0))
