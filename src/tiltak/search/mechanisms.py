"""The search's relevance mechanisms by name, each one switchable off for measuring what it is worth.

``TILTAK_SEARCH_WITHOUT=name,name`` (read on every call, so the relevance benchmark can set it per child
process) or ``switched_off(name)`` in a test turns a mechanism off; everything else stays as it is.
Mechanisms marked as index-time change what is indexed, so the index must be rebuilt after switching them.
Each one has tests showing what a user loses without it (tests/test_search_mechanisms.py), and
``benchmarks/relevance/run.py --ablate`` measures it (docs/benchmarks.md).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

ENV = "TILTAK_SEARCH_WITHOUT"

MECHANISMS: dict[str, str] = {
    "soft_coverage": "every entry with any query word is found; the share of the query it has weighs in "
    "the score instead of a mostly-AND gate",
    "catalog_compounds": "a query compound the lexicon cannot split is split into two words the catalog "
    "itself uses (each in a few entries at least)",
    "typo_tolerance": "a long word rarely written is also searched as a much commoner close spelling, and "
    "a corrected word brings its root and compound parts as the correctly typed word does",
    "english_labels": "a concept's English label names it as its Norwegian labels do (host scheme -> the "
    "host-scheme concept; a one-word label also finds its Norwegian one-word names in text)",
    "place_terms": "index-time: an entry is indexed under today's counties its places lie in",
    "derivation": "index-time: action nouns in -asjon, -else and -ing (roots of four letters and more) "
    "meet their verb and agent noun",
    "joined_forms": "hyphenated compounds are also indexed joined (index-time), and two query words are "
    "also searched as the one word the catalog writes",
}

_off_here: set[str] = set()


def enabled(name: str) -> bool:
    """Whether mechanism ``name`` is on (unknown names are a programming error)."""
    if name not in MECHANISMS:
        raise KeyError(f"unknown search mechanism {name!r}; known: {', '.join(MECHANISMS)}")
    if name in _off_here:
        return False
    off = os.environ.get(ENV, "")
    return not off or name not in {n.strip() for n in off.split(",")}


@contextmanager
def switched_off(*names: str) -> Iterator[None]:
    """Turn mechanisms off inside a ``with`` block (tests); index-time ones need a rebuilt index."""
    for name in names:
        enabled(name)  # checks the name
    before = set(_off_here)
    _off_here.update(names)
    try:
        yield
    finally:
        _off_here.clear()
        _off_here.update(before)
