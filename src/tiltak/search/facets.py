"""The facets of the catalog search: what each filters on, and how its values are counted.

Each process keeps a facet index (``FacetIndex``): per facet value, the set of entries having it as a
bitmap. Filtering is AND/OR of bitmaps and a count is a popcount, so counting every facet of a search costs
microseconds per value and no SQL. Counts are *disjunctive*: a facet counts over the query with every OTHER
facet applied, so ticking a second value in one facet still shows how many entries it adds. Each facet asks
for one value more than it shows, so it knows when its list is cut (as datasette does). The index is valid
for one change stamp (``tiltak.stamp``) and rebuilt when it moves. ``condition`` gives the same filters as
SQL, for exports.

Places: a county filter takes today's county code (fylkesnummer) and matches entries whose places of any
era lie in it: a municipality, a village, a region, or an old county ("Telemark" 2009, "Hordaland").
Where an entry lies is the places app's to say (``tiltak.places.services``).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tiltak import stamp
from tiltak.catalog.models import Entry, ListItem
from tiltak.catalog.template import CONCEPT_CODE_PATTERN, TEMPLATE_LISTS
from tiltak.catalog.visibility import Scope, is_visible
from tiltak.places import services as places

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class FacetSpec:
    key: str  # URL parameter
    label: StrOrPromise  # heading, translated lazily
    kind: str  # list | county | municipality | decade | field
    pattern: str  # what a valid value looks like
    list_name: str = ""
    scheme: str = ""
    field: str = ""
    limit: int = 10  # values shown before "show all"


FACETS: tuple[FacetSpec, ...] = (
    *(
        FacetSpec(lst.name, lst.facet_label, "list", CONCEPT_CODE_PATTERN, lst.name, lst.scheme)
        for lst in sorted(TEMPLATE_LISTS, key=lambda lst: lst.facet_position)
    ),
    FacetSpec("county", _("County"), "county", r"[0-9]{2}", limit=20),
    FacetSpec("municipality", _("Municipality"), "municipality", r"[0-9]{4}"),
    FacetSpec("region", _("Economic region"), "region", r"[0-9]{5}"),
    # A filter, not counted: entries in municipalities like this one (``tiltak.places.official.places_like``).
    FacetSpec("like", _("Places like"), "like", r"[0-9]{4}"),
    FacetSpec("decade", _("Period"), "decade", r"(1[89]|20|21)[0-9]0", limit=20),
    FacetSpec("language", _("Written form"), "field", r"nb|nn", field="language"),
    FacetSpec("status", _("Status"), "field", r"published|archived|draft", field="status"),
)
FACET_BY_KEY = {spec.key: spec for spec in FACETS}
SHOW_ALL_LIMIT = 400


def valid_value(spec: FacetSpec, value: str) -> bool:
    return re.fullmatch(spec.pattern, value) is not None


def condition(spec: FacetSpec, values: list[str]) -> Q:
    """The ``Entry`` condition for one facet: any of ``values`` (OR within a facet)."""
    if spec.kind == "list":
        items = ListItem.objects.filter(list_name=spec.list_name, concept__code__in=values, repeat=False)
        return Q(pk__in=items.values("entry_id"))
    if spec.kind in ("county", "municipality", "region"):
        return places.entry_condition(spec.kind, values)
    if spec.kind == "like":
        return places.entry_condition("municipality", places.like_municipalities(values))
    if spec.kind == "decade":
        q = Q()
        for value in values:
            start = int(value)
            q |= Q(period_start__gte=start, period_start__lt=start + 10)
            q |= Q(period_start__isnull=True, period_end__gte=start, period_end__lt=start + 10)
        return q
    return Q(**{f"{spec.field}__in": values})


# --- the in-memory facet index ---------------------------------------------------------------------
#
# Counting with SQL GROUP BY costs tens of milliseconds per facet on SQLite at 10,000 entries (and the
# disjunctive counts need one query per chosen facet). Instead each process keeps, per facet value, the
# set of entries that have it as a bitmap (a Python int with bit ``pk`` set): filtering is AND/OR of
# ints and a count is ``(value_bits & scope).bit_count()``; microseconds each. The index is rebuilt when
# the catalog's change stamp moves (``tiltak.stamp``).

_POSITIONS = [tuple(i for i in range(8) if byte >> i & 1) for byte in range(256)]


def to_bits(pks) -> int:
    pks = list(pks)
    if not pks:
        return 0
    buffer = bytearray(max(pks) // 8 + 1)
    for pk in pks:
        buffer[pk >> 3] |= 1 << (pk & 7)
    return int.from_bytes(buffer, "little")


def from_bits(bits: int) -> list[int]:
    """The entry ids in a bitmap, ascending."""
    out: list[int] = []
    for i, byte in enumerate(bits.to_bytes((bits.bit_length() + 7) // 8, "little")):
        if byte:
            base = i << 3
            out.extend(base + p for p in _POSITIONS[byte])
    return out


@dataclass
class FacetIndex:
    fingerprint: tuple
    public: int  # the entries a public reader sees (``tiltak.catalog.visibility``)
    every: int  # every entry, drafts included (what an editor sees)
    bits: dict[str, dict[str, int]]  # facet key -> value -> entries
    title_order: list[int]  # entry ids by title
    newest_order: list[int]  # entry ids, newest period first
    entries: int = 0  # every entry, drafts included (the text search's document count)
    place_names: dict[tuple[str, str], str] = field(default_factory=dict)  # today's (kind, code) -> name

    def visible(self, scope: Scope) -> int:
        return self.public if scope == Scope.PUBLIC else self.every

    def any_of(self, key: str, values) -> int:
        if key == "like":  # entries in any municipality like the chosen ones
            return self.any_of("municipality", places.like_municipalities(values))
        found = self.bits.get(key, {})
        out = 0
        for value in values:
            out |= found.get(value, 0)
        return out

    def count(self, key: str, scope: int, limit: int) -> list[tuple[str, int]]:
        rows = [(v, (b & scope).bit_count()) for v, b in self.bits.get(key, {}).items()]
        rows = [r for r in rows if r[1]]
        if key == "decade":
            rows.sort(key=lambda r: r[0], reverse=True)
        else:
            rows.sort(key=lambda r: (-r[1], r[0]))
        return rows[:limit]


_index_lock = threading.Lock()
_indexes: dict[str, FacetIndex] = {}


def facet_index(using: str = "default") -> FacetIndex:
    """The current process's facet index, rebuilt first if the catalog changed (``tiltak.stamp``)."""
    places.ensure_place_areas(using)
    fingerprint = (stamp.current(using).token,)
    index = _indexes.get(using)
    if index is not None and index.fingerprint == fingerprint:
        return index
    with _index_lock:
        index = _indexes.get(using)
        if index is None or index.fingerprint != fingerprint:
            index = build_index(using, fingerprint)
            _indexes[using] = index
    return index


def build_index(using: str, fingerprint: tuple) -> FacetIndex:
    members: dict[str, dict[str, list[int]]] = {spec.key: {} for spec in FACETS}
    public: list[int] = []
    every: list[int] = []
    titles: list[tuple[str, int]] = []
    newest: list[tuple] = []
    entries = 0
    rows = Entry.objects.using(using).values_list(
        "pk", "status", "language", "period_start", "period_end", "title", "created_at"
    )
    for pk, status, language, start, end, title, created in rows.iterator(chunk_size=5000):
        entries += 1
        members["status"].setdefault(status, []).append(pk)
        members["language"].setdefault(language, []).append(pk)
        year = start or end
        if year:
            members["decade"].setdefault(str(year // 10 * 10), []).append(pk)
        every.append(pk)
        if is_visible(status, Scope.PUBLIC):
            public.append(pk)
        titles.append((title.casefold(), pk))
        newest.append((-(end or start or 0), -created.timestamp(), -pk))
    key_for_list = {spec.list_name: spec.key for spec in FACETS if spec.kind == "list"}
    items = (
        ListItem.objects.using(using)
        .filter(concept__isnull=False, repeat=False)
        .values_list("entry_id", "list_name", "concept__code")
    )
    for pk, list_name, code in items.iterator(chunk_size=10000):
        members[key_for_list[list_name]].setdefault(code, []).append(pk)
    for pk, kind, code in places.entry_areas(using):
        members[kind].setdefault(code, []).append(pk)
    return FacetIndex(
        fingerprint=fingerprint,
        public=to_bits(public),
        every=to_bits(every),
        bits={key: {v: to_bits(pks) for v, pks in values.items()} for key, values in members.items()},
        title_order=[pk for _t, pk in sorted(titles)],
        newest_order=[-key[2] for key in sorted(newest)],
        entries=entries,
        place_names=places.area_names(using),
    )
