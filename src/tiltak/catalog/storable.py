"""What the database can hold, checked before anything is written, the same on SQLite and PostgreSQL.

SQLite stores a NUL character, a lone surrogate or a 600-character name without complaint; PostgreSQL
refuses them with an error that names no field. So every text of a draft (and of an import's source) is
checked here first, and the refusal names the field: ``lists.activities[3].note``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from tiltak.errors import InvalidInput

# Text fields with a length limit in the schema (catalog/models.py), by their name in a draft.
MAX_LENGTHS = {
    "title": 500,
    "slug": 120,
    "organisation": 300,
    "note": 500,
    "match": 20,
    "heading": 300,
    "mention": 300,
    "file_name": 500,
    "source_url": 1000,
    "format": 10,
    "encoding": 40,
}
_LABELS = {"file_name": "file name", "source_url": "source address"}


def check_storable(value: Any, *, path: str = "") -> None:
    """Raise ``InvalidInput`` naming the first field the database would refuse (a dataclass, list, dict
    or string, walked recursively)."""
    if isinstance(value, str):
        _check_text(value, path)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            check_storable(getattr(value, field.name), path=f"{path}.{field.name}" if path else field.name)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_storable(item, path=f"{path}.{key}" if path else str(key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value, start=1):
            check_storable(item, path=f"{path}[{index}]")


def _check_text(text: str, path: str) -> None:
    field = path.rsplit(".", 1)[-1].split("[", 1)[0]
    label = f"'{path}'" if field not in _LABELS else f"the {_LABELS[field]} ('{path}')"
    if "\x00" in text:
        raise InvalidInput(f"{label} holds a NUL character (\\x00), which the database cannot store.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(
            f"{label} holds an invalid character (a lone UTF-16 surrogate), which the database cannot store."
        ) from None
    limit = MAX_LENGTHS.get(field)
    if limit is not None and len(text) > limit:
        raise InvalidInput(f"{label} is {len(text)} characters long; at most {limit} fit.")
