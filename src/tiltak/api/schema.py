"""The OpenAPI 3.1 document of `/api/v1/`, written as Python data.

It is the contract: the docs page is rendered from it, schemathesis tests the API against it, and a test
checks that every route in ``tiltak.api.urls`` is documented here and every path here resolves.
Keep the filter parameters in step with ``tiltak.search.query`` (the one query code path).
"""

from __future__ import annotations

import copy
from typing import Any

from django.conf import settings

from tiltak.catalog.export import FORMATS
from tiltak.catalog.models import Entry
from tiltak.catalog.template import CONCEPT_CODE_PATTERN, LIST_NAMES, TEXT_FIELDS
from tiltak.catalog.visibility import Scope, visible_statuses
from tiltak.evidence.reader import HEDGES, KINDS, UNITS
from tiltak.places.models import Place
from tiltak.search import query
from tiltak.search.facets import FACET_BY_KEY

API_VERSION = "1.0.0"
LANGS = [code for code, _name in settings.LANGUAGES]
LIST_FILTERS = list(LIST_NAMES)
ENTRY_LANGUAGES = list(Entry.Language.values)
PUBLIC_STATUSES = list(visible_statuses(Scope.PUBLIC))
EXPORT_FORMATS = list(FORMATS)
MAX_PAGE_SIZE = 100
# The search's own limits, so the API refuses what the search would cut silently.
SORTS = list(query.SORTS)
MAX_PAGE = query.MAX_PAGE
MAX_QUERY_LENGTH = query.MAX_QUERY_LENGTH
MAX_VALUES = query.MAX_VALUES_PER_FACET
CODE_PATTERN = f"^{CONCEPT_CODE_PATTERN}$"
# One of today's municipalities or counties (kommunenummer or fylkesnummer) with its name.
AREA = {
    "type": "object",
    "required": ["code", "name"],
    "properties": {
        "code": {"type": "string", "pattern": "^[0-9]{2}(?:[0-9]{2})?$"},
        "name": {"type": "string"},
    },
}


def _pattern(key: str) -> str:
    """A facet's value pattern (``tiltak.search.facets``), anchored as JSON Schema wants it."""
    return f"^(?:{FACET_BY_KEY[key].pattern})$"


def _param(name: str, description: str, schema: dict[str, Any], example: Any = None, **extra) -> dict:
    param = {"name": name, "in": "query", "required": False, "description": description, "schema": schema}
    if example is not None:
        param["example"] = example
    param.update(extra)
    return param


def _list_param(name: str, scheme: str, example: str) -> dict:
    return _param(
        name,
        f"Concept codes from the `{scheme}` vocabulary (repeat the parameter for several). Values combine "
        f"with OR; different filters combine with AND. An unknown code is a 400 error.",
        {"type": "array", "items": {"type": "string", "pattern": CODE_PATTERN}, "maxItems": MAX_VALUES},
        [example],
        style="form",
        explode=True,
    )


LANG_PARAM = _param(
    "lang",
    "Language of vocabulary labels: bokmål, nynorsk or English.",
    {"enum": LANGS, "default": "nb"},
    "nn",
)

FILTER_PARAMS: list[dict] = [
    _param(
        "q",
        "Full-text query (either written form finds both).",
        {"type": "string", "maxLength": MAX_QUERY_LENGTH},
        "bustad",
    ),
    _list_param("subject_areas", "subject_areas", "tilflytting"),
    _list_param("activities", "activities", "host_scheme"),
    _list_param("target_groups", "target_groups", "families_with_children"),
    _list_param("selling_points", "selling_points", "nature"),
    _list_param("partners", "partner_kinds", "county_authority"),
    _param(
        "county",
        "County number (fylkesnummer, two digits), today's or a former one (read as today's: 08 is 40 Telemark); "
        "entries naming earlier counties, or places in it, match.",
        {"type": "array", "items": {"type": "string", "pattern": _pattern("county")}, "maxItems": MAX_VALUES},
        ["40"],
        style="form",
        explode=True,
    ),
    _param(
        "municipality",
        "Municipality number (kommunenummer, four digits), today's or a former one since 2017 (read as today's); "
        "merged municipalities match their successor.",
        {
            "type": "array",
            "items": {"type": "string", "pattern": _pattern("municipality")},
            "maxItems": MAX_VALUES,
        },
        ["4020"],
        style="form",
        explode=True,
    ),
    _param(
        "region",
        "SSB economic region (five digits, 2024): entries in any of its municipalities.",
        {"type": "array", "items": {"type": "string", "pattern": _pattern("region")}, "maxItems": MAX_VALUES},
        ["40004"],
        style="form",
        explode=True,
    ),
    _param(
        "like",
        "Municipality number (today's or former): entries in places like it (its economic region, its "
        "neighbours, municipalities of a similar population size and ten-year change).",
        {"type": "array", "items": {"type": "string", "pattern": _pattern("like")}, "maxItems": MAX_VALUES},
        ["4036"],
        style="form",
        explode=True,
    ),
    _param(
        "decade",
        "Decade the initiative's period starts in (2000 = 2000-2009).",
        {
            "type": "array",
            "items": {"type": "integer", "minimum": 1800, "maximum": 2100, "multipleOf": 10},
            "maxItems": MAX_VALUES,
        },
        [2000],
        style="form",
        explode=True,
    ),
    _param(
        "language",
        "Written form of the entry: bokmål (nb) or nynorsk (nn).",
        {"type": "array", "items": {"enum": ENTRY_LANGUAGES}, "maxItems": len(ENTRY_LANGUAGES)},
        ["nn"],
        style="form",
        explode=True,
    ),
    _param(
        "status",
        "Entry status. Published and archived entries are public.",
        {"type": "array", "items": {"enum": PUBLIC_STATUSES}, "maxItems": len(PUBLIC_STATUSES)},
        ["published"],
        style="form",
        explode=True,
    ),
]
SORT_PARAM = _param(
    "sort", "Order of hits; default relevance with a query, title without.", {"enum": SORTS}, "newest"
)
PAGE_PARAMS = [
    _param(
        "page",
        "Page number, from 1.",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
        2,
    ),
    _param(
        "page_size",
        f"Hits per page (at most {MAX_PAGE_SIZE}).",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": 20},
        50,
    ),
]


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str, example: Any = None) -> dict:
    content: dict[str, Any] = {"schema": schema}
    if example is not None:
        content["example"] = example
    return {
        "description": description,
        "headers": {"Access-Control-Allow-Origin": {"schema": {"type": "string", "const": "*"}}},
        "content": {"application/json": content},
    }


ERROR_400 = {"400": _json(_ref("Error"), "A parameter is invalid; the error names it and says why.")}
ERROR_404 = {"404": _json(_ref("Error"), "Nothing at this address.")}

NULLABLE_STR = {"type": ["string", "null"]}
ITEM = {
    "type": "object",
    "required": ["text", "concept"],
    "properties": {
        "text": {"type": "string", "description": "The item as written."},
        "concept": {**NULLABLE_STR, "description": "Concept code, null while awaiting review."},
        "label": {**NULLABLE_STR, "description": "The concept's label in `lang` (API only)."},
        "match": {"type": "string"},
        "bullet": {"type": "string"},
        "organisation": {"type": "string"},
        "note": {"type": "string"},
        "repeat": {"type": "boolean"},
    },
}
FACET_VALUE = {
    "type": "object",
    "required": ["value", "label", "count", "selected"],
    "properties": {
        "value": {"type": "string"},
        "label": {"type": "string"},
        "count": {"type": "integer", "minimum": 0},
        "selected": {"type": "boolean"},
    },
}
COUNT_ROW = {
    "type": "object",
    "required": ["value", "label", "count"],
    "properties": {
        "value": {"type": "string"},
        "label": {"type": "string"},
        "count": {"type": "integer", "minimum": 0},
    },
}
LINKS = {
    "type": "object",
    "required": ["self"],
    "properties": {k: {"type": ["string", "null"]} for k in ("self", "first", "prev", "next", "last")},
}

COMPONENTS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["status", "message"],
                "properties": {
                    "status": {"type": "integer"},
                    "parameter": {"type": "string"},
                    "message": {"type": "string"},
                },
            }
        },
    },
    "Item": ITEM,
    "Figure": {
        "type": "object",
        "description": "A figure read from the entry's text for its current version (docs/export-format.md).",
        "required": ["value", "unit", "kind", "hedge", "text"],
        "properties": {
            "value": {"type": "number"},
            "value_max": {"type": ["number", "null"]},
            "unit": {"enum": list(UNITS)},
            "kind": {"enum": list(KINDS)},
            "hedge": {"enum": list(HEDGES)},
            "year": {"type": ["integer", "null"]},
            "text": {"type": "string", "description": "The words as written in the entry."},
            "field": {"type": "string", "description": "lead, body, main_goal or section:<key>."},
            "edited": {"type": "boolean", "description": "Corrected by an editor; kept over re-imports."},
        },
    },
    "Entry": {
        "type": "object",
        "description": "One entry in the export format (docs/export-format.md), items with `label` added.",
        "required": ["id", "slug", "title", "lead", "subject_areas", "language", "status", "lists", "places"],
        "properties": {
            "id": {"type": "integer"},
            "slug": {"type": "string"},
            **{f.name: {"type": "string"} for f in TEXT_FIELDS},
            "subject_areas": {"type": "array", "items": _ref("Item")},
            "language": {"enum": ENTRY_LANGUAGES},
            "status": {"enum": list(Entry.Status.values)},
            "period": {
                "type": "object",
                "properties": {"start": {"type": ["integer", "null"]}, "end": {"type": ["integer", "null"]}},
            },
            "web_addresses": {"type": "array", "items": {"type": "string"}},
            "places": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name", "kind"],
                    "properties": {
                        "name": {"type": "string"},
                        "kind": {"enum": list(Place.Kind.values)},
                        "code": NULLABLE_STR,
                        "mention": {"type": "string"},
                    },
                },
            },
            "location": {
                "type": "object",
                "readOnly": True,
                "description": "Where the entry lies in today's municipalities and counties (docs/export-format.md).",
                "required": ["municipalities", "counties", "region"],
                "properties": {
                    "municipalities": {"type": "array", "items": AREA},
                    "counties": {"type": "array", "items": AREA},
                    "region": NULLABLE_STR,
                },
            },
            "lists": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": _ref("Item")},
            },
            "sections": {"type": "array", "items": {"type": "object"}},
            "version": {"type": "integer"},
            "figures": {"type": "array", "items": _ref("Figure"), "readOnly": True},
            "source": {"type": "object"},
            "links": LINKS,
        },
    },
    "Hit": {
        "type": "object",
        "required": ["id", "slug", "title", "lead", "links"],
        "properties": {
            "id": {"type": "integer"},
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "lead": {"type": "string"},
            "language": {"type": "string"},
            "status": {"type": "string"},
            "snippet": {"type": "string", "description": "Plain text around the matched words."},
            "snippet_html": {
                "type": "string",
                "description": "The same snippet as escaped HTML with the matched words in <mark>.",
            },
            "score": {"type": ["number", "null"]},
            "links": {
                "type": "object",
                "properties": {"self": {"type": "string"}, "html": {"type": "string"}},
            },
        },
    },
    "SearchResult": {
        "type": "object",
        "required": ["total", "page", "page_size", "pages", "hits", "facets", "links", "filters"],
        "properties": {
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "page_size": {"type": "integer", "minimum": 1},
            "pages": {"type": "integer", "minimum": 0},
            "filters": {"type": "object", "description": "The filters applied, as understood."},
            "hits": {"type": "array", "items": _ref("Hit")},
            "facets": {
                "type": "object",
                "description": "Per facet (keyed by its parameter name): its label, its most frequent values "
                "with counts over the query with every OTHER facet applied, and whether the list is cut.",
                "additionalProperties": {
                    "type": "object",
                    "required": ["label", "truncated", "values"],
                    "properties": {
                        "label": {"type": "string"},
                        "truncated": {"type": "boolean"},
                        "values": {"type": "array", "items": FACET_VALUE},
                    },
                },
            },
            "links": LINKS,
        },
    },
    "Statistics": {
        "type": "object",
        "required": ["total", "counts", "cross_table", "filters"],
        "properties": {
            "total": {"type": "integer", "minimum": 0},
            "filters": {"type": "object"},
            "counts": {
                "type": "object",
                "description": "Entries per concept (activities, target_groups, selling_points, partners, county).",
                "additionalProperties": {"type": "array", "items": COUNT_ROW},
            },
            "cross_table": {
                "type": "object",
                "description": "Entries per activity (rows) and target group (columns).",
                "required": ["rows", "columns", "cells"],
                "properties": {
                    "rows": {"type": "array", "items": COUNT_ROW},
                    "columns": {"type": "array", "items": COUNT_ROW},
                    "cells": {
                        "type": "array",
                        "items": {"type": "array", "items": {"type": "integer", "minimum": 0}},
                    },
                },
            },
        },
    },
    "Scheme": {
        "type": "object",
        "required": ["code", "label", "labels", "links"],
        "properties": {
            "code": {"type": "string"},
            "label": {"type": "string"},
            "labels": {"type": "object", "additionalProperties": {"type": "string"}},
            "concept_count": {"type": "integer"},
            "concepts": {"type": "array", "items": _ref("Concept")},
            "links": {"type": "object", "properties": {"self": {"type": "string"}}},
        },
    },
    "Concept": {
        "type": "object",
        "required": ["code", "label", "labels", "variants", "entry_count"],
        "properties": {
            "code": {"type": "string"},
            "label": {"type": "string"},
            "labels": {"type": "object", "additionalProperties": {"type": "string"}},
            "variants": {"type": "array", "items": {"type": "string"}},
            "entry_count": {"type": "integer", "minimum": 0},
        },
    },
}


def _get(summary: str, description: str, params: list[dict], responses: dict, op_id: str, tag: str) -> dict:
    return {
        "get": {
            "operationId": op_id,
            "summary": summary,
            "description": description,
            "tags": [tag],
            "parameters": params,
            "responses": responses,
        }
    }


PATHS: dict[str, Any] = {
    "/api/v1/": _get(
        "API index",
        "Links to every endpoint.",
        [],
        {"200": _json({"type": "object", "required": ["links"]}, "Links to the endpoints.")},
        "index",
        "meta",
    ),
    "/api/v1/search": _get(
        "Search entries",
        "Full-text search with facet filters. Returns a page of hits, the total, links to other pages and, for "
        "every facet, each value with its count over the current filters.",
        [*FILTER_PARAMS, SORT_PARAM, *PAGE_PARAMS, LANG_PARAM],
        {"200": _json(_ref("SearchResult"), "A page of hits with facet counts."), **ERROR_400},
        "search",
        "search",
    ),
    "/api/v1/entries/{key}": {
        "parameters": [
            {
                "name": "key",
                "in": "path",
                "required": True,
                "description": "The entry's slug or numeric id.",
                "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,120}$"},
                "example": "flytt-til-hardanger",
            }
        ],
        **_get(
            "One entry",
            "Every field of a published or archived entry, in the export format; each list item carries "
            "its concept's label in `lang`.",
            [LANG_PARAM],
            {"200": _json(_ref("Entry"), "The entry."), **ERROR_400, **ERROR_404},
            "entry",
            "entries",
        ),
        "patch": {
            "operationId": "entry_patch",
            "summary": "Change an entry (token)",
            "description": (
                "The fields given, in the export format, replace the entry's (`lists` and `period` are merged "
                "by key). Needs `Authorization: Bearer TOKEN` of an editor (`tiltak users token EMAIL`) and "
                "`If-Match` with the ETag a GET of the entry gave; a stale one gets 412. Returns the entry "
                "with its new ETag. See docs/api.md."
            ),
            "tags": ["entries"],
            "security": [{"token": []}],
            "parameters": [
                {
                    "name": "If-Match",
                    "in": "header",
                    "required": True,
                    "description": "The entry's ETag, from GET /api/v1/entries/{key}.",
                    "schema": {"type": "string"},
                }
            ],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {"type": "object", "minProperties": 1},
                        "example": {"lead": "Ny ingress.", "reason": "lead rewritten"},
                    }
                },
            },
            "responses": {
                "200": _json(_ref("Entry"), "The entry after the change; its new ETag is in the header."),
                **ERROR_400,
                "401": _json(_ref("Error"), "No token, or an unknown one."),
                "403": _json(_ref("Error"), "The token's user may not change this entry."),
                **ERROR_404,
                "412": _json(_ref("Error"), "If-Match names an older version: the entry changed meanwhile."),
                "415": _json(_ref("Error"), "The body is not JSON."),
                "428": _json(_ref("Error"), "If-Match is missing."),
            },
        },
    },
    "/api/v1/vocabularies": _get(
        "Vocabularies",
        "The concept schemes (one per template list) with their labels.",
        [LANG_PARAM],
        {
            "200": _json(
                {
                    "type": "object",
                    "required": ["schemes"],
                    "properties": {"schemes": {"type": "array", "items": _ref("Scheme")}},
                },
                "The schemes.",
            ),
            **ERROR_400,
        },
        "vocabularies",
        "vocabularies",
    ),
    "/api/v1/vocabularies/{scheme}": {
        "parameters": [
            {
                "name": "scheme",
                "in": "path",
                "required": True,
                "description": "Scheme code, e.g. `activities`.",
                "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,40}$"},
                "example": "activities",
            }
        ],
        **_get(
            "One vocabulary",
            "Every concept of a scheme with labels in all three languages, known variants and how many "
            "public entries use it.",
            [LANG_PARAM],
            {"200": _json(_ref("Scheme"), "The scheme and its concepts."), **ERROR_400, **ERROR_404},
            "vocabulary",
            "vocabularies",
        ),
    },
    "/api/v1/statistics": _get(
        "Statistics",
        "Counts per activity, target group, selling point, partner kind and county, and the activities × "
        "target groups cross-table, for the entries matching the filters.",
        [*FILTER_PARAMS, LANG_PARAM],
        {"200": _json(_ref("Statistics"), "Counts for the filtered entries."), **ERROR_400},
        "statistics",
        "statistics",
    ),
    "/api/v1/export.{fmt}": {
        "parameters": [
            {
                "name": "fmt",
                "in": "path",
                "required": True,
                "description": "`json` (the documented export format), `csv` or `xlsx`.",
                "schema": {"enum": EXPORT_FORMATS},
                "example": "csv",
            }
        ],
        **_get(
            "Download a search result",
            "Every entry matching the filters (no paging) as a file: JSON in the export format "
            '(`{"format": "tiltakskatalogen-export", "version": 1, "entries": [...]}`), CSV (one row per '
            "entry) or XLSX (an entries sheet and an items sheet).",
            [*FILTER_PARAMS, SORT_PARAM],
            {
                "200": {
                    "description": "The file, as an attachment.",
                    "headers": {"Content-Disposition": {"schema": {"type": "string"}}},
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["format", "version", "entries"],
                                "properties": {
                                    "format": {"const": "tiltakskatalogen-export"},
                                    "version": {"const": 1},
                                    "entries": {"type": "array", "items": {"type": "object"}},
                                },
                            }
                        },
                        "text/csv": {"schema": {"type": "string"}},
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                            "schema": {"type": "string", "contentMediaType": "application/octet-stream"}
                        },
                    },
                },
                **ERROR_400,
                **ERROR_404,
            },
            "export",
            "export",
        ),
    },
    "/api/v1/openapi.json": _get(
        "This document",
        "The OpenAPI 3.1 description of the API.",
        [],
        {
            "200": {
                "description": "OpenAPI document.",
                "content": {"application/json": {"schema": {"type": "object"}}},
            }
        },
        "openapi",
        "meta",
    ),
    "/api/v1/docs/": _get(
        "Documentation",
        "This API described for people: a page rendered from the OpenAPI document.",
        [],
        {"200": {"description": "HTML page.", "content": {"text/html": {"schema": {"type": "string"}}}}},
        "docs",
        "meta",
    ),
}

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "Tiltakskatalogen API",
        "version": API_VERSION,
        "summary": "Read-only JSON API of the catalog of rural in-migration initiatives.",
        "description": (
            "Free, open data: no key, CORS open for GET. Errors are JSON objects "
            '`{"error": {"status", "parameter", "message"}}`. Responses carry an ETag; send it back '
            "as If-None-Match to get 304 when nothing changed."
        ),
        "license": {"name": "Open data"},
    },
    "servers": [{"url": "/"}],
    "tags": [
        {"name": "search", "description": "Search with facets."},
        {"name": "entries", "description": "Entry detail."},
        {"name": "vocabularies", "description": "Concept schemes and concepts."},
        {"name": "statistics", "description": "Counts and cross-tables."},
        {"name": "export", "description": "Downloads of search results."},
        {"name": "meta", "description": "This API's own description."},
    ],
    "paths": PATHS,
    "components": {
        "schemas": COMPONENTS,
        "securitySchemes": {
            "token": {"type": "http", "scheme": "bearer", "description": "`tiltak users token EMAIL`"}
        },
    },
}


def openapi_document() -> dict[str, Any]:
    """A fresh copy (callers may change it without touching the module's data)."""
    return copy.deepcopy(DOCUMENT)
