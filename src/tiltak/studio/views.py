"""The staff area (/redaksjon/): what contributors, editors and admins see once signed in."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tiltak.accounts.models import Membership
from tiltak.accounts.permissions import Action, may, own_place_ids, role_of
from tiltak.studio.access import staff_view


@staff_view(Action.STUDIO)
def home(request: HttpRequest) -> HttpResponse:
    from tiltak.places.models import Place

    user = request.user
    places = Place.objects.filter(memberships__in=Membership.objects.filter(user=cast(Any, user))).order_by(
        "name"
    )
    return render(
        request,
        "studio/home.html",
        {
            "role": role_of(user),
            "places": places,
            "own_place_count": len(own_place_ids(user)),
            "can": {action.name.lower(): may(user, action) for action in Action},
        },
    )
