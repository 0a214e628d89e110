"""A time limit on every database statement a web request runs, the same on both stores.

One heavy request (a statistics page over everything, a search over a hostile document) must not hold a
worker for minutes, nor keep running in the database after the reader has gone. ``QueryTimeLimitMiddleware``
gives each statement of a request ``settings.QUERY_TIME_LIMIT`` seconds (0: no limit), as Datasette gives
each of its queries one:

- PostgreSQL: the connection's ``statement_timeout``, set on the raw connection the first time a request
  uses it (the server cancels the statement; nothing extra appears among the request's queries);
- SQLite: a progress handler (installed on the connection by the same wrapper), called every few thousand
  steps of the virtual machine, interrupts the statement once its deadline has passed.

A statement cut short gives the reader a 503 page (the API: its JSON error) saying what happened and what
to try. Commands (imports, exports from the command line, migrations) have no limit: they run outside
requests.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse

# When the running statement must stop (time.monotonic()), or None outside a limited request.
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("tiltak_deadline", default=None)
_SQLITE_STEPS = 10_000  # virtual machine steps between two looks at the clock


class QueryTimedOut(Exception):
    """A statement of a web request ran past ``settings.QUERY_TIME_LIMIT``."""


def _past_deadline() -> int:
    deadline = _deadline.get()
    return 1 if deadline is not None and time.monotonic() > deadline else 0  # non-zero interrupts


def _limited(limit: float) -> Callable[..., Any]:
    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict) -> Any:
        connection = context["connection"]
        if connection.vendor == "postgresql":
            if getattr(connection, "_tiltak_statement_timeout", None) != limit:
                connection.connection.execute(f"SET statement_timeout = {int(limit * 1000)}")
                connection._tiltak_statement_timeout = limit
            try:
                return execute(sql, params, many, context)
            except OperationalError as error:
                if getattr(error.__cause__, "sqlstate", None) == "57014":  # query_canceled
                    raise QueryTimedOut(limit) from error
                raise
        if getattr(connection, "_tiltak_watched", None) is not connection.connection:
            connection.connection.set_progress_handler(_past_deadline, _SQLITE_STEPS)
            connection._tiltak_watched = connection.connection
        token = _deadline.set(time.monotonic() + limit)
        try:
            return execute(sql, params, many, context)
        except OperationalError as error:
            if "interrupted" in str(error):
                raise QueryTimedOut(limit) from error
            raise
        finally:
            _deadline.reset(token)

    return wrapper


class QueryTimeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = float(settings.QUERY_TIME_LIMIT or 0)
        if limit <= 0:
            return self.get_response(request)
        with connections["default"].execute_wrapper(_limited(limit)):
            return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, QueryTimedOut):
            return None
        return timed_out(request, float(exception.args[0]))


def timed_out(request: HttpRequest, limit: float) -> HttpResponse:
    from django.utils.translation import gettext as _

    message = _(
        "This request was stopped after %(seconds)s seconds so that the catalog stays quick for everyone. "
        "Narrow it (a filter, fewer words, a smaller download) or try again later."
    ) % {"seconds": f"{limit:g}"}
    if request.path.startswith("/api/"):
        from tiltak.api.params import ApiError

        response: HttpResponse = JsonResponse(ApiError(message, status=503).as_dict(), status=503)
    else:
        from tiltak.web.errors import error_page

        response = error_page(request, 503, message)
    response["Retry-After"] = "30"
    return response
