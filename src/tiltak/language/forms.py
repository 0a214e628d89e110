"""Norwegian text normalisation shared by the vocabulary mapper and the search analyzer.

Bokmål (nb) and nynorsk (nn) spell the same word differently ("bustad"/"bolig", "heim"/"hjem",
"tilflyttarar"/"tilflyttere"), and both inflect. ``fold_word`` maps every such form to one key:

1. a small lexicon of whole words (``data/forms.yaml``: ``words``) rewrites a nynorsk or irregular form to
   a bokmål form;
2. nynorsk word parts, also inside compounds ("tenestetilbod"), are rewritten (``morphemes``);
3. a nynorsk ending is rewritten once ("-arar" -> "-ere", "-ande" -> "-ende") (``suffixes``);
4. the Norwegian Snowball stemmer strips inflection, twice, so "tilflyttere" (-> "tilflytter") and
   "tilflytter" (-> "tilflytt") end on the same key.

The key is a matching key, not a word to show anyone. It is stable for a given data file.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

import snowballstemmer
import yaml

DATA_FILE = Path(__file__).resolve().parent / "data" / "forms.yaml"

# Letters outside Norwegian that are folded to their base letter (æ, ø and å are kept as they are).
_ACCENTS = str.maketrans(
    {
        "é": "e", "è": "e", "ê": "e", "ë": "e", "á": "a", "à": "a", "â": "a", "ä": "æ",
        "ó": "o", "ò": "o", "ô": "o", "ö": "ø", "ú": "u", "ù": "u", "ü": "u", "í": "i",
        "ì": "i", "ï": "i", "č": "c", "š": "s", "ž": "z", "đ": "d", "ŋ": "n", "ŧ": "t",
    }
)  # fmt: skip
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
# A suffix rule only applies when this much of the word is left, so short words are never rewritten.
_MIN_REMAINDER = 4


def normalize(text: str) -> str:
    """Lowercase, NFKC, accents outside æøå folded, punctuation to spaces, single spaces, stripped."""
    text = unicodedata.normalize("NFKC", text or "").lower().translate(_ACCENTS)
    return " ".join(_NON_WORD.split(text)).strip()


class _Lexicon:
    def __init__(self, path: Path) -> None:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
        self.words: dict[str, str] = {str(k): str(v) for k, v in (data.get("words") or {}).items()}
        morphemes = {str(k): str(v) for k, v in (data.get("morphemes") or {}).items()}
        # Longest part first, so "nettstad" wins over a shorter part it contains.
        self.morphemes = sorted(morphemes.items(), key=lambda kv: -len(kv[0]))
        self.morpheme_re = (
            re.compile("|".join(re.escape(k) for k, _v in self.morphemes)) if self.morphemes else None
        )
        # An ending maps to its replacement, or to {to: replacement, min: letters} when a short remainder is
        # more likely a word of its own ("eksterne" is not a plural of an agent noun "ekst-er").
        self.suffixes: list[tuple[str, str, int]] = []
        for ending, rule in (data.get("suffixes") or {}).items():
            if isinstance(rule, dict):
                self.suffixes.append((str(ending), str(rule["to"]), int(rule.get("min", _MIN_REMAINDER))))
            else:
                self.suffixes.append((str(ending), str(rule), _MIN_REMAINDER))
        self.suffixes.sort(key=lambda rule: -len(rule[0]))


_lexicon_lock = threading.Lock()


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    with _lexicon_lock:  # built once, even when the first requests arrive on several threads at once
        return _Lexicon(DATA_FILE)


_per_thread = threading.local()


def _stemmer():
    # A Snowball stemmer keeps state while it works on a word, so threads (gunicorn's gthread workers)
    # must not share one: each thread gets its own.
    stemmer = getattr(_per_thread, "stemmer", None)
    if stemmer is None:
        stemmer = _per_thread.stemmer = snowballstemmer.stemmer("norwegian")
    return stemmer


def _to_bokmaal(word: str) -> str:
    lex = _lexicon()
    if word in lex.words:
        return lex.words[word]
    if lex.morpheme_re is not None:
        mapping = dict(lex.morphemes)
        word = lex.morpheme_re.sub(lambda m: mapping[m.group()], word)
        if word in lex.words:
            return lex.words[word]
    for ending, replacement, minimum in lex.suffixes:
        if word.endswith(ending) and len(word) - len(ending) >= minimum:
            return word[: -len(ending)] + replacement
    return word


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """One key for the nb and nn forms and the inflections of a word ("bustadar" and "boliger" alike)."""
    word = normalize(word).replace(" ", "")
    if not word:
        return ""
    if word.isdigit():
        return word
    stem = _stemmer().stemWord
    folded = stem(stem(_to_bokmaal(word)))
    return folded or word


def fold_text(text: str) -> list[str]:
    """The folded key of every word in ``text``, in order (function words included)."""
    return [fold_word(token) for token in normalize(text).split()]


def reload() -> None:
    """Forget the cached lexicon and keys (after the data file was edited in a running process)."""
    _lexicon.cache_clear()
    fold_word.cache_clear()
