"""Read the figures an entry's text reports: "om lag 25 familiar", "over 600 potensielle tilflyttere",
"1,2 millionar i bulystmidlar", "eit flytteoverskot på 56".

A figure is a number (digits, or a number word) that counts something. What it counts is found from the
words around it with rules of Norwegian morphology, not from a list of phrases:

- the unit from the head of the noun phrase after the number (its compound head, folded to one key for
  bokmål and nynorsk by ``tiltak.language.forms.fold_word``: "prøvebustader" ends in a dwelling, "tilflyttarar"
  and "innbyggjarar" are agent nouns, so persons), skipping adjectives ("50 nye familiar"); or from a
  measure noun before it ("folketal på 1400", "flytteoverskudd på 56"); or a currency or scale word;
- the kind from cue stems in the same clause (a goal's "mål"/"ønskje", a campaign's "ringte", "netto",
  "brutto", a move verb and whether the project is credited for it);
- the hedge from the words just before the number;
- the year from the nearest year in the sentence, else in the sentence before it in the same paragraph.

Not figures: years, dates ("10. november 2008"), phone numbers, list numbering and ordinals ("1. Kartlegge",
"sin 3 fase"), durations and ages ("1-2 år", "16-19 år"), numbers inside names or compounds ("Bygda 2.0",
"10-punktsmodellen"), and counts of the items of a list that follows ("tre hovudfunn: …").
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from tiltak.language.forms import fold_word

UNITS = (
    "persons", "families", "homes", "jobs", "nok", "municipalities", "events", "contacts", "percent", "other",
)  # fmt: skip
KINDS = (
    "goal", "reach", "interested", "contacted", "moved", "stayed", "population", "in_migration",
    "net_migration", "budget", "effort", "other",
)  # fmt: skip
HEDGES = ("none", "about", "over", "under")


@dataclass(frozen=True)
class Figure:
    value: float
    value_max: float | None
    unit: str
    kind: str
    hedge: str
    year: int | None
    text: str
    start: int
    end: int

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("value", "value_max"):
            number = data[key]
            if isinstance(number, float) and number.is_integer():
                data[key] = int(number)
        return data


# --- numbers -------------------------------------------------------------------------------------------

_NUMBER_WORDS = {
    "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "sju": 7, "syv": 7, "åtte": 8, "ni": 9, "ti": 10,
    "elleve": 11, "tolv": 12, "tretten": 13, "fjorten": 14, "femten": 15, "seksten": 16, "sytten": 17,
    "atten": 18, "nitten": 19, "tjue": 20, "tjuge": 20, "tretti": 30, "førti": 40, "femti": 50,
    "seksti": 60, "sytti": 70, "åtti": 80, "nitti": 90, "hundre": 100, "tusen": 1000,
}  # fmt: skip
# "ein/en/ei/eitt/ett" are left out on purpose: they are the indefinite article far more often than "one".

_DIGITS = r"\d{1,3}(?:[ \u00a0.]\d{3})+(?![\d])|\d+(?:,\d+)?"
_NUMBER = re.compile(
    r"(?<![\w.,/+-])(?P<num>" + _DIGITS + r"|(?i:" + "|".join(_NUMBER_WORDS) + r")\b)"
    r"(?:\s*(?:-|–|til)\s*(?P<max>" + _DIGITS + r"|(?i:" + "|".join(_NUMBER_WORDS) + r")\b))?",
)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|%|\d+", re.UNICODE)

_MONTHS = (
    "januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
    "november", "desember",
)  # fmt: skip

# Scale words after a number ("2 millionar", "1,5 mill."); "tusen" after digits is a scale too.
_SCALES = {"million": 1_000_000, "mill": 1_000_000, "mrd": 1_000_000_000, "milliard": 1_000_000_000}
_CURRENCY = {"kr", "kron", "nok"}


def _number_value(token: str) -> float | None:
    word = token.lower()
    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    digits = re.sub(r"[ \u00a0.]", "", token).replace(",", ".")
    try:
        return float(digits)
    except ValueError:
        return None


# --- units: compound heads of the folded noun ------------------------------------------------------------

# Keys as ``fold_word`` makes them; a noun's unit is that of the longest key its own key ends with, so a
# compound takes its head's unit ("prøvebustader", "einskildkommunar", "arbeidsplassar").
_HEADS = {
    "persons": (
        "person", "mennesk", "folk", "innbygg", "barn", "elev", "student", "deltak", "medlem", "medlemm",
        "kvinn", "mann", "menn", "ungdom", "ungdomm", "innvandr", "flyktning", "ansatt", "tilsett",
        "interessent", "pensjonist", "lærling", "lending", "individ", "frivillig", "kandidat", "unge",
    ),
    "families": ("famili", "husstand", "hushald", "husholdning", "par"),
    "homes": (
        "hus", "bol", "bo", "bustad", "leil", "leilighet", "gård", "gard", "småbruk", "gårdsbruk", "tomt",
        "hytt", "husvær", "eiendom", "eigedom", "bruk",
    ),
    "jobs": ("arbeidsplass", "jobb", "stilling", "årsverk", "praksisplass", "lærlingplass"),
    "municipalities": ("kommun",),
    "events": (
        "arrangement", "møt", "samling", "treff", "kur", "kurs", "messe", "mess", "konferans", "festival",
        "seminar", "workshop", "kveld", "tur", "visning",
    ),
    "contacts": (
        "samtal", "telefon", "brev", "besøk", "henvend", "førespurnad", "forespørsel", "registrering",
        "oppringing", "e-post", "epost", "postkort", "kontakt", "søknad",
    ),
    "percent": ("prosent", "%"),
}  # fmt: skip
_HEAD_UNIT = sorted(((key, unit) for unit, keys in _HEADS.items() for key in keys), key=lambda p: -len(p[0]))

# Durations and ages: a number counting these is a period, not a figure.
_PERIOD_KEYS = (
    "år",
    "årig",
    "måned",
    "månad",
    "uk",
    "vek",
    "dag",
    "døgn",
    "tim",
    "minutt",
    "kvartal",
    "sekund",
)

# Words that may stand between a number and its noun: adjectives and quantifiers ("50 nye familiar",
# "tre andre innbyggjarar", "39 flere innbyggere").
_ADJECTIVE_ENDINGS = ("e", "ige", "lege", "lige", "ske", "ne", "te", "de")
_QUANTIFIERS = {"flere", "fleire", "færre", "andre", "nye", "mindre", "større", "små", "unge", "nya"}


def _unit_of(word: str) -> str | None:
    """The unit a noun counts, from its compound head; None when it is no count noun known here."""
    if word == "%":
        return "percent"
    key = fold_word(word)
    lower = word.lower()
    if re.search(r"(?:bustad|bolig)(?:er|ar|ane|ene|a)?$", lower):
        return "homes"  # the folded key of a dwelling compound is too short to test ("prøvebo")
    if lower in _CURRENCY or key in _CURRENCY or lower.startswith("krone") or lower.startswith("krona"):
        return "nok"
    for head, unit in _HEAD_UNIT:
        # Short heads ("bo", "par", "bruk", "unge") only count alone ("fem par") or in a dwelling compound.
        short = head in ("bo", "par", "bruk", "unge") and key != head
        if short and not key.endswith(("småbruk", "gardsbruk", "gårdsbruk")):
            continue
        if key.endswith(head):
            return unit
    # Agent nouns and participles used as nouns are people: "-ere/-arar" (tilflyttere, deltakarar),
    # "-ande/-ende" (studerande, reisende).
    if re.search(r"(?:ere|erne|arar|arane|erar|ande|ende)$", lower) and len(lower) > 5:
        return "persons"
    return None


def _is_period(word: str) -> bool:
    key = fold_word(word)
    return any(key == p or (key.endswith(p) and len(p) >= 3) for p in _PERIOD_KEYS) or word.lower() == "år"


def _is_plural_noun(word: str) -> bool:
    """Indefinite or definite plural of a noun (grupper, grender, fagmiljøa, delprosjekta, kommunane)."""
    lower = word.lower()
    return len(lower) > 4 and bool(re.search(r"(?:er|ar|ene|ane|a)$", lower)) and not lower.endswith("lega")


# --- cues for the kind --------------------------------------------------------------------------------

# Stems of words that say what a figure is; matched as prefixes of lower-cased words in the clause.
_GOAL = ("mål", "målset", "ambisjon", "ønsk", "ynsk", "siktemål", "delmål", "hovudmål", "hovedmål")
_NOT_GOAL = ("målgrupp", "måling", "målt", "måloppnå")
_NET = (
    "netto",
    "flytteoverskot",
    "flytteoverskudd",
    "overskot",
    "overskudd",
    "flyttebalanse",
    "flytteunderskot",
    "flytteunderskudd",
)
_GROSS = ("brutto",)
_INTERESTED = ("interess", "register", "portefølj", "database", "kartotek")
_CONTACTED = (
    "kontakt",
    "ringt",
    "ringte",
    "ringde",
    "oppringt",
    "ringer",
    "besøkt",
    "følgt",
    "fulgt",
    "oppfølg",
    "henvend",
    "sendt",
    "skrive",
)
_REACH = (
    "nådd",
    "nådde",
    "nå ",
    "deltok",
    "delteke",
    "deltatt",
    "deltek",
    "besøkjande",
    "besøkende",
    "lesar",
    "leser",
    "følgjar",
    "følger",
    "publikum",
)
_MOVE_VERBS = (
    "flytta",
    "flyttet",
    "flytte",
    "flytter",
    "flyttar",
    "busett",
    "bosatt",
    "bosette",
    "etablert",
    "kome",
    "kommet",
    "komne",
    "fått",
)
_CREDIT = ("hjelp", "hjelpt", "hjulpe", "gjennom", "følgje", "følge", "resultat", "takk", "via", "prosjekt")
_TOTAL = ("totalt", "alt", "løpet", "årleg", "årlig", "kvart", "hvert", "fjor", "per")
_POPULATION = (
    "folketal",
    "folketall",
    "befolkning",
    "innbyggjartal",
    "innbyggertal",
    "bur",
    "bor",
    "har",
    "hadde",
    "omfattar",
    "omfatter",
)
_EFFORT = (
    "hjelp",
    "hjelpt",
    "hjulpe",
    "bistått",
    "arrangert",
    "arrangerte",
    "skipa",
    "laga",
    "laget",
    "bygd",
    "bygt",
    "bygget",
    "oppretta",
    "opprettet",
    "etablert",
    "inviterte",
    "invitert",
)
_BUDGET = (
    "budsjett",
    "kostnad",
    "ramme",
    "tilskot",
    "tilskudd",
    "midl",
    "løyv",
    "bevilg",
    "finansi",
    "støtte",
    "tildelt",
    "fekk",
    "fikk",
    "får",
)
_HEDGES = (
    (("om", "lag"), "about"), (("omlag",), "about"), (("ca",), "about"), (("cirka",), "about"),
    (("rundt",), "about"), (("kring",), "about"), (("omkring",), "about"), (("nesten",), "about"),
    (("nærmare",), "about"), (("nærmere",), "about"), (("bortimot",), "about"), (("anslagsvis",), "about"),
    (("i", "overkant", "av"), "over"), (("meir", "enn"), "over"), (("mer", "enn"), "over"),
    (("fleire", "enn"), "over"), (("flere", "enn"), "over"), (("over",), "over"), (("minst",), "over"),
    (("godt", "over"), "over"), (("i", "underkant", "av"), "under"), (("mindre", "enn"), "under"),
    (("færre", "enn"), "under"), (("opp", "til"), "under"), (("opptil",), "under"), (("inntil",), "under"),
    (("under",), "under"), (("snaut",), "under"), (("knapt",), "under"), (("maks",), "under"),
    (("maksimalt",), "under"),
)  # fmt: skip
# Measure nouns before "på"/"av" + number: "folketal på 1400", "flytteoverskudd på 56".
_MEASURES = (
    (("folketal", "folketall", "befolkning", "innbyggjartal", "innbyggertal"), "persons", "population"),
    (_NET, "persons", "net_migration"),
    (("tilflytting", "innflytting"), "persons", "in_migration"),
    (
        ("budsjett", "kostnadsramm", "ramm", "tilskot", "tilskudd", "løyving", "bevilgning", "støtt"),
        "nok",
        "budget",
    ),
)

_YEAR = re.compile(r"(?<![\d.,])(19[5-9]\d|20[0-4]\d)(?![\d])")
_SENTENCE_END = re.compile(
    r"(?<!\bca)(?<!\bbl\.a)(?<!\bf\.eks)(?<!\bmill)(?<!\bkr)(?<!\bnr)(?<!\bjf)[.!?]"
    r"(?=\s+[A-ZÆØÅ«\"”–-])(?!\s+(?i:" + "|".join(_MONTHS) + r")\b)"
    r"|\n\s*\n|\n(?=\s*(?:•|\d+\.\s))"
)


_PHONE = re.compile(r"(?<![\d,.])(?:\+47\s?)?(?:\d{2} \d{2} \d{2} \d{2}|\d{3} \d{2} \d{3}|\d{8})(?![\d,])")


@lru_cache(maxsize=8)
def _phone_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Norwegian phone numbers: eight digits, alone or grouped 2-2-2-2 or 3-2-3, maybe after +47."""
    return tuple((m.start(), m.end()) for m in _PHONE.finditer(text))


def _starts(word: str, stems: tuple[str, ...]) -> bool:
    return any(word.startswith(stem) for stem in stems)


def _any(words: list[str], stems: tuple[str, ...]) -> bool:
    return any(_starts(word, stems) for word in words)


@dataclass
class _Sentence:
    start: int
    end: int
    paragraph_start: bool


def _sentences(text: str) -> list[_Sentence]:
    spans: list[_Sentence] = []
    start, paragraph = 0, True
    for match in _SENTENCE_END.finditer(text):
        spans.append(_Sentence(start, match.end(), paragraph))
        paragraph = "\n" in match.group() or bool(
            re.match(r"\s*\n\s*\n", text[match.end() : match.end() + 4])
        )
        start = match.end()
    spans.append(_Sentence(start, len(text), paragraph))
    return spans


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def read_figures(text: str) -> list[Figure]:
    """Every figure in ``text``, in order; each one's ``text`` is ``text[start:end]``."""
    if not text:
        return []
    figures: list[Figure] = []
    sentences = _sentences(text)
    for index in range(len(sentences)):
        figures.extend(_read_sentence(text, sentences, index))
    return figures


def _read_sentence(text: str, sentences: list[_Sentence], index: int) -> list[Figure]:
    sentence = sentences[index]
    chunk = text[sentence.start : sentence.end]
    found: list[Figure] = []
    taken_until = 0
    for match in _NUMBER.finditer(chunk):
        if match.start() < taken_until:
            continue
        figure = _figure_at(text, sentences, index, match)
        if figure is not None:
            found.append(figure)
            taken_until = figure.end - sentence.start
    return found


def _figure_at(text: str, sentences: list[_Sentence], index: int, match: re.Match[str]) -> Figure | None:
    sentence = sentences[index]
    base = sentence.start
    chunk = text[base : sentence.end]
    number_text = match.group("num")
    start, end = base + match.start(), base + match.end()
    is_word = number_text[0].isalpha()
    value = _number_value(number_text)
    value_max = _number_value(match.group("max")) if match.group("max") else None
    if value is None:
        return None
    before_text = chunk[: match.start()]
    after_text = chunk[match.end() :]

    # Dates, ordinals, list numbering: "10. november", "30.06.", "3. fase", "1. Kartlegge" at a line's
    # start; a number ending its sentence ("… på 56. Størst …") stays.
    ordinal = re.match(r"\.(?:\d|\s*([^\W\d_]+))", after_text)
    if ordinal and (
        ordinal.group(1) is None
        or ordinal.group(1).lower() in _MONTHS
        or ordinal.group(1)[0].islower()
        or re.search(r"(?:^|\n)\s*$", before_text)
    ):
        return None
    # Inside a name or a compound: "Bygda 2.0", "10-punktsmodellen", "70- og 80-talet", "nr. 02".
    if re.match(r"[-–]\s*(?:[^\W\d_]|og\b|eller\b)", after_text) or re.match(r"[.,]\d", after_text):
        return None
    if re.search(r"\bnr\.?\s*$", before_text, re.I):
        return None
    if any(p_start <= start < p_end for p_start, p_end in _phone_spans(text)):
        return None
    if is_word and number_text.lower() == "to" and re.match(r"\s+[A-ZÆØÅ]", after_text):
        return None  # English "to" in a name ("Move to More")

    after_words = _words(after_text)
    before_words = [w.lower() for w, _, _ in _words(before_text)]

    # A scale or currency right after the number.
    cursor = 0
    scale = 1.0
    unit: str | None = None
    unit_end = end
    if after_words:
        first = after_words[0][0].lower()
        first_key = fold_word(first)
        if first_key in _SCALES or first.startswith("mill"):
            scale = _SCALES.get(first_key, 1_000_000)
            cursor = 1
            unit_end = base + match.end() + after_words[0][2]
            if after_text[after_words[0][2] : after_words[0][2] + 1] == ".":
                unit_end += 1
            unit = "nok"
        elif first == "tusen" and not is_word:
            scale = 1000.0
            cursor = 1
            unit_end = base + match.end() + after_words[0][2]

    # A 4-digit number with no count noun after it is a year, never a figure.
    head_unit, head_end, head_is_period = _head(after_words, cursor)
    if head_is_period:
        return None
    if _YEAR.fullmatch(number_text) and head_end and after_words[cursor][2] != head_end:
        return None  # a year before a clause ("2009 hadde kommunene …"), not "2000 nye arbeidsplassar"
    if head_unit is not None:
        unit = head_unit if not (unit == "nok" and head_unit not in ("nok", "percent")) else unit
        unit_end = base + match.end() + head_end
    currency_before = bool(re.search(r"\b(?:kr\.?|NOK)\s*$", before_text))
    if currency_before:
        unit = "nok"
    if re.match(r"\s*,-", after_text):
        unit, unit_end = "nok", end + after_text.index(",-") + 2
    kind: str | None = None
    if unit is None:
        # Money named by what it is: "200 000 i bulystmidlar".
        money = re.match(r"\s+(?:i|av|til)\s+([^\W\d_]+)", after_text)
        if (
            money
            and value >= 1000
            and "midl" in fold_word(money.group(1))
            or (
                money
                and value >= 1000
                and fold_word(money.group(1)).endswith(("tilskot", "tilskudd", "støtt"))
            )
        ):
            unit = "nok"
    if unit is None:
        measure = _measure_before(before_words)
        if measure is not None:
            unit, kind = measure
    if unit is None and head_end == 0:
        return None
    if unit is None:
        unit = "other"
    if _YEAR.fullmatch(number_text) and unit == "other":
        return None
    # Counts of the items of the list that follows ("tre hovudfunn:", "Dei åtte delprosjekta er:").
    if unit != "nok" and _counts_a_list(text, sentences, index, end):
        return None

    # The hedge: the words just before the number.
    hedge, hedge_start = _hedge(before_text)
    span_start = base + hedge_start if hedge != "none" else start
    if unit == "nok" and currency_before:
        span_start = min(span_start, base + re.search(r"(?:kr\.?|NOK)\s*$", before_text).start())  # type: ignore[union-attr]

    clause_after = [w.lower() for w, _, _ in _words(re.split(r"[,;:]", after_text, maxsplit=1)[0])]
    kind = kind or _kind(unit, before_words, clause_after, after_words)
    if is_word and unit == "other" and kind == "other" and not head_end:
        return None
    year = _year(text, sentences, index, start, unit_end)
    value *= scale
    if value_max is not None:
        value_max *= scale
        if value_max <= value:
            value_max = None
    return Figure(
        value=value,
        value_max=value_max,
        unit=unit,
        kind=kind,
        hedge=hedge,
        year=year,
        text=text[span_start:unit_end],
        start=span_start,
        end=unit_end,
    )


def _head(words: list[tuple[str, int, int]], cursor: int) -> tuple[str | None, int, bool]:
    """The unit of the noun after the number (skipping up to two adjectives), the end offset of that noun,
    and whether it is a duration. (None, 0, False) when no noun follows."""
    for position in range(cursor, min(cursor + 3, len(words))):
        word = words[position][0]
        lower = word.lower()
        if position == cursor and _is_period(word):
            return None, 0, True
        unit = _unit_of(word)
        if unit is not None and lower not in _QUANTIFIERS:
            return unit, words[position][2], False
        if lower in _QUANTIFIERS or (
            lower.endswith(_ADJECTIVE_ENDINGS) and not _is_plural_noun(word) and word[0].islower()
        ):
            continue
        if _is_plural_noun(word) and word[0].islower():
            return "other", words[position][2], False
        break
    return None, 0, False


def _measure_before(before: list[str]) -> tuple[str, str] | None:
    """A measure noun and "på"/"av" just before the number ("folketal på", "eit flytteoverskot på om lag")."""
    tail = before[-5:]
    for position in range(len(tail) - 1, 0, -1):
        if tail[position] in ("på", "av", "med"):
            key = fold_word(tail[position - 1])
            for stems, unit, kind in _MEASURES:
                if any(stem in key for stem in stems):
                    return unit, kind
            return None
    return None


def _hedge(before_text: str) -> tuple[str, int]:
    words = _words(before_text)
    lowered = [w.lower() for w, _, _ in words]
    for phrase, hedge in sorted(_HEDGES, key=lambda p: -len(p[0])):
        size = len(phrase)
        # "ca." and "ca" both; nothing but spaces or a dot between the hedge and the number.
        touching = before_text[words[-1][2] :].strip(" .\u00a0") == "" if words else False
        if touching and size <= len(lowered) and tuple(lowered[-size:]) == phrase:
            return hedge, words[-size][1]
    return "none", 0


def _kind(unit: str, before: list[str], after: list[str], after_words: list[tuple[str, int, int]]) -> str:
    near = before[-8:]
    head = [w.lower() for w, _, _ in after_words[:3]]
    goal_before = any(_starts(w, _GOAL) and not _starts(w, _NOT_GOAL) for w in near)
    if goal_before or _any(after, ("ønsk", "ynsk")):
        return "goal"
    if _any(near, _NET):
        return "net_migration"
    if _any(near, _GROSS):
        return "in_migration"
    if unit == "nok":
        return "budget"
    if unit not in ("persons", "families", "contacts", "other"):
        if unit in ("events", "homes", "jobs") and (_any(near, _EFFORT) or unit == "events"):
            return "effort"
        return "other"
    if _any(head, ("interessent",)) or _any(near, _INTERESTED):
        return "interested"
    if _stayed(after):
        return "stayed"
    if _any(near, ("hjelp", "hjelpt", "hjulpe", "bistått")):
        return "effort"
    if _any(near, _CONTACTED) or unit == "contacts":
        return "contacted"
    moved_after = _any(after, _MOVE_VERBS)
    if moved_after or (_any(near, ("fått", "fekk", "fikk")) and _any(head, ("nye", "nya"))):
        if _any(after + near, _CREDIT):
            return "moved"
        if _any(after + near, _TOTAL):
            return "in_migration"
        return "moved"
    if (
        unit in ("persons", "families")
        and _any(near, _REACH + ("seg",))
        and ("mot" in near or _any(near, _REACH))
    ):
        return "reach"
    if _any(near, ("hjelp", "hjelpt", "hjulpe", "bistått", "inviterte", "invitert")):
        return "effort"
    if unit == "persons" and (
        _any(head, ("innbygg",)) or _any(near, ("folketal", "folketall", "befolkning", "bur", "bor"))
    ):
        return "population"
    return "other"


def _stayed(after: list[str]) -> bool:
    """Still living there: "bur framleis", "er fortsatt bosatt", "har blitt buande", "har budd"."""
    if _any(after, ("framleis", "fortsatt", "fremdeles", "budd", "bodd")):
        return True
    return any(
        first in ("blitt", "vorte", "blir", "blei", "ble")
        and _starts(second, ("buand", "boend", "verand", "værend"))
        for first, second in zip(after, after[1:], strict=False)
    )


def _counts_a_list(text: str, sentences: list[_Sentence], index: int, number_end: int) -> bool:
    """The sentence introduces a list: a colon follows the number in it, or a bullet or numbered list
    follows the sentence."""
    sentence = sentences[index]
    body = text[number_end : sentence.end]
    if ":" in body:
        return True
    line_start = text.rfind("\n", 0, sentence.start + 1) + 1
    if re.match(r"\s*(?:•|\d+\.\s)", text[line_start : sentence.end]):
        return False  # the sentence is itself an item of the list
    rest = text[sentence.end : sentence.end + 40]
    return bool(re.match(r"\s*(?:•|\d+\.\s)", rest))


def _year(text: str, sentences: list[_Sentence], index: int, start: int, end: int) -> int | None:
    sentence = sentences[index]
    years = [
        (m.start() + sentence.start, int(m.group()))
        for m in _YEAR.finditer(text[sentence.start : sentence.end])
        if not (start <= m.start() + sentence.start < end)
    ]
    before = [year for at, year in years if at < start]
    if before:
        return before[-1]
    after = [year for at, year in years if at >= end]
    if after:
        return after[0]
    if index > 0 and not sentence.paragraph_start:
        previous = sentences[index - 1]
        earlier = [int(m.group()) for m in _YEAR.finditer(text[previous.start : previous.end])]
        if earlier:
            return earlier[-1]
    return None
