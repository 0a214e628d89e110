"""The catalog's one change stamp: every cache of catalog data (the facet index, the API's ETags, the
search's term and concept lists) is valid for one stamp and rebuilt when it changes.

``bump()`` is called inside the transaction of every change: by the catalog's write funnel, the vocabulary
services and the data loaders, so readers see the new stamp exactly when they can see the change.
``current()`` is read once per web request (``StampMiddleware`` remembers it for the request) and on every
call elsewhere; ``request_memo()`` lets other once-per-request checks share the request's lifetime. Each
bump writes a fresh random token as well as a counter, so a rolled-back change can never leave two
different catalogs behind one stamp."""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone


@dataclass(frozen=True)
class Stamp:
    token: str
    counter: int
    changed_at: datetime


_request_stamp: contextvars.ContextVar[Stamp | None] = contextvars.ContextVar("tiltak_stamp", default=None)
_request_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("tiltak_memo", default=None)


def request_memo() -> dict | None:
    """A dict that lives for the current web request (None outside one) and is emptied by every ``bump``:
    for a check that needs to run once per request rather than once per call."""
    return _request_memo.get()


def current(using: str = "default") -> Stamp:
    remembered = _request_stamp.get()
    if remembered is not None and using == "default":
        return remembered
    from tiltak.stamp.models import ChangeStamp

    row = ChangeStamp.objects.using(using).filter(pk=1).values_list("token", "counter", "changed_at").first()
    if row is None:  # a new (or flushed) database: start one
        try:
            with transaction.atomic(using=using):
                created = ChangeStamp.objects.using(using).create(pk=1, token=uuid.uuid4().hex, counter=0)
            row = (created.token, created.counter, created.changed_at)
        except IntegrityError:  # another process started it first
            return current(using)
    return Stamp(*row)


def bump(using: str = "default") -> None:
    """The catalog changed: call inside the change's transaction."""
    from tiltak.stamp.models import ChangeStamp

    _request_stamp.set(None)  # a request that writes reads the new stamp afterwards
    memo = _request_memo.get()
    if memo is not None:
        memo.clear()
    token = uuid.uuid4().hex
    updated = (
        ChangeStamp.objects.using(using)
        .filter(pk=1)
        .update(token=token, counter=F("counter") + 1, changed_at=timezone.now())
    )
    if not updated:
        current(using)
        ChangeStamp.objects.using(using).filter(pk=1).update(
            token=token, counter=F("counter") + 1, changed_at=timezone.now()
        )


class StampMiddleware:
    """Reads the change stamp once per request: every cache a request consults agrees on one state."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        _request_stamp.set(None)
        reset = _request_stamp.set(current())
        reset_memo = _request_memo.set({})
        try:
            return self.get_response(request)
        finally:
            _request_memo.reset(reset_memo)
            _request_stamp.reset(reset)
