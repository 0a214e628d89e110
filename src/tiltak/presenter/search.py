"""A search as a reader sees it: hits with snippets, labelled facets with toggle links, chips, suggestions,
and the one JSON shape that the search page's JSON, `/api/v1/search` and `tiltak search --format json`
all give out."""

from __future__ import annotations

import contextlib
import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from tiltak.catalog.models import Entry, EntryPlace
from tiltak.catalog.visibility import Scope
from tiltak.presenter.labels import value_labels
from tiltak.search.facets import FACETS, FacetIndex, facet_index
from tiltak.search.query import PAGE_SIZE, SearchQuery, SearchResult, run_search

SNIPPET_LENGTH = 240


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


@dataclass
class Chip:
    key: str  # facet key, or "q"
    facet_label: str
    value: str
    label: str
    remove_query: str
    count_without: int | None = None  # hits if removed (filled in for empty results)


@dataclass
class SearchPage:
    result: SearchResult
    hits: list[Hit]
    facets: list[Facet]
    chips: list[Chip]
    suggestions: list[Chip]  # for an empty result: what to drop, with the hits each removal gives

    @property
    def query(self) -> SearchQuery:
        return self.result.query

    @property
    def total(self) -> int:
        return self.result.total

    @property
    def page(self) -> int:
        return self.result.page

    @property
    def pages(self) -> int:
        return self.result.pages

    @property
    def clear_query(self) -> str:
        return self.query.cleared().query_string()

    @property
    def facet_map(self) -> dict[str, Facet]:
        return {f.key: f for f in self.facets}

    def to_dict(
        self,
        *,
        absolute: Callable[[str], str] = str,
        page_link: Callable[[int], str] | None = None,
    ) -> dict[str, Any]:
        """The page as JSON. ``absolute`` makes a path a full address (the request's host); ``page_link``
        gives the address of another page of the same search (omitted: no ``links``)."""
        query = self.query
        data: dict[str, Any] = {
            "total": self.total,
            "page": self.page,
            "page_size": self.result.page_size,
            "pages": self.pages,
            "filters": {
                **({"q": [query.q]} if query.q else {}),
                **{k: list(v) for k, v in query.filters.items()},
            },
            **({"notes": list(query.notes)} if query.notes else {}),
            "sort": query.effective_sort,
            "hits": [_hit_dict(hit, absolute) for hit in self.hits],
            "facets": {
                facet.key: {
                    "label": str(facet.label),
                    "truncated": facet.truncated,
                    "values": [
                        {"value": v.value, "label": str(v.label), "count": v.count, "selected": v.selected}
                        for v in facet.values
                    ],
                }
                for facet in self.facets
            },
        }
        if page_link is not None:
            number = self.page
            data["links"] = {
                "self": page_link(number),
                "first": page_link(1),
                "prev": page_link(number - 1) if number > 1 else None,
                "next": page_link(number + 1) if number < self.pages else None,
                "last": page_link(max(self.pages, 1)),
            }
        return data


def search_page(
    query: SearchQuery,
    *,
    scope: Scope = Scope.PUBLIC,
    page_size: int = PAGE_SIZE,
    facet_keys: tuple[str, ...] | None = None,
    facets: bool = True,
) -> SearchPage:
    """Run the search and present it: what every surface calls."""
    result = run_search(query, scope=scope, page_size=page_size, facet_keys=facet_keys, facets=facets)
    return present(result)


def present(result: SearchResult) -> SearchPage:
    index = facet_index()
    entries = {
        e.pk: e
        for e in Entry.objects.filter(pk__in=result.ids).prefetch_related(
            Prefetch("entry_places", queryset=EntryPlace.objects.select_related("place"))
        )
    }
    terms = result.text.plan.terms() if result.text is not None else _snippet_terms(result.query.q)
    hits = [
        Hit(
            entry=entries[pk],
            score=result.scores.get(pk),
            snippet=make_snippet(entries[pk], result.query.q, terms=terms),
        )
        for pk in result.ids
        if pk in entries
    ]
    facets = _facets(result, index)
    chips = _chips(result.query, facets, index)
    suggestions = []
    by_part = {(r.key, r.value): r.count for r in result.removals}
    for chip in chips:
        if (chip.key, chip.value) in by_part:
            chip.count_without = by_part[(chip.key, chip.value)]
            suggestions.append(chip)
    suggestions.sort(key=lambda c: -(c.count_without or 0))
    return SearchPage(result=result, hits=hits, facets=facets, chips=chips, suggestions=suggestions)


def _facets(result: SearchResult, index: FacetIndex) -> list[Facet]:
    query = result.query
    labels = value_labels({f.key: [v for v, _n in f.values] for f in result.facets}, index)
    out = []
    for counts in result.facets:
        selected = set(query.filters.get(counts.key, ()))
        values = [
            FacetValue(
                value=value,
                label=labels.get((counts.key, value), value),
                count=n,
                selected=value in selected,
                query=query.toggled(counts.key, value).query_string(),
            )
            for value, n in counts.values
        ]
        out.append(
            Facet(
                key=counts.key,
                label=str(counts.spec.label),
                values=values,
                truncated=counts.truncated,
                show_all_query=query.showing(counts.key).query_string(),
            )
        )
    return out


def _chips(query: SearchQuery, facets: list[Facet], index: FacetIndex) -> list[Chip]:
    known = {(f.key, v.value): v.label for f in facets for v in f.values}
    missing = {key: [v for v in vals if (key, v) not in known] for key, vals in query.filters.items()}
    if any(missing.values()):
        known.update(value_labels(missing, index))
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


def _snippet_terms(q: str) -> set[str] | None:
    """The query's terms, worked out once for the whole page of snippets (not once per hit)."""
    if not q:
        return None
    from tiltak.search.highlight import query_terms

    return query_terms(q)


def make_snippet(
    entry: Entry, q: str, length: int = SNIPPET_LENGTH, *, terms: set[str] | None = None
) -> SafeString:
    """The part of the entry's text that best shows the query, its words marked; escaped throughout."""
    if not q:
        return format_html("{}", Truncator(entry.lead or entry.body).chars(length))
    from tiltak.search.highlight import snippet

    text = " ".join(p for p in (entry.lead, entry.body, entry.main_goal) if p)
    return mark_safe(snippet(text, q, length=length, terms=terms))  # noqa: S308 - snippet() escapes everything


def entry_links(entry: Entry, absolute: Callable[[str], str] = str) -> dict[str, str]:
    links = {"self": absolute(reverse("api:entry", args=[entry.slug]))}
    with contextlib.suppress(NoReverseMatch):
        links["html"] = absolute(reverse("web:entry", args=[entry.slug]))
    return links


def _hit_dict(hit: Hit, absolute: Callable[[str], str]) -> dict[str, Any]:
    entry = hit.entry
    return {
        "id": entry.pk,
        "slug": entry.slug,
        "title": entry.title,
        "lead": entry.lead,
        "language": entry.language,
        "status": entry.status,
        "period": {"start": entry.period_start, "end": entry.period_end},
        "snippet": html.unescape(strip_tags(str(hit.snippet))),
        "snippet_html": str(hit.snippet),
        "score": hit.score,
        "links": entry_links(entry, absolute),
    }
