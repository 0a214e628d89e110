"""The staff cast: the people of tests/cast.py given accounts and roles, plus the anonymous reader, so a
permission test reads as "carol may not publish". Every permission test uses these five, in this order.

- anonymous: no account;
- oskar: a contributor for Tokke (another municipality than the entry's);
- carol: a contributor for Vinje (the municipality of the entries the tests make);
- alice: an editor (bob is a second editor, for concurrent edits);
- ada: an admin.
"""

from __future__ import annotations

from typing import Any

from tiltak.accounts.services import add_user

# The roles in the matrix, least to most.
ROLES = ("anonymous", "outsider", "contributor", "editor", "admin")

PEOPLE: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # role in the matrix: (user name, role, places)
    "outsider": ("oskar@tokke.kommune.no", "contributor", ("4034",)),
    "contributor": ("carol@vinje.kommune.no", "contributor", ("4036",)),
    "editor": ("alice@tiltak.no", "editor", ()),
    "second_editor": ("bob@tiltak.no", "editor", ()),
    "admin": ("ada@tiltak.no", "admin", ()),
}

PASSWORD = "Fjellgard-og-fjord-2026"


def make_user(who: str, *, password: str | None = None) -> Any:
    """The account of the cast member (``who`` is a key of ``PEOPLE``), created with their role."""
    email, role, places = PEOPLE[who]
    return add_user(email, role=role, places=places, password=password)


def sign_in(client: Any, who: str) -> Any:
    """Sign the test client in as the cast member (or stay anonymous); returns the user or None."""
    if who == "anonymous":
        return None
    user = make_user(who)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return user
