"""The catalog's own error pages (400, 403, 404, 500): the site's header, the reader's language, a search
box and a way back. The 500 page is drawn without the database (it may be what failed), and if even the
template fails the reader gets a plain page in the same words rather than Django's bare one."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _texts(status: int) -> tuple[str, str]:
    return {
        400: (
            _("The address could not be read"),
            _("Something in the address is not valid. Check it, or start again from a search."),
        ),
        403: (
            _("You may not do this"),
            _(
                "This page or action is not open to you. If you followed a form, reload the page it came from and try again."
            ),
        ),
        404: (
            _("Page not found"),
            _("There is no page at this address. The entry may have been renamed or withdrawn."),
        ),
        500: (
            _("Something went wrong on our side"),
            _("The catalog could not show this page just now. Try again in a little while."),
        ),
        503: (
            _("This took too long"),
            _("The catalog stopped working on this page to stay quick for everyone."),
        ),
    }[status]


def error_page(request: HttpRequest, status: int, detail: str = "") -> HttpResponse:
    title, explanation = _texts(status)
    context = {"status": status, "title": title, "explanation": explanation, "detail": detail}
    try:
        body: str = render_to_string("web/error.html", context, request=request)
    except Exception:  # the page that explains a failure must not fail itself
        logger.exception("The %s error page could not be drawn", status)
        body = (
            f'<!DOCTYPE html><html lang="{escape(getattr(request, "LANGUAGE_CODE", "nb"))}"><head>'
            f'<meta charset="utf-8"><title>{escape(title)}</title></head><body><h1>{escape(title)}</h1>'
            f'<p>{escape(explanation)}</p><form action="/sok/" method="get" role="search">'
            f'<input type="search" name="q" aria-label="{escape(_("Search the catalog"))}">'
            f'<button type="submit">{escape(_("Search"))}</button></form>'
            f'<p><a href="/">{escape(_("Front page"))}</a></p></body></html>'
        )
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    # Http404's own message is written for readers ("No entry has the address …"); Django's resolver
    # messages are not, so only a message raised by the catalog is shown.
    detail = ""
    if exception is not None and exception.args and isinstance(exception.args[0], str):
        detail = exception.args[0]
    return error_page(request, 404, detail)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_page(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_page(
        request, 403, _("The form was too old or came from another site; reload the page and send it again.")
    )
