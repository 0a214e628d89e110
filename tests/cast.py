"""The people in the tests, named once (as healthchecks has alice, bob and charlie in every test). Each has
a login name (the command line and the import) and an account with a role (the web and the API):

- anonymous: no account;
- oskar: a contributor for Tokke (not the municipality of the entries the tests make);
- carol: a contributor for Vinje (the municipality of the entries the tests make);
- alice: an editor who edits and imports: the author of every entry the builder makes, unless a test says
  otherwise;
- bob: a second editor: the other side of a concurrent edit, a later re-import, a remapping;
- ada: an admin.

A permission test reads as "carol may not publish": ``ROLES`` is the authorisation matrix's order and
``sign_in``/``make_user`` take a role in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tiltak.catalog.actor import Actor


@dataclass(frozen=True)
class Person:
    username: str  # the login name at the command line
    email: str  # the account's user name
    role: str
    places: tuple[str, ...] = ()  # a contributor's municipalities (kommunenummer)
    does: str = ""  # what this person is for in the tests

    def cli(self) -> Actor:
        """This person at the command line (no account)."""
        return Actor.cli(self.username)

    def importer(self) -> Actor:
        """This person running a document import from the command line."""
        return Actor.importer(self.username)

    def user(self, *, password: str | None = None) -> Any:
        """This person's account with their role, created or brought back to it (needs the database)."""
        from tiltak.accounts.services import add_user

        return add_user(self.email, role=self.role, places=self.places, password=password)

    def web(self) -> Actor:
        return Actor.web(self.user())

    def api(self) -> Actor:
        return Actor.api(self.user())


OSKAR = Person("oskar", "oskar@tokke.kommune.no", "contributor", ("4034",), "a contributor elsewhere (Tokke)")
CAROL = Person(
    "carol", "carol@vinje.kommune.no", "contributor", ("4036",), "a contributor for the entries' Vinje"
)
ALICE = Person("alice", "alice@tiltak.no", "editor", (), "edits and imports; the default author")
BOB = Person("bob", "bob@tiltak.no", "editor", (), "a second editor")
ADA = Person("ada", "ada@tiltak.no", "admin", (), "an admin")
CAST = {person.username: person for person in (OSKAR, CAROL, ALICE, BOB, ADA)}

# The roles of the authorisation matrix, least to most, and who plays each.
ROLES = ("anonymous", "outsider", "contributor", "editor", "admin")
PLAYS: dict[str, Person] = {
    "outsider": OSKAR,
    "contributor": CAROL,
    "editor": ALICE,
    "second_editor": BOB,
    "admin": ADA,
}

PASSWORD = "Fjellgard-og-fjord-2026"


def make_user(who: str, *, password: str | None = None) -> Any:
    """The account of whoever plays ``who`` (a role of the matrix, or "second_editor")."""
    return PLAYS[who].user(password=password)


def sign_in(client: Any, who: str) -> Any:
    """Sign the test client in as whoever plays ``who`` (or stay anonymous); returns the user or None."""
    if who == "anonymous":
        return None
    user = make_user(who)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return user
