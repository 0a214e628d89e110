"""Bokmål and nynorsk forms and inflections of a word fold to one key; normalisation keeps æøå."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tiltak.language.forms import fold_text, fold_word, normalize

SAME_WORD = [
    ["bustad", "bustader", "bustadar", "bustadane", "bolig", "boliger", "boligene"],
    ["tilflyttarar", "tilflyttere", "tilflyttande", "tilflyttende", "tilflytter", "tilflyttar"],
    ["heim", "hjem"],
    ["eigen", "eget", "egen", "eige", "eigne", "egne"],
    ["nettstad", "nettsted"],
    ["kommunane", "kommunene", "kommuner", "kommunar"],
    ["tenestetilbod", "tjenestetilbud", "tjenestetilbudet"],
    ["arbeidsplassar", "arbeidsplasser"],
    ["bortebuarar", "borteboere"],
    ["synliggjere", "synleggjere", "synliggjøre"],
    ["liknande", "lignende"],
    ["utanfor", "utenfor"],
    ["frivillege", "frivillige"],
    ["organisasjonar", "organisasjoner"],
    ["barnefamiliar", "barnefamilier"],
    ["deltaking", "deltakelse", "deltatt"],
    ["Tilflyttarar", "TILFLYTTERE"],
    # Definite plurals of agent nouns, nb "-erne" and nn "-arane" / "-jarane".
    ["tilflytterne", "tilflyttarane", "tilflyttere", "tilflyttar"],
    ["innbyggerne", "innbyggjarane", "innbyggarane", "innbyggere", "innbyggjar"],
    ["arbeidstakerne", "arbeidstakarar", "arbeidstakere"],
    # nn parts inside compounds: "eigar" (owner), "sjuk-" (sick), "gjevar" (giver).
    ["hytteeigarar", "hytteeigarane", "hytteeiere", "hytteeierne", "hytteeigar", "hytteeier"],
    ["sjukepleiarar", "sykepleiere", "sjukepleiar", "sykepleier"],
    ["arbeidsgjevarar", "arbeidsgivere", "arbeidsgiverne"],
    ["deltidsinnbyggjarar", "deltidsinnbyggere"],
    # Adjectives ending in "-erne" are not agent plurals: the short remainder keeps them whole.
    ["eksterne", "ekstern"],
    ["moderne", "modern"],
]


@pytest.mark.parametrize("forms", SAME_WORD, ids=lambda forms: forms[0])
def test_nynorsk_and_inflected_forms_fold_to_one_key(forms):
    assert len({fold_word(form) for form in forms}) == 1, {form: fold_word(form) for form in forms}


@pytest.mark.parametrize(
    "a, b",
    [
        ("tilflyttere", "tilbakeflyttere"),
        ("bolig", "jobb"),
        ("vertskap", "bygdemiljø"),
        ("kvinner", "ungdom"),
    ],
)
def test_different_words_keep_different_keys(a, b):
    assert fold_word(a) != fold_word(b)


def test_normalize_lowercases_strips_punctuation_and_keeps_norwegian_letters():
    assert normalize("  Grende-/Bygdelag,  «Ærlig» Østre ÅS! ") == "grende bygdelag ærlig østre ås"
    assert normalize("Ｖest\u00a0Telemark") == "vest telemark"  # NFKC: full-width letters, no-break space
    assert normalize("Sámediggi") == "samediggi"


def test_fold_text_folds_every_word_in_order():
    assert fold_text("Eigen nettstad") == fold_text("Eget nettsted")
    assert fold_text("Tilrettelagt bustadar for tilflyttarar") == fold_text(
        "Tilrettelagt boliger for tilflyttere"
    )
    assert len(fold_text("Brev til potensielle tilflyttarar")) == 4


@given(st.text(max_size=60))
def test_any_text_folds_without_crashing_to_plain_words(text):
    keys = fold_text(text)
    assert len(keys) == len(normalize(text).split())
    assert all(isinstance(key, str) and " " not in key for key in keys)
    assert fold_word(text) == fold_word(text)


def test_folding_is_safe_from_many_threads_at_once():
    # gunicorn serves requests on several threads; the stemmer must not be shared between them.
    from concurrent.futures import ThreadPoolExecutor

    from tiltak.language import forms

    words = [f"tilflyttarar{i}" for i in range(2000)] + [f"bustadane{i}" for i in range(2000)]
    forms.reload()
    expected = [forms.fold_word(w) for w in words]
    forms.reload()
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(forms.fold_word, words))
    assert got == expected
