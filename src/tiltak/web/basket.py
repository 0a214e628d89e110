"""The compare basket: up to four entries a reader has put aside to see side by side.

It lives in a signed cookie (no account, no server state), so it survives paging, new searches and
opening entries, and works without JavaScript: "add" and "remove" are small POST forms (CSRF-checked)
that come back to the page they were sent from. What could not be done (the basket is full, the entry
is unknown) is said on the next page, from a one-time note cookie, never dropped silently."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from tiltak.catalog.visibility import Scope, visible_entries

COOKIE = "tiltak_compare"
NOTE_COOKIE = "tiltak_compare_note"
LIMIT = 4
SALT = "tiltak.compare"
MAX_AGE = 30 * 24 * 3600


def read(request: HttpRequest) -> list[str]:
    """The basket's entry addresses (slugs), in the order they were added; a tampered cookie is empty."""
    if not hasattr(request, "_compare_basket"):
        raw = request.get_signed_cookie(COOKIE, default="", salt=SALT, max_age=MAX_AGE)
        try:
            slugs = json.loads(raw) if raw else []
        except ValueError:
            slugs = []
        clean = [s for s in slugs if isinstance(s, str)] if isinstance(slugs, list) else []
        request._compare_basket = list(dict.fromkeys(clean))[:LIMIT]  # type: ignore[attr-defined]
    return request._compare_basket  # type: ignore[attr-defined]


def write(request: HttpRequest, response: HttpResponse, slugs: list[str]) -> None:
    response.set_signed_cookie(
        COOKIE,
        json.dumps(slugs[:LIMIT]),
        salt=SALT,
        max_age=MAX_AGE,
        samesite="Lax",
        httponly=True,
        secure=request.is_secure() or getattr(settings, "SESSION_COOKIE_SECURE", False),
    )


@dataclass
class Change:
    slugs: list[str]
    note: str  # what to tell the reader on the next page ("" when it went as asked)
    level: str = "info"  # "info" or "warning"


def change(request: HttpRequest, action: str, slug: str) -> Change:
    """Apply one add/remove/clear to the reader's basket; nothing is changed for a request it refuses."""
    slugs = list(read(request))
    if action == "clear":
        return Change([], _("The compare basket is empty."))
    entry = visible_entries(Scope.PUBLIC).filter(slug=slug).only("title", "slug").first() if slug else None
    if action == "remove":
        if slug in slugs:
            slugs.remove(slug)
        title = entry.title if entry else slug
        return Change(slugs, _("“%(title)s” was taken out of the compare basket.") % {"title": title})
    if action != "add":
        return Change(slugs, _("Unknown basket action '%(action)s'.") % {"action": action}, "warning")
    if entry is None:
        return Change(
            slugs, _("No entry has the address '%(slug)s'; nothing was added.") % {"slug": slug}, "warning"
        )
    if slug in slugs:
        return Change(slugs, _("“%(title)s” is already in the compare basket.") % {"title": entry.title})
    if len(slugs) >= LIMIT:
        return Change(
            slugs,
            _(
                "The compare basket holds at most %(limit)s entries; “%(title)s” was not added. Take one out first."
            )
            % {"limit": LIMIT, "title": entry.title},
            "warning",
        )
    slugs.append(slug)
    return Change(slugs, _("“%(title)s” was added to the compare basket.") % {"title": entry.title})


def set_note(request: HttpRequest, response: HttpResponse, result: Change) -> None:
    if result.note:
        response.set_signed_cookie(
            NOTE_COOKIE,
            json.dumps([result.level, result.note]),
            salt=SALT,
            max_age=300,
            samesite="Lax",
            httponly=True,
            secure=request.is_secure(),
        )


def pending_note(request: HttpRequest) -> tuple[str, str] | None:
    """The note left by the last basket change (level, text), if any."""
    raw = request.get_signed_cookie(NOTE_COOKIE, default="", salt=SALT, max_age=300)
    try:
        level, note = json.loads(raw) if raw else ("", "")
    except (ValueError, TypeError):
        return None
    return (str(level), str(note)) if note else None


def shows_basket(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For a page that shows the basket: the pending note is shown once, then its cookie is cleared."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if NOTE_COOKIE in request.COOKIES and response.status_code == 200:
            response.delete_cookie(NOTE_COOKIE, samesite="Lax")
        return response

    return wrapper
