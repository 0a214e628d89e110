"""Where the tests find the shared documents (real pages, never copied into the repository).

``TILTAK_SHARED_DIR`` when it is set, else ``../shared`` next to the checkout. Looked up when asked, not at
import, so a missing folder fails the tests that need it with a message that says where we looked and what
to set, instead of a bare ``StopIteration`` or an empty parameter list.
"""

from __future__ import annotations

import os
from pathlib import Path

VARIABLE = "TILTAK_SHARED_DIR"
REPO = Path(__file__).resolve().parent.parent


class SharedDocumentsMissing(FileNotFoundError):
    """The shared documents (or one of them) are not where the tests looked."""


def shared_dir() -> Path:
    value = os.environ.get(VARIABLE)
    return Path(value) if value else REPO.parent / "shared"


def _where() -> str:
    value = os.environ.get(VARIABLE)
    if value:
        return f"{VARIABLE}={value}"
    return f"{shared_dir()}, next to the checkout ({VARIABLE} is not set)"


def _folder(*parts: str) -> Path:
    folder = shared_dir().joinpath(*parts)
    if not folder.is_dir():
        raise SharedDocumentsMissing(
            f"The shared documents are missing: looked for {folder} (from {_where()}). "
            f"Set {VARIABLE} to the folder that holds seeds/ and corpus/dev/."
        )
    return folder


def shared_root() -> Path:
    """The shared folder itself (it holds seeds/ and corpus/)."""
    return _folder()


def seeds() -> Path:
    """The five seed pages (000-004)."""
    return _folder("seeds")


def corpus() -> Path:
    """The development corpus of real pages."""
    return _folder("corpus", "dev")


def seed_path(number: int) -> Path:
    """The seed page whose name starts with the three-digit number (000-004)."""
    folder = seeds()
    found = sorted(folder.glob(f"{number:03d}_*.txt"))
    if not found:
        raise SharedDocumentsMissing(
            f"No seed page numbered {number:03d} in {folder} (looked for {number:03d}_*.txt, "
            f"from {_where()}). Set {VARIABLE} to the folder that holds seeds/ and corpus/dev/."
        )
    return found[0]
