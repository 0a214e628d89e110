"""`/api/v1/`: plain Django views returning JSON, described by ``schema.DOCUMENT``.

Every view checks its parameters first (``params``; a problem is a 400 naming the parameter), then asks
the one query code path (``tiltak.search.query``, through ``results``) or the models. Responses are open to
every origin (the data is free) and carry an ETag and Last-Modified so clients can revalidate cheaply.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_safe

from tiltak import stamp
from tiltak.api import params, results, schema
from tiltak.api.docs import docs_context
from tiltak.api.write import entry_etag
from tiltak.catalog.export import CONTENT_TYPES, write_export
from tiltak.catalog.serialize import entry_to_dict, with_export_relations
from tiltak.catalog.visibility import Scope, visible_entries, visible_statuses
from tiltak.counts.entries import count_entries
from tiltak.presenter.statistics import statistics_dict
from tiltak.vocabulary.models import ConceptScheme

JSON_DUMPS = {"ensure_ascii": False}


def api_view(func: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET/HEAD only; ApiError -> JSON error; CORS open; ETag/Last-Modified and 304 on revalidation."""

    @require_safe
    @wraps(func)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        stamp, modified = _data_stamp()
        etag = quote_etag(hashlib.sha256(f"{stamp}|{request.get_full_path()}".encode()).hexdigest()[:32])
        matching = _matching_tag(request.headers.get("If-None-Match", ""), etag)
        if matching:
            response: HttpResponse = HttpResponseNotModified()
            response.write_etag = matching.rsplit(".", 1)[0] if "." in matching else ""  # type: ignore[attr-defined]
        else:
            try:
                response = func(request, *args, **kwargs)
            except params.ApiError as error:
                response = error_response(error)
        if response.status_code in (200, 304):
            response["ETag"] = _with_write_tag(etag, getattr(response, "write_etag", ""))
            if modified is not None:
                response["Last-Modified"] = http_date(modified.timestamp())
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Content-Disposition"
        response["Cache-Control"] = "public, max-age=0, must-revalidate"
        return response

    return wrapper


def json_response(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params=JSON_DUMPS)


def error_response(error: params.ApiError) -> JsonResponse:
    return json_response(error.as_dict(), status=error.status)


def _matching_tag(header: str, etag: str) -> str:
    """The tag (unquoted) of If-None-Match whose catalog-stamp part is ``etag``'s, or "". An entry's tag
    carries its id and version before the stamp ("entry-ID-vN.STAMP")."""
    for tag in header.split(","):
        text = tag.strip().removeprefix("W/").strip('"')
        if text and text.rsplit(".", 1)[-1] == etag.strip('"'):
            return text
    return ""


def _with_write_tag(etag: str, write_tag: str) -> str:
    """An entry's ETag: its id and version (for PATCH's If-Match) and the catalog's stamp (for 304)."""
    if not write_tag:
        return etag
    return quote_etag(f"{write_tag.strip(chr(34))}.{etag.strip(chr(34))}")


def _data_stamp() -> tuple[str, Any]:
    """The catalog's change stamp (``tiltak.stamp``) and when it last moved."""
    current = stamp.current()
    return f"{current.token}|{schema.API_VERSION}", current.changed_at


# --- endpoints --------------------------------------------------------------------------------------


@api_view
def index(request: HttpRequest) -> HttpResponse:
    params.check_known(request.GET, [])
    base = request.build_absolute_uri("/api/v1/")
    return json_response(
        {
            "name": schema.DOCUMENT["info"]["title"],
            "version": schema.API_VERSION,
            "links": {
                "search": base + "search",
                "entry": base + "entries/{slug}",
                "vocabularies": base + "vocabularies",
                "statistics": base + "statistics",
                "export": base + "export.{json,csv,xlsx}",
                "openapi": base + "openapi.json",
                "docs": base + "docs/",
            },
        }
    )


SEARCH_PARAMS = [*params.FILTER_NAMES, "sort", "page", "page_size", "lang"]


@api_view
def search(request: HttpRequest) -> HttpResponse:
    params.check_known(request.GET, SEARCH_PARAMS)
    lang = params.lang(request.GET)
    filters = params.filters(request.GET)
    sort = params.sort(request.GET)
    page = params.page(request.GET)
    return json_response(results.search_page(request, filters, sort=sort, page=page, lang=lang))


@api_view
def entry(request: HttpRequest, key: str) -> HttpResponse:
    params.check_known(request.GET, ["lang"])
    lang = params.lang(request.GET)
    lookup = (
        Q(slug=key) | Q(pk=int(key)) if key.isascii() and key.isdigit() and len(key) < 18 else Q(slug=key)
    )
    found = with_export_relations(visible_entries(Scope.PUBLIC).filter(lookup)).first()
    if found is None:
        raise params.ApiError(f"No published entry with id or slug '{key}'.", status=404)
    data = results.with_labels(entry_to_dict(found), lang)
    data["links"] = results.entry_links(request, found)
    response = json_response(data)
    # What PATCH checks in If-Match (tiltak.api.write); a GET still revalidates on the catalog's stamp.
    response.write_etag = entry_etag(found)  # type: ignore[attr-defined]
    return response


@api_view
def vocabularies(request: HttpRequest) -> HttpResponse:
    params.check_known(request.GET, ["lang"])
    lang = params.lang(request.GET)
    schemes = ConceptScheme.objects.annotate(n=Count("concepts")).order_by("position", "code")
    return json_response({"schemes": [_scheme(request, s, lang, concept_count=s.n) for s in schemes]})


@api_view
def vocabulary(request: HttpRequest, scheme: str) -> HttpResponse:
    params.check_known(request.GET, ["lang"])
    lang = params.lang(request.GET)
    found = ConceptScheme.objects.filter(code=scheme).first()
    if found is None:
        known = ", ".join(ConceptScheme.objects.values_list("code", flat=True)) or "none yet"
        raise params.ApiError(f"No vocabulary '{scheme}'. The vocabularies are: {known}.", status=404)
    concepts = (
        found.concepts.prefetch_related("variants")
        .annotate(
            entry_count=Count(
                "items__entry",
                filter=Q(items__entry__status__in=visible_statuses(Scope.PUBLIC)),
                distinct=True,
            )
        )
        .order_by("position", "code")
    )
    data = _scheme(request, found, lang, concept_count=len(concepts))
    data["concepts"] = [
        {
            "code": c.code,
            "label": c.label(lang),
            "labels": {"nb": c.label_nb, "nn": c.label_nn, "en": c.label_en},
            "variants": [v.text for v in c.variants.all()],
            "entry_count": c.entry_count,
        }
        for c in concepts
    ]
    return json_response(data)


def _scheme(request: HttpRequest, scheme: ConceptScheme, lang: str, *, concept_count: int) -> dict[str, Any]:
    return {
        "code": scheme.code,
        "label": scheme.label(lang),
        "labels": {"nb": scheme.label_nb, "nn": scheme.label_nn, "en": scheme.label_en},
        "concept_count": concept_count,
        "links": {"self": request.build_absolute_uri(f"/api/v1/vocabularies/{scheme.code}")},
    }


@api_view
def statistics(request: HttpRequest) -> HttpResponse:
    params.check_known(request.GET, [*params.FILTER_NAMES, "lang"])
    lang = params.lang(request.GET)
    filters = params.filters(request.GET)
    with translation.override(lang):
        data = statistics_dict(count_entries(results.parse(filters, sort=None, page=1), scope=Scope.PUBLIC))
    data["filters"] = filters
    return json_response(data)


EXPORT_PARAMS = [*params.FILTER_NAMES, "sort", "page", "page_size", "lang"]


@api_view
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in schema.EXPORT_FORMATS:
        raise params.ApiError(
            f"No export format '{fmt}': use export.json, export.csv or export.xlsx.",
            parameter="fmt",
            status=404,
        )
    # A search URL works as it is: paging, sort and lang are accepted and ignored (files list every match).
    params.check_known(request.GET, EXPORT_PARAMS)
    params.lang(request.GET)
    params.sort(request.GET)
    params.page(request.GET)
    filters = params.filters(request.GET)
    response = HttpResponse(content_type=CONTENT_TYPES[fmt])
    write_export(results.matching_entries(filters), fmt, response)  # type: ignore[arg-type] # file-like
    response["Content-Disposition"] = f'attachment; filename="tiltakskatalogen.{fmt}"'
    return response


@api_view
def openapi(request: HttpRequest) -> HttpResponse:
    params.check_known(request.GET, [])
    return json_response(schema.openapi_document())


@require_safe
def docs(request: HttpRequest) -> HttpResponse:
    return render(request, "api/docs.html", docs_context(request))


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    error = params.ApiError(
        f"No API endpoint at '{request.path}'. /api/v1/ lists the endpoints; /api/v1/docs/ describes them.",
        status=404,
    )
    response = error_response(error)
    response["Access-Control-Allow-Origin"] = "*"
    return response
