"""The compare basket on any page: its count in the header, the panel with the last change's note, and the
add/remove button beside an entry (a POST form that works without JavaScript)."""

from __future__ import annotations

from typing import Any

from django import template

from tiltak.web import basket

register = template.Library()


@register.simple_tag(takes_context=True)
def compare_count(context: dict[str, Any]) -> int:
    request = context.get("request")
    return len(basket.read(request)) if request is not None else 0


@register.inclusion_tag("web/_compare_panel.html", takes_context=True)
def compare_panel(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    return {
        "request": request,
        "count": len(basket.read(request)),
        "limit": basket.LIMIT,
        "note": basket.pending_note(request),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("web/_compare_button.html", takes_context=True)
def compare_button(context: dict[str, Any], slug: str, title: str) -> dict[str, Any]:
    request = context["request"]
    slugs = basket.read(request)
    return {
        "slug": slug,
        "title": title,
        "chosen": slug in slugs,
        "full": len(slugs) >= basket.LIMIT,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
    }
