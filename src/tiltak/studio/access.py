"""The staff area's one gate: every studio view is wrapped in ``staff_view(ACTION)``. Anonymous readers
are sent to the sign-in page; a signed-in user without the right gets 403. Checks that depend on the entry
(a contributor's own municipalities) are made in the view with ``permissions.require``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

from tiltak.accounts.permissions import Action, require


def staff_view(action: Action) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        @never_cache
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require(request.user, action)
            return view(request, *args, **kwargs)

        wrapper.staff_action = action  # type: ignore[attr-defined]
        return wrapper

    return decorate
