"""The search analyzer: one function from text to index terms, run at index time and at query time.

Steps: tokenise, lowercase, drop stopwords, fold bokmål/nynorsk forms and inflections to one key
(``tiltak.language.forms.fold_word``), and split compounds into known parts ("tilflyttingsarbeid" ->
tilflytting + arbeid). A compound is indexed as the whole word and as its parts, so a query for the parts
finds the compound and a compound query finds the separate words. Concept terms ("this entry's list names
the host-scheme concept") are opaque single tokens that both stores' tokenizers keep whole.

Terms are plain ``[a-z0-9æøå…]`` words separated by spaces, so SQLite FTS5 (unicode61, diacritics kept) and
PostgreSQL (``to_tsvector('simple', …)``) see exactly the same terms and behave alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from tiltak.search import mechanisms

WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


def _words(text: str) -> list[str]:
    return text.split()


# Function words of both written forms; they carry no meaning for search and are left out of the index.
STOPWORDS = frozenset(
    _words(
        """
    og i på til for av med som er var blir ble vart vert har hadde å at det den de dei ein en eit et ei
    om frå fra ved etter under over mot seg sin sitt sine sine hans hennar hennes han ho hun vi me dere
    dykk dei deg meg oss kan skal skulle vil ville må mått bli vere være vore vært eller men så også og
    òg no nå ikkje ikke kva hva som der her da då enn alle all alt mange fleire flere mer meir mest
    denne dette desse disse sitt slik slike kvar hver noko noe nokre noen nokon ut inn opp ned
    igjen att
    """
    )
)

# Roots that compounds in this domain are built from, besides the vocabulary's own words. Folded at use.
DOMAIN_ROOTS = _words(
    """
    arbeid prosjekt kontakt familie familiar barn bruk småbruk gard gård bustad bolig hus heim hjem
    flytting flytter flyttar tilflytting tilflytter tilflyttar innflytting innflytter innflyttar
    tilbakeflytting tilbakeflytter tilbakeflyttar utflytting utflytter utflyttar hjemflytting
    vert vertskap ordning kommune kommunar kommuner region fylke næring næringsliv liv lyst bulyst bolyst
    miljø tilbud tilbod tjeneste teneste plass marked marknad kampanje side nett nettstad nettsted stad
    sted bygd by lag organisasjon ungdom ungdommar kvinne kvinner mann menn skule skole barnehage jobb
    arbeidsplass kraft arbeidskraft kompetanse profilering portal utvikling samfunn lokal lokalsamfunn
    kultur reiseliv landbruk eiendom eigedom prøve leige leie utleie salg sal integrering inkludering
    rekruttering mottak møte treff messe stand utstilling annonse annonsering brosjyre brev post
    strategi plan satsing tiltak satsing tenester oppvekst kvalitet livskvalitet trivsel omdømme
    senter sentrum område hytte hyttefolk innvandrer innvandrar flyktning student studie by storby
    små ung unge eldre ny nye eiendom eiendommer eigedom eigedomar
    velkomst velkomen velkommen pakke kveld fest middag brev mappe eier eigar eigar eiere
    kontor fellesskap portal register kartlegging los koordinator konsulent person
    fjernarbeid fjernarbeider fjernarbeidar arbeider arbeidar arbeidstaker arbeidstakar
    """
)

MIN_PART = 3
MIN_COMPOUND = 7
CONCEPT_PREFIX = "concept"


def concept_term(scheme: str, code: str) -> str:
    """The index term for 'tagged with this concept': one alphanumeric token no tokenizer splits."""
    return CONCEPT_PREFIX + re.sub(r"[^a-z0-9]", "x", f"{scheme}_{code}".lower())


@lru_cache(maxsize=1)
def _folder():
    try:
        from tiltak.language.forms import fold_word

        return fold_word
    except ImportError:  # the language module is optional at import time; a stemmer is the fallback
        import snowballstemmer

        stemmer = snowballstemmer.stemmer("norwegian")
        return stemmer.stemWord


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """One key for every nb/nn form and inflection of a (lowercase) word."""
    # Keep terms to plain word characters so no store tokenizer splits them differently.
    folded = re.sub(r"[\W_]+", "", _folder()(word.lower()) or "")
    return folded or word.lower()


def tokens(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, lowercase word) for every word in ``text``."""
    for m in WORD_RE.finditer(text or ""):
        yield m.start(), m.end(), m.group().lower()


class Lexicon:
    """Folded words that count as compound parts: domain roots plus vocabulary labels and variants."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self.folded: set[str] = set()
        # Hand-picked roots count even when they are also a function word: "vert" (host) in
        # "tilflyttarvert" is not the nynorsk verb "vert" (becomes).
        self.roots = frozenset(DOMAIN_ROOTS)
        self.add(DOMAIN_ROOTS, roots=True)
        self.add(words)

    def add(self, words: Iterable[str], roots: bool = False) -> None:
        for text in words:
            for _s, _e, word in tokens(text):
                if len(word) >= MIN_PART and (roots or word not in STOPWORDS) and not word.isdigit():
                    self.folded.add(fold(word))
                    self.folded.add(word)

    def known(self, word: str) -> bool:
        return len(word) >= MIN_PART and (word in self.folded or fold(word) in self.folded)


_lexicon: Lexicon | None = None


def lexicon() -> Lexicon:
    """The shared lexicon; vocabulary words are read from the database once per process."""
    global _lexicon
    if _lexicon is None:
        _lexicon = Lexicon(_vocabulary_words())
    return _lexicon


def reset_lexicon() -> None:
    global _lexicon
    _lexicon = None
    split_compound.cache_clear()


def _vocabulary_words() -> list[str]:
    try:
        from tiltak.vocabulary.models import Concept, Variant

        words = list(Variant.objects.values_list("text", flat=True))
        for nb, nn in Concept.objects.values_list("label_nb", "label_nn"):
            words += [nb, nn]
        return words
    except Exception:  # no database yet (e.g. before migrate): the domain roots alone still work
        return []


@lru_cache(maxsize=100_000)
def split_compound(word: str) -> tuple[str, ...]:
    """Folded known parts of a compound word, or () when it is not one we can split."""
    if len(word) < MIN_COMPOUND or word.isdigit():
        return ()
    parts = _split(word, lexicon(), depth=0)
    return tuple(parts) if parts and len(parts) > 1 else ()


def _split(word: str, lex: Lexicon, depth: int) -> list[str] | None:
    if depth > 3:
        return None
    # Longest head first: "tilflyttingsarbeid" -> "tilflytting" + "arbeid", not "til" + …
    for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
        head, tail = word[:cut], word[cut:]
        head_key = _known_head(head, lex)
        if head_key is None:
            continue
        if lex.known(tail):
            return [head_key, fold(tail)]
        rest = _split(tail, lex, depth + 1) if len(tail) >= 2 * MIN_PART else None
        if rest:
            return [head_key, *rest]
    return None


def _known_head(head: str, lex: Lexicon) -> str | None:
    """The folded head if it is a known word, allowing the linking -s- or -e- of Norwegian compounds."""
    if head in STOPWORDS and head not in lex.roots:
        return None
    if lex.known(head):
        return fold(head)
    stem = head[:-1]
    linked = head[-1] in "se" and len(head) > MIN_PART
    if linked and (stem not in STOPWORDS or stem in lex.roots) and lex.known(stem):
        return fold(stem)
    return None


DERIVATION_SUFFIX = "ing"
MIN_ROOT = 5
# With the ``derivation`` mechanism: more derivational endings of action nouns, and shorter roots.
# "integrasjon" meets "integrere", "opplevelse" "oppleve", "bygging" "bygge" ("-ing" leaves 4 letters).
DERIVATION_SUFFIXES = ("asjon", "else", "ing")
MIN_DERIVED_ROOT = 4


def root(key: str) -> str:
    """The folded key without a derivational ending ("tilflytting" -> "tilflytt", like "tilflytter"), so an
    action noun and its agent noun or verb meet: "rekruttere" finds "rekruttering"."""
    return _root(key, mechanisms.enabled("derivation"))


@lru_cache(maxsize=200_000)
def _root(key: str, derivation: bool) -> str:
    if not derivation:
        if key.endswith(DERIVATION_SUFFIX) and len(key) - len(DERIVATION_SUFFIX) >= MIN_ROOT:
            return fold(key[: -len(DERIVATION_SUFFIX)])
        return key
    for suffix in DERIVATION_SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= MIN_DERIVED_ROOT:
            return fold(key[: -len(suffix)])
    return key


@dataclass
class Word:
    """One analysed word: its folded key and, for a compound, its folded parts."""

    raw: str
    key: str
    parts: tuple[str, ...] = field(default_factory=tuple)

    @property
    def root_parts(self) -> tuple[str, ...]:
        return tuple(root(p) for p in self.parts)

    def terms(self) -> list[str]:
        """The key, the parts by their roots (in order, so parts found together stay adjacent), then
        the parts and the key's root where those differ."""
        extra = [p for p in self.parts if p != root(p)]
        if root(self.key) != self.key:
            extra.append(root(self.key))
        return list(dict.fromkeys([self.key, *self.root_parts, *extra]))


def analyze_words(text: str) -> list[Word]:
    words = []
    for _s, _e, raw in tokens(text):
        if raw in STOPWORDS:
            continue
        words.append(Word(raw, fold(raw), split_compound(raw)))
    return words


def analyze(text: str) -> list[str]:
    """Index terms of ``text`` in order: each word's folded key, then its compound parts. A hyphenated
    compound ("Vest-Telemark", "nærings-utvikling") is also indexed joined, as it is often written."""
    out: list[str] = []
    for word in analyze_words(text):
        out.extend(word.terms())
    if "-" in (text or "") and mechanisms.enabled("joined_forms"):
        previous: tuple[int, str] | None = None
        for start, end, raw in tokens(text):
            if previous and previous[0] == start - 1 and text[start - 1] == "-":
                joined = previous[1] + raw
                out.extend(Word(joined, fold(joined), split_compound(joined)).terms())
            previous = (end, raw)
    return out


def analyzed_text(text: str) -> str:
    return " ".join(analyze(text))


def word_keys(text: str) -> list[str]:
    """Folded keys only (no parts), in order: the sequence exact-phrase matching compares."""
    return [w.key for w in analyze_words(text)]
