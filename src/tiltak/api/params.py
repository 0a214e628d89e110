"""Checking the API's query parameters before anything is looked up.

Every problem becomes an ``ApiError`` that names the parameter and says what is wrong and what would be
right; the views turn it into a 400 JSON response. The rules mirror the OpenAPI document (schema.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from tiltak.api import schema
from tiltak.catalog.models import SCHEME_FOR_LIST
from tiltak.places import official
from tiltak.places.services import todays_areas
from tiltak.vocabulary.models import Concept


class ApiError(Exception):
    def __init__(self, message: str, *, parameter: str | None = None, status: int = 400):
        super().__init__(message)
        self.message = message
        self.parameter = parameter
        self.status = status

    def as_dict(self) -> dict[str, Any]:
        error: dict[str, Any] = {"status": self.status, "message": self.message}
        if self.parameter:
            error["parameter"] = self.parameter
        return {"error": error}


@dataclass
class Page:
    number: int
    size: int


CODE = re.compile(schema.CODE_PATTERN)
FILTER_NAMES = [p["name"] for p in schema.FILTER_PARAMS]


def check_known(query: QueryDict, allowed: list[str]) -> None:
    """Refuse parameters the endpoint does not know, so a typo ("activity=") is not silently ignored."""
    for name in query:
        if name not in allowed:
            raise ApiError(
                f"Unknown parameter '{name}'. This endpoint takes: {', '.join(allowed) or 'no parameters'}.",
                parameter=name,
            )


def lang(query: QueryDict) -> str:
    value = _single(query, "lang") or "nb"
    if value not in schema.LANGS:
        raise ApiError(f"Unknown language '{value}': use nb, nn or en.", parameter="lang")
    return value


def sort(query: QueryDict) -> str | None:
    value = _single(query, "sort")
    if value is not None and value not in schema.SORTS:
        raise ApiError(f"Unknown sort '{value}': use {', '.join(schema.SORTS)}.", parameter="sort")
    return value


def page(query: QueryDict) -> Page:
    number = _int(query, "page", 1, 1, schema.MAX_PAGE)
    size = _int(query, "page_size", 20, 1, schema.MAX_PAGE_SIZE)
    return Page(number, size)


def filters(query: QueryDict) -> dict[str, list[str]]:
    """The filter parameters, checked: concept codes exist, places exist, decades are decades."""
    result: dict[str, list[str]] = {}
    text = _single(query, "q")
    if text is not None:
        if len(text) > schema.MAX_QUERY_LENGTH:
            raise ApiError(
                f"The query is {len(text)} characters long; at most {schema.MAX_QUERY_LENGTH} are allowed.",
                parameter="q",
            )
        if "\x00" in text:
            raise ApiError("The query contains a NUL character.", parameter="q")
        if text.strip():
            result["q"] = [text]
    for name in schema.LIST_FILTERS:
        values = _many(query, name)
        if values:
            result[name] = _concepts(name, values)
    for name, kind, digits in (
        ("county", "county", 2),
        ("municipality", "municipality", 4),
        ("region", "region", 5),
        ("like", "municipality", 4),
    ):
        values = _many(query, name)
        if values:
            result[name] = _places(name, kind, digits, values)
    decades = _many(query, "decade")
    if decades:
        result["decade"] = [str(_decade(v)) for v in decades]
    for name, allowed in (("language", schema.ENTRY_LANGUAGES), ("status", schema.PUBLIC_STATUSES)):
        values = _many(query, name)
        for value in values:
            if value not in allowed:
                raise ApiError(f"Unknown {name} '{value}': use {' or '.join(allowed)}.", parameter=name)
        if values:
            result[name] = values
    return result


def _concepts(name: str, values: list[str]) -> list[str]:
    scheme = SCHEME_FOR_LIST[name]
    for value in values:
        if not CODE.match(value):
            raise ApiError(
                f"'{value}' is not a concept code (letters, digits, '_' and '-', at most 80).", parameter=name
            )
    known = set(Concept.objects.filter(scheme__code=scheme, code__in=values).values_list("code", flat=True))
    unknown = [v for v in values if v not in known]
    if unknown:
        raise ApiError(
            f"Unknown concept code '{unknown[0]}' in the '{scheme}' vocabulary; "
            f"/api/v1/vocabularies/{scheme} lists the codes.",
            parameter=name,
        )
    return list(dict.fromkeys(values))


def _places(name: str, kind: str, digits: int, values: list[str]) -> list[str]:
    for value in values:
        if not (len(value) == digits and value.isascii() and value.isdigit()):
            raise ApiError(f"'{value}' is not a {digits}-digit {name} number.", parameter=name)
    if kind == "region":
        unknown = [v for v in values if v not in official.data().regions]
        if unknown:
            raise ApiError(f"No economic region has the number '{unknown[0]}'.", parameter=name)
        return list(dict.fromkeys(values))
    # Today's numbers or former ones, read as today's; entries naming older places are found through them.
    out: list[str] = []
    for value in values:
        resolved = todays_areas(kind, value)
        if resolved is None:
            raise ApiError(f"No {name} of any era has the number '{value}'.", parameter=name)
        out += resolved.numbers
    return list(dict.fromkeys(out))


def _decade(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ApiError(
            f"Decade '{value}' is not a number (write 2000 for 2000-2009).", parameter="decade"
        ) from None
    if not 1800 <= number <= 2100 or number % 10:
        raise ApiError(
            f"Decade '{value}' must be a year ending in 0 between 1800 and 2100.", parameter="decade"
        )
    return number


def _single(query: QueryDict, name: str) -> str | None:
    values = query.getlist(name)
    if len(values) > 1:
        raise ApiError(f"Give '{name}' once, not {len(values)} times.", parameter=name)
    return values[0] if values else None


def _many(query: QueryDict, name: str) -> list[str]:
    values = [v for v in query.getlist(name) if v != ""]
    if len(values) > schema.MAX_VALUES:
        raise ApiError(f"At most {schema.MAX_VALUES} values of '{name}' at once.", parameter=name)
    return values


def _int(query: QueryDict, name: str, default: int, low: int, high: int) -> int:
    value = _single(query, name)
    if value is None or value == "":
        return default
    if not (value.isascii() and value.lstrip("-").isdigit()) or len(value) > 9:
        raise ApiError(f"'{name}' must be a whole number, not '{value}'.", parameter=name)
    number = int(value)
    if not low <= number <= high:
        raise ApiError(f"'{name}' must be between {low} and {high}, not {number}.", parameter=name)
    return number
