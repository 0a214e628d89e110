"""The people in the tests, named once (as healthchecks has alice, bob and charlie in every test).

- alice edits and imports: the author of every entry the builder makes, unless a test says otherwise;
- bob is a second editor: the other side of a concurrent edit, a later re-import, a remapping;
- carol has an account and works on the web and the API.

Accounts and roles come later; they bind roles to these names, so a permission test reads as
"bob may not publish" rather than as a list of flags.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tiltak.catalog.actor import Actor


@dataclass(frozen=True)
class Person:
    username: str
    does: str  # what this person is for in the tests

    def cli(self) -> Actor:
        """This person at the command line (no account)."""
        return Actor.cli(self.username)

    def importer(self) -> Actor:
        """This person running a document import from the command line."""
        return Actor.importer(self.username)

    def user(self) -> Any:
        """This person's account, created on first use (needs the database)."""
        from django.contrib.auth import get_user_model

        user, _ = get_user_model().objects.get_or_create(username=self.username)
        return user

    def web(self) -> Actor:
        return Actor.web(self.user())

    def api(self) -> Actor:
        return Actor.api(self.user())


ALICE = Person("alice", "edits and imports; the default author")
BOB = Person("bob", "a second editor")
CAROL = Person("carol", "has an account; works on the web and the API")
CAST = {person.username: person for person in (ALICE, BOB, CAROL)}
