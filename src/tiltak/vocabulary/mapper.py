"""The mapper: from a list item as written to the concept it means, without an editor.

For one item the steps are, first hit wins:

1. ``exact``: the normalized text equals a label or variant of a concept;
2. ``normalized``: the same content words after bokmål/nynorsk folding and stemming
   (``tiltak.language.forms``), function words left out ("Tilrettelegging av bustad for tilflyttande");
   a parenthesis that is not an editorial note is tried both kept and left out;
3. ``fuzzy``: a small typo ("Vertsskapsordning"): the folded words pair up one to one, each within an
   edit distance or two, and rapidfuzz scores the whole above ``FUZZY_CUTOFF``;
4. a bullet that maps as a whole to nothing is split on "og", commas and the like, but only when every part
   maps on its own (so "Brosjyrer og lignende" is never split); the parts share ``bullet``;
5. ``organisation``: for partners, a named organisation of a known kind ("Telemark Fylkeskommune");
6. ``unmapped``: kept verbatim for an editor (``tiltak review``); nothing is forced.

Editorial notes in parentheses ("(nede pr 08.08.2016 red. anm)") are set aside into ``note`` first. An item
whose wording stood earlier in the same list is kept with ``repeat=True``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from tiltak.catalog.draft import DraftItem
from tiltak.language.forms import fold_word, normalize

FUZZY_CUTOFF = 90.0
ORGANISATION_SCORE = 0.9
CACHE_LIMIT = 50_000
# Function words of both written forms: left out of the folded key, so "av"/"for"/"å" do not matter.
FUNCTION_WORDS = frozenset(
    {"og", "i", "på", "til", "for", "av", "med", "å", "som", "frå", "fra", "ved", "om", "eller"}
    | {"ein", "en", "eit", "et", "ei", "dei", "de", "den", "det"}
)
# A parenthesis is an editorial note when it says the page or site is down, or is signed by the editors.
EDITORIAL = re.compile(r"\b(red|anm|nede|stengt|ute av drift|ikkje aktiv|ikke aktiv|fjerna|fjernet)\b", re.I)
PARENTHESIS = re.compile(r"\s*\(([^()]*)\)")
# Where one bullet may hold two items. Never "/" (utstilling/stand) and never "og/eller".
SEPARATOR = re.compile(r"(?:\s+(?:og|samt)\s+|\s*[,;&+]\s+|\s+[–-]\s+)", re.I)
MAX_SPLITS = 4
# A trailing "i/fra <Place>" that narrows a menu item to a named place.
PLACE_QUALIFIER = re.compile(r"^(.*\S)\s+(?:i|fra|frå)\s+[A-ZÆØÅ][\w\- ]*$")


@dataclass
class Explanation:
    """What a text maps to and why; ``tiltak vocab map`` shows it."""

    text: str
    concept: str | None
    label: str
    method: str  # exact | normalized | fuzzy | organisation | unmapped
    matched: str = ""  # the label or variant that matched, or the pattern for an organisation
    score: float = 0.0
    note: str = ""
    organisation: str = ""
    bullet: str = ""
    candidates: list[tuple[str, str, float]] = field(default_factory=list)  # closest (code, variant, score)


@dataclass(frozen=True)
class _Hit:
    code: str
    match: str
    score: float
    matched: str


class _SchemeIndex:
    """Everything needed to map one scheme, precomputed: exact texts, folded keys, fuzzy choices."""

    def __init__(self, code: str, concepts: list[tuple[str, dict[str, str], list[str]]], patterns) -> None:
        self.code = code
        self.labels: dict[str, dict[str, str]] = {}
        self.exact: dict[str, tuple[str, str]] = {}
        self.folded: dict[str, tuple[str, str]] = {}
        for concept_code, labels, variants in concepts:  # in position order: the first concept wins a tie
            self.labels[concept_code] = labels
            for text in [*labels.values(), *variants]:
                self.exact.setdefault(normalize(text), (concept_code, text))
                key = folded_key(text)
                if key:
                    self.folded.setdefault(key, (concept_code, text))
        self.choices = list(self.folded)
        self.patterns = [
            (re.compile(p, re.I), concept_code) for concept_code, ps in (patterns or {}).items() for p in ps
        ]

    def label(self, code: str, language: str = "nb") -> str:
        return self.labels.get(code, {}).get(language, code)

    def match(self, text: str) -> _Hit | None:
        norm = normalize(text)
        if not norm:
            return None
        if norm in self.exact:
            code, variant = self.exact[norm]
            return _Hit(code, "exact", 1.0, variant)
        key = folded_key(text)
        if key in self.folded:
            code, variant = self.folded[key]
            return _Hit(code, "normalized", 0.95, variant)
        return self.fuzzy(key)

    def fuzzy(self, key: str) -> _Hit | None:
        if len(key) < 5 or not self.choices:
            return None
        words = key.split()
        for choice, score, _i in process.extract(
            key, self.choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=5
        ):
            if _words_pair_up(words, choice.split()):
                code, variant = self.folded[choice]
                return _Hit(code, "fuzzy", round(score / 100, 3), variant)
        return None

    def closest(self, text: str, limit: int = 3) -> list[tuple[str, str, float]]:
        key = folded_key(text)
        if not key or not self.choices:
            return []
        found = process.extract(key, self.choices, scorer=fuzz.ratio, limit=limit)
        return [(self.folded[c][0], self.folded[c][1], round(s / 100, 3)) for c, s, _i in found]

    def organisation(self, text: str) -> _Hit | None:
        """The kind whose pattern matches earliest in the text (longest on a tie)."""
        norm = normalize(text)
        best: tuple[int, int, str, str] | None = None
        for pattern, code in self.patterns:
            m = pattern.search(norm)
            if m and (best is None or (m.start(), -len(m.group())) < (best[0], best[1])):
                best = (m.start(), -len(m.group()), code, pattern.pattern)
        return _Hit(best[2], "organisation", ORGANISATION_SCORE, best[3]) if best else None


def folded_key(text: str) -> str:
    """Content words of ``text``, folded, in order: the key 'normalized' matching compares."""
    words = [
        fold_word(w) for w in normalize(text.replace("og/eller", " ")).split() if w not in FUNCTION_WORDS
    ]
    return " ".join(w for w in words if w)


def _words_pair_up(a: list[str], b: list[str]) -> bool:
    """A typo, not another word: the words pair up one to one, each equal or within a small edit
    distance; one extra short word on either side ("og/eler") is allowed."""
    if abs(len(a) - len(b)) == 1:
        longer, shorter = (a, b) if len(a) > len(b) else (b, a)
        return any(
            len(longer[i]) <= 4 and _words_pair_up(longer[:i] + longer[i + 1 :], shorter)
            for i in range(len(longer))
        )
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if x == y:
            continue
        allowed = 2 if min(len(x), len(y)) >= 8 else 1 if min(len(x), len(y)) >= 5 else 0
        if Levenshtein.distance(x, y, score_cutoff=allowed) > allowed:
            return False
    return True


def split_note(text: str) -> tuple[str, str]:
    """(text without editorial notes, the notes): "Nettside (nede pr 2016, red.)" -> ("Nettside", "nede …")."""
    notes: list[str] = []

    def take(m: re.Match[str]) -> str:
        if EDITORIAL.search(m.group(1)):
            notes.append(m.group(1).strip())
            return ""
        return m.group(0)

    kept = PARENTHESIS.sub(take, text)
    return (" ".join(kept.split()), "; ".join(notes)) if notes else (text.strip(), "")


class Mapper:
    """Maps list items to concepts. Build once per import run (``from_database``), then call freely."""

    def __init__(self, schemes: dict[str, _SchemeIndex]) -> None:
        self.schemes = schemes
        self._cache: dict[tuple[str, str], list[DraftItem]] = {}

    @classmethod
    def from_database(cls) -> Mapper:
        from tiltak.vocabulary.loader import organisation_patterns
        from tiltak.vocabulary.models import Concept, ConceptScheme, Variant

        variants: dict[int, list[str]] = {}
        for concept_id, text in Variant.objects.values_list("concept_id", "text"):
            variants.setdefault(concept_id, []).append(text)
        by_scheme: dict[str, list] = {s: [] for s in ConceptScheme.objects.values_list("code", flat=True)}
        for row in Concept.objects.select_related("scheme").order_by("scheme__position", "position", "code"):
            labels = {"nb": row.label_nb, "nn": row.label_nn, "en": row.label_en}
            by_scheme[row.scheme.code].append((row.code, labels, variants.get(row.pk, [])))
        patterns = organisation_patterns()
        return cls({code: _SchemeIndex(code, cs, patterns.get(code)) for code, cs in by_scheme.items()})

    def index(self, scheme: str) -> _SchemeIndex:
        from tiltak.errors import InvalidInput

        if scheme not in self.schemes:
            known = ", ".join(sorted(self.schemes)) or "none (run migrate to load the vocabularies)"
            raise InvalidInput(f"Unknown vocabulary '{scheme}'. Known vocabularies: {known}.")
        return self.schemes[scheme]

    def map_list(self, list_name: str, texts: list[str]) -> list[DraftItem]:
        """Map one list in document order. Blank bullets are left out; every other text is kept."""
        from tiltak.catalog.models import SCHEME_FOR_LIST

        scheme = SCHEME_FOR_LIST.get(list_name, list_name)
        out: list[DraftItem] = []
        seen: set[str] = set()
        for text in texts:
            if not text or not text.strip():
                continue
            for item in self._map_one(scheme, text):
                item = replace(item)
                key = folded_key(item.text) or normalize(item.text) or item.text.strip()
                item.repeat = key in seen
                seen.add(key)
                out.append(item)
        return out

    def _map_one(self, scheme: str, text: str) -> list[DraftItem]:
        cache_key = (scheme, " ".join(text.split()))
        cached = self._cache.get(cache_key)
        if cached is None:
            cached = [self._item(e) for e in self._explain(self.index(scheme), text.strip())]
            if len(self._cache) >= CACHE_LIMIT:
                self._cache.clear()
            self._cache[cache_key] = cached
        return cached

    @staticmethod
    def _item(e: Explanation) -> DraftItem:
        return DraftItem(
            text=e.text,
            concept=e.concept,
            match=e.method,
            score=e.score,
            bullet=e.bullet,
            organisation=e.organisation,
            note=e.note,
        )

    def explain(self, scheme: str, text: str) -> list[Explanation]:
        """What ``text`` maps to in ``scheme`` (a scheme code or a list name) and why, item by item."""
        from tiltak.catalog.models import SCHEME_FOR_LIST

        index = self.index(SCHEME_FOR_LIST.get(scheme, scheme))
        result = self._explain(index, text.strip())
        for e in result:
            if e.concept is None:
                e.candidates = index.closest(e.text)
        return result

    def _explain(self, index: _SchemeIndex, text: str) -> list[Explanation]:
        body, note = split_note(text)
        hit = self._whole(index, body)
        if hit:
            return [self._explanation(index, body, hit, note=note)]
        parts = self._split(index, body)
        if parts:
            explained = [self._explanation(index, p, h, bullet=text) for p, h in parts]
            explained[-1].note = note
            return explained
        org = index.organisation(body) if index.patterns else None
        if org:
            return [self._explanation(index, body, org, note=note, organisation=_clean_name(body))]
        return [Explanation(body, None, "", "unmapped", note=note)]

    @staticmethod
    def _whole(index: _SchemeIndex, text: str) -> _Hit | None:
        hit = index.match(text)
        if hit is None and "(" in text:
            # A parenthesis that is not a note may still be a remark the menu item did not have.
            hit = index.match(PARENTHESIS.sub("", text))
        if hit is None and (m := PLACE_QUALIFIER.match(text)):
            # "Innbyggere i Midt-Troms": the menu item, narrowed to a named place.
            head = index.match(m.group(1))
            if head is not None:
                # For partners, a kind narrowed to a place names one organisation ("Fylkesmannen i Troms").
                match = "organisation" if index.patterns else "normalized"
                hit = replace(head, match=match, score=round(head.score * 0.95, 3))
        return hit

    def _split(self, index: _SchemeIndex, text: str) -> list[tuple[str, _Hit]] | None:
        pieces = SEPARATOR.split(text)
        if len(pieces) < 2 or len(pieces) > MAX_SPLITS + 1:
            return None
        separators = SEPARATOR.findall(text)
        # Try every way of cutting at some separators, fewest parts first.
        for n_cuts in range(1, len(separators) + 1):
            for cuts in itertools.combinations(range(len(separators)), n_cuts):
                parts, start = [], 0
                for cut in cuts:
                    parts.append(_join(pieces[start : cut + 1], separators[start:cut]))
                    start = cut + 1
                parts.append(_join(pieces[start:], separators[start:]))
                hits = [
                    self._whole(index, p) or (index.organisation(p) if index.patterns else None)
                    for p in parts
                ]
                codes = [h.code for h in hits if h]
                # Every part maps, and to different concepts (else it was one item said twice over).
                if len(codes) == len(parts) and len(set(codes)) == len(codes):
                    return list(zip(parts, hits, strict=True))  # type: ignore[arg-type]
        return None

    @staticmethod
    def _explanation(index: _SchemeIndex, text: str, hit: _Hit, **extra) -> Explanation:
        if hit.match == "organisation":
            extra.setdefault("organisation", _clean_name(text))
        return Explanation(
            text=text,
            concept=hit.code,
            label=index.label(hit.code),
            method=hit.match,
            matched=hit.matched,
            score=hit.score,
            **extra,
        )


def _join(pieces: list[str], separators: list[str]) -> str:
    out = pieces[0]
    for sep, piece in zip(separators, pieces[1:], strict=True):
        out += sep + piece
    return out.strip()


def _clean_name(text: str) -> str:
    return " ".join(text.strip(" .,;:").split())
