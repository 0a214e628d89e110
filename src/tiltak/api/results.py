"""From the query layer's results to the API's JSON shapes.

All searching goes through ``tiltak.search.query`` (the one code path the HTML pages and exports use):
the API checks its parameters (``params``), hands them to ``parse_query`` and ``run_search`` /
``filtered_entries``, and only reshapes what comes back, adding links and labels in ``lang``.
"""

from __future__ import annotations

import contextlib
import html
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import strip_tags

from tiltak.api.params import ApiError, Page
from tiltak.catalog.models import SCHEME_FOR_LIST, Entry
from tiltak.errors import InvalidInput
from tiltak.search import query
from tiltak.search.facets import ensure_place_areas
from tiltak.vocabulary.models import Concept


def search_page(
    request: HttpRequest, filters: dict[str, list[str]], *, sort: str | None, page: Page, lang: str
) -> dict[str, Any]:
    search_query = _parse(filters, sort=sort, page=page.number)
    with translation.override(lang):
        result = query.run_search(search_query, page_size=page.size)
        hits = [_hit(request, hit) for hit in result.hits]
        facets = {
            facet.key: {
                "label": str(facet.label),
                "truncated": facet.truncated,
                "values": [
                    {"value": v.value, "label": str(v.label), "count": v.count, "selected": v.selected}
                    for v in facet.values
                ],
            }
            for facet in result.facets
        }
    # The query layer shows the last page for a page past the end; the API says so instead.
    if page.number > result.pages:
        raise ApiError(
            f"Page {page.number} is past the last page ({result.pages}) of {result.total} hits.",
            parameter="page",
        )
    return {
        "total": result.total,
        "page": result.page,
        "page_size": page.size,
        "pages": result.pages,
        "filters": filters,
        "sort": search_query.effective_sort,
        "hits": hits,
        "facets": facets,
        "links": _page_links(request, page, result.pages),
    }


def matching_entries(filters: dict[str, list[str]]) -> QuerySet[Entry]:
    """Every public entry the filters match, unpaged (statistics and exports)."""
    ensure_place_areas()
    return query.filtered_entries(_parse(filters, sort=None, page=1))


def _parse(filters: dict[str, list[str]], *, sort: str | None, page: int) -> query.SearchQuery:
    data: dict[str, list[str]] = {**filters, "page": [str(page)]}
    if sort:
        data["sort"] = [sort]
    try:
        return query.parse_query(data, strict=True)
    except InvalidInput as error:  # params checks first; this is a backstop, never a 500
        raise ApiError(str(error)) from error


def _hit(request: HttpRequest, hit: query.Hit) -> dict[str, Any]:
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
        "links": entry_links(request, entry),
    }


def _page_links(request: HttpRequest, page: Page, pages: int) -> dict[str, str | None]:
    def at(number: int) -> str:
        items = [(key, value) for key, values in request.GET.lists() if key != "page" for value in values]
        items.append(("page", str(number)))
        return request.build_absolute_uri(request.path + "?" + urlencode(items))

    return {
        "self": at(page.number),
        "first": at(1),
        "prev": at(page.number - 1) if page.number > 1 else None,
        "next": at(page.number + 1) if page.number < pages else None,
        "last": at(max(pages, 1)),
    }


def entry_links(request: HttpRequest, entry: Entry) -> dict[str, str]:
    links = {"self": request.build_absolute_uri(reverse("api:entry", args=[entry.slug]))}
    with contextlib.suppress(NoReverseMatch):  # the web app names its routes; the API does not need them
        links["html"] = request.build_absolute_uri(reverse("web:entry", args=[entry.slug]))
    return links


def with_labels(data: dict[str, Any], lang: str) -> dict[str, Any]:
    """Add each list item's concept label in ``lang`` (the export format keeps only the code)."""
    lists = {"subject_areas": data["subject_areas"], **data["lists"]}
    codes = {i["concept"] for items in lists.values() for i in items if i["concept"]}
    labels: dict[tuple[str, str], str] = {}
    if codes:
        for concept in Concept.objects.filter(code__in=codes).select_related("scheme"):
            labels[(concept.scheme.code, concept.code)] = concept.label(lang)
    for name, items in lists.items():
        for item in items:
            item["label"] = labels.get((SCHEME_FOR_LIST[name], item["concept"])) if item["concept"] else None
    return data
