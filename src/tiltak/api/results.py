"""From the API's checked parameters to the one search and its one JSON shape.

The API checks its parameters (``params``), turns them into the search state every surface uses
(``tiltak.search.query.parse_query``), and gives out what ``tiltak.presenter`` makes of the result: the
same JSON the search page gives from its own address, with links to the API's pages.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import translation

from tiltak.api.params import ApiError, Page
from tiltak.catalog.models import SCHEME_FOR_LIST, Entry
from tiltak.catalog.visibility import Scope
from tiltak.errors import InvalidInput
from tiltak.presenter.search import entry_links as _entry_links
from tiltak.presenter.search import search_page as present_search
from tiltak.search import query
from tiltak.vocabulary.models import Concept


def search_page(
    request: HttpRequest, filters: dict[str, list[str]], *, sort: str | None, page: Page, lang: str
) -> dict[str, Any]:
    search_query = parse(filters, sort=sort, page=page.number)
    with translation.override(lang):
        result = present_search(search_query, scope=Scope.PUBLIC, page_size=page.size)
        # The search page shows the last page for a page past the end; the API says so instead.
        if page.number > result.pages:
            raise ApiError(
                f"Page {page.number} is past the last page ({result.pages}) of {result.total} hits.",
                parameter="page",
            )
        return result.to_dict(absolute=request.build_absolute_uri, page_link=lambda n: _page_link(request, n))


def matching_entries(filters: dict[str, list[str]]) -> QuerySet[Entry]:
    """Every public entry the filters match, unpaged (exports)."""
    return query.filtered_entries(parse(filters, sort=None, page=1), scope=Scope.PUBLIC)


def parse(filters: dict[str, list[str]], *, sort: str | None, page: int) -> query.SearchQuery:
    data: dict[str, list[str]] = {**filters, "page": [str(page)]}
    if sort:
        data["sort"] = [sort]
    try:
        return query.parse_query(data, strict=True)
    except InvalidInput as error:  # params checks first; this is a backstop, never a 500
        raise ApiError(str(error)) from error


def _page_link(request: HttpRequest, number: int) -> str:
    items = [(key, value) for key, values in request.GET.lists() if key != "page" for value in values]
    items.append(("page", str(number)))
    return request.build_absolute_uri(request.path + "?" + urlencode(items))


def entry_links(request: HttpRequest, entry: Entry) -> dict[str, str]:
    return _entry_links(entry, request.build_absolute_uri)


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
