"""Who may do what: stated once, here. Every staff view, the API's write endpoint and the commands ask
``may`` or ``require``; the authorisation matrix test (tests/test_studio_permissions.py) checks each page
against the cast.

A rule is the lowest role that may take the action, and whether a contributor may take it only for entries
in their own places (a municipality, its villages, or a region and its member municipalities). Editors and
admins act catalog-wide.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied

from tiltak.accounts.models import ROLE_RANK, Membership, Role


class Action(StrEnum):
    STUDIO = "studio.view"  # the staff area's own pages (start page, own submissions)
    SUBMIT = "submission.create"  # send a new initiative for review
    PROPOSE = "entry.propose"  # propose a change to an existing entry
    HISTORY = "entry.history"  # full history and diffs of an entry
    REVIEW = "submission.review"  # the review queue: accept, return, reject
    EDIT = "entry.edit"  # change an entry directly (web form, API)
    PUBLISH = "entry.publish"  # publish, archive, unarchive, restore a version
    MAP = "vocabulary.map"  # map list items to concepts
    DELETE = "entry.delete"
    AUDIT = "audit.view"
    USERS = "users.manage"


@dataclass(frozen=True)
class Rule:
    role: Role
    # A contributor may take the action only on entries in their places.
    own_places: bool = False


RULES: dict[Action, Rule] = {
    Action.STUDIO: Rule(Role.CONTRIBUTOR),
    Action.SUBMIT: Rule(Role.CONTRIBUTOR),
    Action.PROPOSE: Rule(Role.CONTRIBUTOR, own_places=True),
    Action.HISTORY: Rule(Role.CONTRIBUTOR, own_places=True),
    Action.REVIEW: Rule(Role.EDITOR),
    Action.EDIT: Rule(Role.EDITOR),
    Action.PUBLISH: Rule(Role.EDITOR),
    Action.MAP: Rule(Role.EDITOR),
    Action.DELETE: Rule(Role.ADMIN),
    Action.AUDIT: Rule(Role.ADMIN),
    Action.USERS: Rule(Role.ADMIN),
}


def role_of(user: Any) -> Role | None:
    """The user's highest role, or None (anonymous, inactive, or no membership)."""
    memberships = _memberships(user)
    if not memberships:
        return None
    return max((Role(m.role) for m in memberships), key=ROLE_RANK.__getitem__)


def may(user: Any, action: Action, entry: Any = None) -> bool:
    rule = RULES[Action(action)]
    role = role_of(user)
    if role is None or ROLE_RANK[role] < ROLE_RANK[rule.role]:
        return False
    if role == Role.CONTRIBUTOR and rule.own_places and entry is not None:
        return in_own_places(user, entry)
    return True


def require(user: Any, action: Action, entry: Any = None) -> None:
    """``PermissionDenied`` (403) unless the user may take the action."""
    if not may(user, action, entry):
        rule = RULES[Action(action)]
        where = " for an entry in your own municipalities" if rule.own_places else ""
        raise PermissionDenied(f"'{action}' needs the {rule.role} role{where}.")


def own_place_ids(user: Any) -> set[int]:
    """Ids of the places a contributor speaks for: their membership places, a municipality's villages, a
    region's member municipalities."""
    from tiltak.places.models import Place

    direct = {m.place_id for m in _memberships(user) if m.place_id is not None}
    if not direct:
        return set()
    cached = getattr(user, "_tiltak_own_places", None)
    if cached is not None:
        return cached
    members = Place.members.through.objects.filter(from_place_id__in=direct).values_list(
        "to_place_id", flat=True
    )
    children = Place.objects.filter(parent_id__in=direct).values_list("pk", flat=True)
    places = direct | set(members) | set(children)
    user._tiltak_own_places = places
    return places


def in_own_places(user: Any, entry: Any) -> bool:
    """The entry names one of the user's places."""
    own = own_place_ids(user)
    return bool(own) and entry.entry_places.filter(place_id__in=own).exists()


def _memberships(user: Any) -> list[Membership]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_tiltak_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user))
        user._tiltak_memberships = cached
    return cached
