"""Account changes, called by `tiltak users` and (later) the admin pages: add or update a user with a role
and places, remove one, issue an API token, find the user a token belongs to."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tiltak.accounts.models import ApiToken, Membership, Role
from tiltak.errors import InvalidInput, NotFound
from tiltak.places.models import Place

# Places a contributor can be bound to (a village is too small to speak for).
BINDABLE_KINDS = (Place.Kind.MUNICIPALITY, Place.Kind.REGION, Place.Kind.COUNTY)


def add_user(email: str, *, role: str, places: Sequence[str] = (), password: str | None = None) -> Any:
    """Create the user, or update an existing one, so that their role is ``role`` (bound to ``places`` for
    a contributor). Their earlier memberships are replaced. ``password`` None keeps the current one (a new
    user then has none usable until they follow a set-password link)."""
    email = _normal_email(email)
    if role not in Role.values:
        raise InvalidInput(f"Unknown role '{role}': use {', '.join(Role.values)}.")
    if role == Role.CONTRIBUTOR and not places:
        raise InvalidInput(f"A contributor speaks for one or more places: give --place NAME for {email}.")
    if role != Role.CONTRIBUTOR and places:
        raise InvalidInput(f"An {role} works on the whole catalog: --place is only for contributors.")
    bound = [find_place(name) for name in places]
    if password is not None:
        _check_password(password, email)
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.filter(username__iexact=email).first()
        if user is None:
            user = User(username=email, email=email)
            user.set_unusable_password()
        if password is not None:
            user.set_password(password)
        user.is_active = True
        user.save()
        Membership.objects.filter(user=user).delete()
        if bound:
            Membership.objects.bulk_create(Membership(user=user, role=role, place=p) for p in bound)
        else:
            Membership.objects.create(user=user, role=role)
    return user


def remove_user(email: str) -> None:
    """Delete the account. What they changed stays: versions and audit rows keep their name."""
    get_user(email).delete()


def get_user(email: str) -> Any:
    user = get_user_model().objects.filter(username__iexact=email.strip()).first()
    if user is None:
        raise NotFound(f"No user '{email.strip()}'. `tiltak users list` shows the users there are.")
    return user


def list_users() -> list[tuple[Any, list[Membership]]]:
    users = get_user_model().objects.order_by("username").prefetch_related("memberships__place")
    return [(u, list(u.memberships.all())) for u in users]


def find_place(name: str) -> Place:
    """The municipality, region or county called ``name`` (today's, when the name was used before), or an
    error naming what was asked for."""
    text = name.strip()
    rows = list(
        Place.objects.filter(kind__in=BINDABLE_KINDS)
        .filter(name__iexact=text)
        .order_by(F("valid_until").asc(nulls_first=True), "kind", "pk")
    )
    if not rows and text.isdigit():
        rows = list(Place.objects.filter(kind__in=BINDABLE_KINDS, code=text).order_by("valid_until", "pk"))
    if not rows:
        raise InvalidInput(
            f"No municipality, region or county called '{text}' (a kommunenummer such as 4036 works too)."
        )
    current = [p for p in rows if p.valid_until is None] or rows
    kinds = {p.kind for p in current}
    if len(kinds) > 1:
        raise InvalidInput(
            f"'{text}' is the name of a {' and a '.join(sorted(kinds))}: give the kommunenummer or fylkesnummer."
        )
    return current[0]


def set_password_link(user: Any) -> str:
    """A one-time address where the user chooses a password (Django's reset token: it stops working once
    used, or when the password changes)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return settings.TILTAK_BASE_URL.rstrip("/") + path


def new_token(user: Any) -> str:
    """A new API token for the user; the old one stops working. Only its digest is stored."""
    token = "tiltak_" + secrets.token_urlsafe(32)
    ApiToken.objects.update_or_create(user=user, defaults={"digest": _digest(token)})
    return token


def user_for_token(token: str) -> Any | None:
    """The active user the token belongs to, or None."""
    if not token:
        return None
    row = ApiToken.objects.select_related("user").filter(digest=_digest(token.strip())).first()
    if row is None or not row.user.is_active:
        return None
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
    return row.user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _normal_email(email: str) -> str:
    text = email.strip().lower()
    try:
        validate_email(text)
    except ValidationError:
        raise InvalidInput(f"'{email.strip()}' is not an e-mail address.") from None
    return text


def _check_password(password: str, email: str) -> None:
    from django.contrib.auth.password_validation import validate_password

    User = get_user_model()
    try:
        validate_password(password, User(username=email, email=email))
    except ValidationError as error:
        raise InvalidInput("The password was refused: " + " ".join(error.messages)) from None
