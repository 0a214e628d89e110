"""Facts read out of an entry's text: written form, period, web addresses, archive notice, footer.

Each function takes plain strings and is free of Django, so the parser and the tests use them directly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# --- headings: folding so "Hovudmål", "HOVEDMÅL:" and "Hovedmaal" compare equal -----------------------

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", "é": "e", "è": "e", "ü": "u"})


def fold(text: str) -> str:
    """Lower case, Norwegian letters folded to ASCII, punctuation dropped, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text).lower().translate(_FOLD).replace("aa", "a")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


# --- written form ---------------------------------------------------------------------------------

# Function words and common forms that differ between the written standards. Words both standards
# share ("og", "som", "gjennom") are left out; an entry is nynorsk when its nynorsk markers win.
_NN_WORDS = frozenset(
    [
        "ikkje",
        "eit",
        "frå",
        "korleis",
        "kva",
        "kvar",
        "kven",
        "dei",
        "vere",
        "vore",
        "ein",
        "eg",
        "meir",
        "mykje",
        "berre",
        "heile",
        "noko",
        "nokon",
        "nokre",
        "sjå",
        "vart",
        "blei",
        "fekk",
        "hjå",
        "saman",
        "særleg",
        "desse",
        "difor",
        "vidare",
        "ynskje",
        "ønskjer",
        "mogleg",
        "moglegheiter",
        "eiga",
        "eige",
        "eigen",
        "eigne",
        "eigd",
        "kommunar",
        "innbyggjarar",
        "innbyggarar",
        "tilflyttarar",
        "bustad",
        "bustader",
        "bustadar",
        "skule",
        "skular",
        "heim",
        "kring",
        "bu",
        "bur",
        "òg",
        "fleire",
        "arbeidsplassar",
        "prosjekta",
        "verksemder",
        "verksemd",
        "gjere",
        "gjera",
        "leggje",
        "tiltrekkje",
        "stad",
        "staden",
        "stader",
        "nettstad",
        "utan",
        "utanfor",
        "busetjing",
        "busetnad",
        "kommunane",
        "anna",
        "starta",
        "organisasjonar",
        "frivillege",
        "familiar",
        "barnefamiliar",
        "hovudmål",
        "hovudmålet",
        "gjennomførast",
    ]
)
_NB_WORDS = frozenset(
    [
        "ikke",
        "et",
        "fra",
        "hvordan",
        "hva",
        "hver",
        "hvem",
        "de",
        "være",
        "vært",
        "en",
        "jeg",
        "mer",
        "mye",
        "bare",
        "hele",
        "noe",
        "noen",
        "se",
        "ble",
        "fikk",
        "hos",
        "sammen",
        "særlig",
        "disse",
        "derfor",
        "videre",
        "ønsker",
        "ønsket",
        "mulig",
        "muligheter",
        "egen",
        "eget",
        "egne",
        "eid",
        "kommuner",
        "innbyggere",
        "tilflyttere",
        "bolig",
        "boliger",
        "skole",
        "skoler",
        "hjem",
        "rundt",
        "bo",
        "bor",
        "sted",
        "stedet",
        "steder",
        "nettsted",
        "uten",
        "utenfor",
        "bosetting",
        "bosted",
        "kommunene",
        "annet",
        "fortsatt",
        "hvor",
        "hvis",
        "hvilke",
        "hvilken",
        "organisasjoner",
        "frivillige",
        "familier",
        "barnefamilier",
        "hovedmål",
        "hovedmålet",
        "gjennomføres",
        "blitt",
        "virksomheter",
        "virksomhet",
        "gjøre",
        "legge",
        "tiltrekke",
        "arbeidsplasser",
        "flere",
    ]
)
_WORD = re.compile(r"[a-zæøåéèäöü]+")


def written_form(texts: Iterable[str]) -> str:
    """'nn' when nynorsk marker words outnumber bokmål ones over the texts, else 'nb'."""
    nn = nb = 0
    for text in texts:
        for word in _WORD.findall(text.lower()):
            if word in _NN_WORDS:
                nn += 1
            elif word in _NB_WORDS:
                nb += 1
            elif word.endswith(("arar", "arane", "ingane")) and len(word) > 6:
                nn += 1
    return "nn" if nn > nb else "nb"


# --- period ---------------------------------------------------------------------------------------

YEAR_MIN, YEAR_MAX = 1990, 2035
# "2012-2014", "(2008-2010)", "1998 – 2001", "2008/2009"; not part of a longer number or a date.
_RANGE = re.compile(r"(?<![\d.,])((?:19|20)\d\d)\s*[-–—/]\s*((?:19|20)\d\d)(?![\d,]|\.\d)")
_YEAR = re.compile(r"(?<![\d.,/-])((?:19|20)\d\d)(?![\d,/-]|\.\d)")
# "08.08.2016" and other dates: an editor's note, not the project's time.
_DATE = re.compile(r"\b\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)\d\d\b")


def _plausible(year: int) -> bool:
    return YEAR_MIN <= year <= YEAR_MAX


def find_period(texts: Iterable[str]) -> tuple[int | None, int | None]:
    """The project's period in years.

    Explicit ranges ("2012-2014", "(2008-2010)", "1998 – 2001") win: the period runs from the earliest
    start to the latest end among them. Without a range, the earliest and latest single years mentioned
    (1990-2035) are used, so "I 2009 ..." gives 2009-2009. Dates ("08.08.2016", editors' notes) are
    ignored. No years at all gives (None, None).
    """
    starts: list[int] = []
    ends: list[int] = []
    years: list[int] = []
    for text in texts:
        text = _DATE.sub(" ", text)
        for match in _RANGE.finditer(text):
            first, last = int(match.group(1)), int(match.group(2))
            if _plausible(first) and _plausible(last) and 0 < last - first <= 20:
                starts.append(first)
                ends.append(last)
        for match in _YEAR.finditer(text):
            year = int(match.group(1))
            if _plausible(year):
                years.append(year)
    if starts:
        return min(starts), max(ends)
    if years:
        return min(years), max(years)
    return None, None


# --- web addresses --------------------------------------------------------------------------------

_TLDS = "no|com|org|net|eu|info|se|dk"
_URL = re.compile(
    r"(?:https?://[^\s<>()\"'«»”“]+)"
    r"|(?:www\.[a-z0-9æøå\-]+(?:\.[a-z0-9æøå\-]+)*\.(?:" + _TLDS + r")(?:/[^\s<>()\"'«»”“]*)?)"
    r"|(?:(?<![@\w.])[a-z0-9æøå][a-z0-9æøå\-]*(?:\.[a-z0-9æøå\-]+)*\.(?:"
    + _TLDS
    + r")\b(?:/[^\s<>()\"'«»”“]*)?)",
    re.IGNORECASE,
)


def find_web_addresses(texts: Iterable[str]) -> list[str]:
    """Web addresses in order of first mention, without trailing punctuation, each once.

    A "www." glued to the word before it ("heterwww.fjellregionen.no") is recovered from the "www.".
    """
    found: list[str] = []
    for text in texts:
        for match in _URL.finditer(text):
            address = match.group(0).rstrip(".,;:!?")
            if not address.lower().startswith(("http", "www.")):
                glued = address.lower().find("www.")
                if glued > 0:
                    address = address[glued:]
            if "." not in address.split("//")[-1]:
                continue
            if address.lower() not in (a.lower() for a in found):
                found.append(address)
    return found


# --- archive notice and footer ----------------------------------------------------------------------

_ARCHIVE = re.compile(r"^\s*denne artikkelen er arkivert\b", re.IGNORECASE)
_FOOTER = re.compile(r"\bpres[ae]ntert med grunnleg+(?:ende|jande|gande|ande)\s+informasjon", re.IGNORECASE)
_FOOTER_HEADING = re.compile(r"^tilflyttingsarbeid i norske distriktskommun(?:er|ar)$")


def is_archive_notice(paragraph: str) -> bool:
    return bool(_ARCHIVE.match(paragraph))


def is_footer(paragraph: str) -> bool:
    """The catalog's standard "presented with basic information, without assessment" paragraph."""
    return bool(_FOOTER.search(paragraph))


def is_footer_heading(line: str) -> bool:
    return bool(_FOOTER_HEADING.match(fold(line)))
