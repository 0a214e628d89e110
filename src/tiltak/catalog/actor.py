"""Who changes the catalog, and how: every write service takes an ``Actor`` instead of a name."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from typing import Any

from tiltak.catalog.models import Via


@dataclass(frozen=True)
class Actor:
    """``user``: the account (``settings.AUTH_USER_MODEL``), or None for the command line and the import,
    where ``name`` (a login name, or a label such as "sample-catalog") says who ran it. ``via``: the channel.
    """

    user: Any
    via: str
    name: str = ""

    def __post_init__(self) -> None:
        if self.via not in Via.values:
            raise ValueError(f"Unknown channel '{self.via}': use one of {', '.join(Via.values)}.")

    @classmethod
    def cli(cls, name: str = "") -> Actor:
        """Someone at the command line (``name`` defaults to the login name)."""
        return cls(None, Via.CLI, name or _login())

    @classmethod
    def importer(cls, name: str = "", user: Any = None) -> Actor:
        """A document import, run from the command line (no user) or on a user's behalf."""
        return cls(user, Via.IMPORT, "" if user is not None else name or _login())

    @classmethod
    def web(cls, user: Any) -> Actor:
        return cls(user, Via.WEB)

    @classmethod
    def api(cls, user: Any) -> Actor:
        return cls(user, Via.API)

    @property
    def label(self) -> str:
        """The name the audit log shows: the user's name, else the name given, else the channel."""
        if self.user is not None:
            return str(self.user.get_username())
        return self.name or str(self.via)


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return ""
