"""Finds the places a text names: municipalities, counties of any era, informal regions and villages.

One compiled regular expression (a trie of every known name and alias) finds candidate mentions; each is
then resolved to a place:

- A name must be capitalised as written ("Hole", not "hole"). Names that are also ordinary words, first
  names or surnames (``guarded_names`` in data/places.yaml: Nes, Os, Vik, Berg, Heim ...) count only with
  a cue: a "kommune"/"herad"/"fylke" suffix, a lowercase word right before them ("i Os", "lokalsamfunnet
  Dalen"), or being listed with other places ("Folldal, Os og Tolga"). So a sentence-initial "Nes" or a
  surname after a first name is not a place.
- Compounds are skipped ("Vest-Telemarkrådet", "hardangerkommunane"); a genitive s is allowed
  ("Vest-Telemarks"); "Vest- Telemark" with a stray space after the hyphen is read as "Vest-Telemark".
- A suffix decides the kind: "Oslo kommune" is the municipality, "Hordaland fylkeskommune" the county.
- When several places share a name, the one in a county the text otherwise names wins (two Herøy, the
  village Sund in Lofoten and the former municipality Sund in Hordaland); then a current place over a
  former one; then municipality over county over region over village. Two current municipalities with
  the same name and no hint in the text are both returned rather than guessed.
- Counties that share a name across eras (Telemark 08 until 2019, Telemark 40 from 2024) resolve to the
  one valid in the text's year: the ``year`` argument, else the earliest year the text mentions, else
  today's county. An undated "Telemark" is today's Telemark; ``current_counties_for`` maps either to the
  same county for filtering, so a wrong era guess costs little.

Each place is returned once, in order of first mention.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from tiltak.catalog.draft import DraftPlace
from tiltak.places.loader import read_places_file
from tiltak.places.models import Place

_KIND_RANK = {"municipality": 3, "county": 2, "region": 1, "village": 0}
_SUFFIX_KIND = {
    "fylkeskommun": "county",
    "fylke": "county",
    "kommun": "municipality",
    "herad": "municipality",
}
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:(?:og|eller|and|samt|&)\s+)?|(?:og|eller|and|samt|&)\s+|/\s*)")
_LOWER_WORD = re.compile(r"[a-zæøåäöüé]+")
_SENTENCE_PREPOSITIONS = {"I", "På", "Fra", "Frå", "Til", "Mellom", "Ved", "Rundt"}


@dataclass(frozen=True)
class _Known:
    pk: int
    name: str
    kind: str
    code: str
    valid_from: int | None
    valid_until: int | None
    parent_id: int | None


class PlaceGraph:
    """Places with their parent, successor and member links, in memory (three queries)."""

    def __init__(
        self, places: Iterable[_Known], successors: dict[int, list[int]], members: dict[int, list[int]]
    ):
        self.places = {p.pk: p for p in places}
        self.successors = successors
        self.members = members
        self._county_cache: dict[int, frozenset[int]] = {}

    @classmethod
    def from_database(cls, using: str = "default") -> PlaceGraph:
        rows = Place.objects.using(using).values_list(
            "pk", "name", "kind", "code", "valid_from", "valid_until", "parent_id"
        )
        successors: dict[int, list[int]] = defaultdict(list)
        for a, b in Place.successors.through.objects.using(using).values_list("from_place_id", "to_place_id"):
            successors[a].append(b)
        members: dict[int, list[int]] = defaultdict(list)
        for a, b in Place.members.through.objects.using(using).values_list("from_place_id", "to_place_id"):
            members[a].append(b)
        return cls((_Known(*row) for row in rows), successors, members)

    def current_counties(self, pk: int) -> frozenset[int]:
        """Ids of today's counties a place of any era lies in (see ``current_counties_for``)."""
        if pk not in self._county_cache:
            self._county_cache[pk] = self._counties(pk, frozenset())
        return self._county_cache[pk]

    def _counties(self, pk: int, seen: frozenset[int]) -> frozenset[int]:
        place = self.places.get(pk)
        if place is None or pk in seen:
            return frozenset()
        seen = seen | {pk}
        if place.kind == "county":
            if place.valid_until is None:
                return frozenset({pk})
            found = frozenset().union(*(self._counties(s, seen) for s in self.successors.get(pk, [])))
            # A county that was merged and split again continues as the county with its own name.
            same_name = frozenset(c for c in found if self.places[c].name == place.name)
            return same_name or found
        if place.kind == "municipality" and place.valid_until is not None and self.successors.get(pk):
            return frozenset().union(*(self._counties(s, seen) for s in self.successors[pk]))
        if place.kind == "region" and self.members.get(pk):
            return frozenset().union(*(self._counties(m, seen) for m in self.members[pk]))
        return self._counties(place.parent_id, seen) if place.parent_id else frozenset()

    def current_municipalities(self, pk: int) -> set[str]:
        """Numbers of today's municipalities a place lies in: itself, its successors after mergers, a
        village's municipality, a region's member municipalities. A county lies in none (an initiative for
        a whole county is not one in each of its municipalities)."""
        return self._municipalities(pk, frozenset())

    def _municipalities(self, pk: int, seen: frozenset[int]) -> set[str]:
        place = self.places.get(pk)
        if place is None or pk in seen:
            return set()
        seen = seen | {pk}
        if place.kind == "municipality":
            if place.valid_until is None:
                return {place.code}
            return set().union(*(self._municipalities(s, seen) for s in self.successors.get(pk, [])))
        if place.kind == "village" and place.parent_id:
            return self._municipalities(place.parent_id, seen)
        if place.kind == "region":
            return set().union(*(self._municipalities(m, seen) for m in self.members.get(pk, [])))
        return set()


def current_counties_for(place: Place) -> list[Place]:
    """Today's county or counties that a place of any era belongs to, following successors.

    Telemark (08) -> Telemark (40); Hordaland -> Vestland; Lenvik -> Troms (55); a region spanning two
    counties (Fjellregionen) -> both. Builds the graph from the database: for many places, build one
    ``PlaceGraph`` and call ``current_counties`` on it.
    """
    graph = PlaceGraph.from_database(place._state.db or "default")
    ids = graph.current_counties(place.pk)
    return list(Place.objects.using(place._state.db or "default").filter(pk__in=ids).order_by("code"))


def _trie_pattern(words: Iterable[str]) -> str:
    """One regex alternation for many literal words, factored by common prefixes (fast to match)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def char(ch: str) -> str:
        return r"-\s?" if ch == "-" else r"\s+" if ch == " " else re.escape(ch)

    def emit(node: dict) -> str:
        alts = [char(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return ("(?:" + body + ")?") if len(alts) == 1 else body + "?"
        return body

    return emit(trie)


@dataclass
class _Mention:
    start: int
    end: int
    form: str
    suffix_kind: str
    text: str
    guarded: bool
    accepted: bool = False


class PlaceRecognizer:
    def __init__(self, graph: PlaceGraph, guarded_names: frozenset[str], aliases: dict[int, list[str]]):
        self.graph = graph
        self.forms: dict[str, list[_Known]] = defaultdict(list)
        for place in graph.places.values():
            for form in {place.name, *aliases.get(place.pk, [])}:
                if form and form[0].isupper():
                    self.forms[form].append(place)
        self.guarded = guarded_names
        names = _trie_pattern(sorted(self.forms, key=len, reverse=True)) or "(?!)"
        self.pattern = re.compile(
            r"(?<![\w-])(?<!-\s)(?P<name>" + names + r")(?P<gen>s)?(?![\w-])"
            r"(?:\s+(?P<suffix>(?i:fylkeskommun|fylke|kommun|herad))\w*)?"
        )

    @classmethod
    def from_database(cls, using: str = "default") -> PlaceRecognizer:
        """Load once per import run: every known place and its aliases."""
        graph = PlaceGraph.from_database(using)
        aliases = dict(Place.objects.using(using).exclude(aliases=[]).values_list("pk", "aliases"))
        _, guarded = read_places_file()
        return cls(graph, guarded, aliases)

    def recognize(self, text: str, year: int | None = None) -> list[DraftPlace]:
        mentions = self._mentions(text)
        if not mentions:
            return []
        if year is None:
            years = [int(y) for y in _YEAR.findall(text)]
            year = min(years) if years else None
        candidates = [self._by_suffix(m) for m in mentions]
        context: set[int] = set()
        for cands in candidates:
            # Unambiguous mentions, and counties named alike in several eras, show the text's counties.
            same_county_name = len({c.name for c in cands}) == 1 and all(c.kind == "county" for c in cands)
            if len(cands) == 1 or same_county_name:
                context |= self.graph.current_counties(cands[0].pk)
        found: dict[int, DraftPlace] = {}
        for mention, cands in zip(mentions, candidates, strict=True):
            for place in self._resolve(cands, context, year):
                if place.pk not in found:
                    found[place.pk] = DraftPlace(place.name, place.kind, place.code, mention.text)
        return list(found.values())

    def _mentions(self, text: str) -> list[_Mention]:
        mentions: list[_Mention] = []
        for match in self.pattern.finditer(text):
            form = re.sub(r"\s+", " ", match["name"]).replace("- ", "-")
            if form not in self.forms:
                continue
            suffix = (match["suffix"] or "").lower()
            mentions.append(
                _Mention(
                    match.start(),
                    match.end(),
                    form,
                    _SUFFIX_KIND.get(suffix, ""),
                    re.sub(r"\s+", " ", match[0]),
                    guarded=form in self.guarded,
                )
            )
        for m in mentions:
            m.accepted = not m.guarded or bool(m.suffix_kind) or self._lowercase_before(text, m.start)
        changed = True
        while changed:  # a guarded name listed next to an accepted place is a place too
            changed = False
            for i, m in enumerate(mentions):
                if m.accepted:
                    continue
                for j in (i - 1, i + 1):
                    if 0 <= j < len(mentions) and mentions[j].accepted:
                        a, b = sorted((m, mentions[j]), key=lambda x: x.start)
                        if _LIST_GAP.fullmatch(text, a.end, b.start):
                            m.accepted = changed = True
                            break
        return [m for m in mentions if m.accepted]

    @staticmethod
    def _lowercase_before(text: str, start: int) -> bool:
        before = text[max(0, start - 40) : start]
        stripped = before.rstrip()
        if not stripped or "\n" in before[len(stripped) :]:
            return False  # starts the text or a line: a heading, a bullet
        previous = stripped.split()[-1]
        return bool(_LOWER_WORD.fullmatch(previous)) or previous in _SENTENCE_PREPOSITIONS

    def _by_suffix(self, mention: _Mention) -> list[_Known]:
        cands = self.forms[mention.form]
        if mention.suffix_kind:
            fitting = [c for c in cands if c.kind == mention.suffix_kind]
            return fitting or cands
        return cands

    def _resolve(self, cands: list[_Known], context: set[int], year: int | None) -> list[_Known]:
        if len(cands) == 1:
            return cands
        if all(c.kind == "county" for c in cands) and len({c.name for c in cands}) == 1:
            return [_valid_in(cands, year)]

        def score(c: _Known) -> tuple[bool, bool, int]:
            in_context = bool(context & self.graph.current_counties(c.pk))
            return in_context, c.valid_until is None, _KIND_RANK.get(c.kind, 0)

        best = max(score(c) for c in cands)
        winners = [c for c in cands if score(c) == best]
        if len(winners) > 1 and {c.kind for c in winners} == {"county"}:
            return [_valid_in(winners, year)]
        return winners


def _valid_in(counties: list[_Known], year: int | None) -> _Known:
    """The county (among same-named ones) valid in ``year``; today's when no year is known."""
    if year is None:
        current = [c for c in counties if c.valid_until is None]
        return current[0] if current else max(counties, key=lambda c: c.valid_until or 0)

    def distance(c: _Known) -> int:
        if c.valid_from is not None and year < c.valid_from:
            return c.valid_from - year
        if c.valid_until is not None and year > c.valid_until:
            return year - c.valid_until
        return 0

    return min(counties, key=distance)
