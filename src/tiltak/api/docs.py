"""The readable API docs page, rendered on the server from the OpenAPI document (no script, no CDN)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest

from tiltak.api import schema


def docs_context(request: HttpRequest) -> dict[str, Any]:
    document = schema.DOCUMENT
    base = request.build_absolute_uri("/").rstrip("/")
    operations = []
    for path, item in document["paths"].items():
        shared = item.get("parameters", [])
        for method in ("get", "patch"):
            op = item.get(method)
            if op is None:
                continue
            parameters = [*shared, *op.get("parameters", [])]
            operations.append(
                {
                    "id": op["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": op["summary"],
                    "description": op["description"],
                    "parameters": [_parameter(p) for p in parameters],
                    "example_url": base + _example_path(path, parameters),
                    "responses": [_response(code, r) for code, r in op["responses"].items()],
                }
            )
    return {"info": document["info"], "operations": operations, "openapi_url": "/api/v1/openapi.json"}


def _parameter(p: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": p["name"],
        "in": p["in"],
        "required": p.get("required", False),
        "type": _type_text(p["schema"]),
        "description": p.get("description", ""),
        "example": "" if p.get("example") is None else json.dumps(p["example"], ensure_ascii=False),
    }


def _type_text(s: dict[str, Any]) -> str:
    if "enum" in s:
        return "one of " + ", ".join(str(v) for v in s["enum"])
    if s.get("type") == "array":
        return f"list of {_type_text(s['items'])} (repeat the parameter)"
    text = str(s.get("type", "value"))
    bounds = [f"{k} {s[k]}" for k in ("minimum", "maximum", "maxLength") if k in s]
    return text + (f" ({', '.join(bounds)})" if bounds else "")


def _example_path(path: str, parameters: list[dict[str, Any]]) -> str:
    query: list[tuple[str, str]] = []
    for p in parameters:
        example = p.get("example")
        if example is None:
            continue
        if p["in"] == "path":
            path = path.replace("{" + p["name"] + "}", str(example))
        elif p["name"] in ("q", "activities", "lang"):  # a short, typical request
            for value in example if isinstance(example, list) else [example]:
                query.append((p["name"], str(value)))
    return path + ("?" + urlencode(query) if query else "")


def _response(code: str, response: dict[str, Any]) -> dict[str, Any]:
    content = response.get("content", {})
    media = next(iter(content), "")
    body = content.get(media, {}).get("schema", {}) if media else {}
    example = example_for(body) if media == "application/json" else None
    return {
        "code": code,
        "description": response["description"],
        "media_types": list(content),
        "example": json.dumps(example, ensure_ascii=False, indent=2) if example is not None else "",
    }


def example_for(s: dict[str, Any], depth: int = 0) -> Any:
    """A small illustrative value for a JSON Schema (first enum value, one array item, required keys)."""
    if "$ref" in s:
        s = schema.COMPONENTS[s["$ref"].rsplit("/", 1)[1]]
    if depth > 4:
        return {}
    if "const" in s:
        return s["const"]
    if "enum" in s:
        return s["enum"][0]
    kind = s.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object":
        props = s.get("properties", {})
        keys = s.get("required") or list(props)[:3]
        return {k: example_for(props.get(k, {}), depth + 1) for k in keys}
    if kind in ("integer", "number"):
        return s.get("minimum", 0)
    if kind == "array":
        return [example_for(s.get("items", {}), depth + 1)]
    return {"integer": 0, "number": 0.0, "boolean": False, "string": "…", "null": None}.get(kind or "", {})
