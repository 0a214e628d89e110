"""Requests refused before any view runs, the same on every store.

A NUL character in the address or a query parameter cannot be stored or looked up in PostgreSQL (it raises
instead of finding nothing, a 500), while SQLite just finds nothing. It is never part of a real address, so
such a request gets a 400 here: JSON under /api/, a plain line elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

MESSAGE = "The address contains a NUL character (%00), which no page or parameter accepts."


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        parameter = next(
            (k for k, v in request.GET.lists() if "\x00" in k or any("\x00" in x for x in v)), None
        )
        if "\x00" in request.path or parameter is not None:
            if request.path.startswith("/api/"):
                from tiltak.api.params import ApiError

                # The API's own error shape, so a client reads this refusal like any other.
                return JsonResponse(ApiError(MESSAGE, parameter=parameter).as_dict(), status=400)
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
