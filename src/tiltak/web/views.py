"""The public pages. Thin: searching is ``tiltak.search.query``, counting ``tiltak.counts``, and what a reader
sees of both ``tiltak.presenter``. A page that shows data gives it as JSON from its own address too
(``?format=json``, or ``Accept: application/json``), from the same presenter that renders the HTML."""

from __future__ import annotations

import csv
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from tiltak.catalog.models import Entry, ListItem
from tiltak.catalog.serialize import entry_to_dict, with_export_relations
from tiltak.catalog.visibility import Scope, visible_entries
from tiltak.counts.entries import COUNTED, count_entries
from tiltak.places import official
from tiltak.places.map import county_map
from tiltak.places.services import location
from tiltak.presenter import statistics as stats
from tiltak.presenter.search import search_page
from tiltak.search.query import PAGE_SIZE, SORTS, SearchQuery, parse_query
from tiltak.web import basket, downloads
from tiltak.web.entry import compare_rows, entry_lists, entry_places, related_entries
from tiltak.web.warnings import query_warnings

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    result = search_page(SearchQuery(), page_size=1, facet_keys=("activities", "target_groups", "county"))
    newest = (
        visible_entries(Scope.PUBLIC).filter(status=Entry.Status.PUBLISHED).order_by("-created_at", "-pk")[:6]
    )
    return render(
        request,
        "web/home.html",
        {"total": result.total, "facets": result.facet_map, "newest": newest},
    )


@require_safe
@basket.shows_basket
def search(request: HttpRequest) -> HttpResponse:
    query = parse_query(request.GET)
    result = search_page(query, scope=Scope.PUBLIC)
    if _wants_json(request):
        return _json(
            result.to_dict(
                absolute=request.build_absolute_uri,
                page_link=lambda n: request.build_absolute_uri(
                    "?" + urlencode([*query.with_page(n).params(), ("format", "json")])
                ),
            )
        )
    sort_labels = {"relevance": _("Relevance"), "newest": _("Newest"), "title": _("Title")}
    sorts = [(key, sort_labels[key]) for key in SORTS if key != "relevance" or query.q]
    pages = _page_links(query, result.page, result.pages)
    return render(
        request,
        "web/search.html",
        {
            "query": query,
            "result": result,
            "sorts": sorts,
            "pages": pages,
            "first_number": (result.page - 1) * PAGE_SIZE + 1,
            "last_number": (result.page - 1) * PAGE_SIZE + len(result.hits),
            "stats_query": query.query_string(page=False),
            "chosen": sum(len(values) for values in query.filters.values()),
            "download_formats": downloads.LINKS,
            "warnings": query_warnings(request.GET, query, result.pages),
        },
    )


@require_safe
def search_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every hit of the search on the page (its filters, text and order) as a file; never cut to a page."""
    if fmt not in downloads.FORMATS:
        raise Http404(_("There is no download as '%(format)s': choose csv, xlsx or json.") % {"format": fmt})
    query = parse_query(request.GET)
    rows = downloads.records(downloads.hit_ids(query, Scope.PUBLIC), request.build_absolute_uri)
    response = HttpResponse(downloads.render(fmt, query, rows), content_type=downloads.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{downloads.file_name(query, fmt)}"'
    response["Content-Language"] = request.LANGUAGE_CODE
    response["Vary"] = "Cookie"
    return response


def _page_links(query: SearchQuery, page: int, pages: int) -> list[dict]:
    """Page numbers to show: first, last, and two around the current one; None marks a gap."""
    wanted = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    out: list[dict] = []
    previous = 0
    for number in wanted:
        if number - previous > 1:
            out.append({"gap": True})
        out.append(
            {"number": number, "query": query.with_page(number).query_string(), "current": number == page}
        )
        previous = number
    return out


def _wants_json(request: HttpRequest) -> bool:
    if request.GET.get("format") == "json":
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def _json(data) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Vary"] = "Accept"
    return response


def _entry_or_404(slug: str) -> Entry:
    entry = with_export_relations(visible_entries(Scope.PUBLIC).filter(slug=slug)).first()
    if entry is None:
        raise Http404(_("No entry has the address '%(slug)s'.") % {"slug": slug})
    return entry


@require_safe
def entry_json(request: HttpRequest, slug: str) -> JsonResponse:
    entry = _entry_or_404(slug)
    return JsonResponse(entry_to_dict(entry), json_dumps_params={"ensure_ascii": False, "indent": 2})


@require_safe
@basket.shows_basket
def entry_detail(request: HttpRequest, slug: str) -> HttpResponse:
    if _wants_json(request):
        json_response = entry_json(request, slug)
        json_response["Vary"] = "Accept"
        return json_response
    entry = _entry_or_404(slug)
    response = render(
        request,
        "web/entry.html",
        {
            "entry": entry,
            "lists": entry_lists(entry),
            "places": entry_places(entry),
            "location": location(entry),
            "related": related_entries(entry),
            "sections": sorted(entry.sections.all(), key=lambda s: s.position),
            "source": max(entry.sources.all(), key=lambda s: (s.imported_at, s.pk), default=None),
        },
    )
    response["Vary"] = "Accept"
    return response


@require_POST
def compare_basket(request: HttpRequest) -> HttpResponse:
    """Add an entry to the reader's compare basket, take one out, or empty it; then back where they were."""
    result = basket.change(request, request.POST.get("action", "add"), request.POST.get("e", "").strip())
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("web:compare")
    response = HttpResponseRedirect(target)
    basket.write(request, response, result.slugs)
    basket.set_note(request, response, result)
    return response


@require_safe
@basket.shows_basket
def compare(request: HttpRequest) -> HttpResponse:
    """The entries in the URL (``?e=a&e=b``, a shared link) or else the reader's basket, side by side.
    What a link asks for beyond the limit, or that does not exist, is named on the page."""
    asked = list(dict.fromkeys(s for s in request.GET.getlist("e") if s))
    from_link = bool(asked)
    slugs = asked[: basket.LIMIT] if from_link else basket.read(request)
    found = {
        e.slug: e
        for e in visible_entries(Scope.PUBLIC)
        .filter(slug__in=slugs)
        .prefetch_related(
            Prefetch(
                "items", queryset=ListItem.objects.select_related("concept").order_by("list_name", "position")
            ),
            "sections",
            "entry_places__place",
        )
    }
    entries = [found[s] for s in slugs if s in found]
    rows = compare_rows(entries) if len(entries) >= 2 else []
    context = {
        "entries": entries,
        "rows": rows,
        "from_link": from_link,
        "unknown": [s for s in slugs if s not in found],
        "beyond_limit": asked[basket.LIMIT :],
        "limit": basket.LIMIT,
        "link_query": urlencode([("e", e.slug) for e in entries]),
    }
    if _wants_json(request):
        return _json(_compare_dict(request, context))
    return render(request, "web/compare.html", context)


def _compare_dict(request: HttpRequest, context: dict) -> dict:
    from tiltak.presenter.search import entry_links

    def cell(c: dict) -> dict:
        if "items" in c:
            return {
                "items": [
                    {"text": i.get("text", ""), "label": str(i.get("label") or ""), "shared": i["shared"]}
                    for i in c["items"]
                ]
            }
        return {"text": c.get("text", "")}

    return {
        "entries": [
            {"slug": e.slug, "title": e.title, "links": entry_links(e, request.build_absolute_uri)}
            for e in context["entries"]
        ],
        "rows": [
            {"heading": str(r["heading"]), "cells": [cell(c) for c in r["cells"]]} for r in context["rows"]
        ],
        "left_out": {"unknown": context["unknown"], "beyond_limit": context["beyond_limit"]},
        "limit": context["limit"],
    }


@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    query = parse_query(request.GET)
    counts = count_entries(query, scope=Scope.PUBLIC)
    if _wants_json(request):
        return _json(stats.statistics_dict(counts))
    return render(
        request,
        "web/statistics.html",
        {
            "query": query,
            "tables": stats.statistics_tables(counts),
            "heat": stats.cross_table(counts),
            "filters_query": query.query_string(page=False),
            "download_formats": downloads.LINKS,
            "total": counts.total,
            "warnings": query_warnings(request.GET, query),
            "county_map": county_map(
                dict(counts.tables.get("county", [])),
                {
                    number: reverse("web:search") + "?" + query.toggled("county", number).query_string()
                    for number in official.data().counties
                },
                _("Entries per county, on a map"),
            ),
        },
    )


@require_safe
def statistics_csv(request: HttpRequest, table: str) -> HttpResponse:
    query = parse_query(request.GET)
    if table != "heatmap" and table not in COUNTED:
        raise Http404(_("There is no statistics table '%(table)s'.") % {"table": table})
    counts = count_entries(query, scope=Scope.PUBLIC)
    rows = stats.cross_csv_rows(counts) if table == "heatmap" else stats.table_csv_rows(counts, table)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tiltak-{table}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([_csv_safe(cell) for cell in row])
    return response


def _csv_safe(cell):
    """Stop a spreadsheet from running a label that starts like a formula."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


@require_safe
def set_language(request: HttpRequest, code: str) -> HttpResponse:
    """Switch the UI language by a plain link (works without JavaScript); remembered in a cookie."""
    if code not in LANGUAGE_CODES:
        raise Http404(_("Unknown language."))
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("web:home")
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response
