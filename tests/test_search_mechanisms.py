"""Each switchable relevance mechanism (tiltak.search.mechanisms), in bokmål and nynorsk: what a user
finds with it, and that the same query loses it with the mechanism switched off. SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.builder import concept, entry
from tiltak.catalog.draft import DraftPlace
from tiltak.places.loader import load_places
from tiltak.search import mechanisms
from tiltak.search.index import match, rebuild_index

pytestmark = pytest.mark.django_db


def ids(query: str) -> list[int]:
    return [pk for pk, _score in match(query)]


def test_unknown_mechanism_names_are_refused():
    with pytest.raises(KeyError, match="unknown search mechanism 'coverage'"):
        mechanisms.enabled("coverage")


def test_the_environment_switches_a_mechanism_off(monkeypatch):
    monkeypatch.setenv(mechanisms.ENV, "soft_coverage")
    assert not mechanisms.enabled("soft_coverage")


# --- soft coverage --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("vertskap for tilflyttere", "Kommunen tar imot tilflyttere."),
        ("vertskap for tilflyttarar", "Kommunen tek imot tilflyttarar."),
    ],
)
def test_a_page_without_the_rare_word_is_still_found_below_the_pages_with_it(query, text):
    """One rare query word must not hide every page that has the rest of the query."""
    host = entry("Vertskap", body="Frivillige verter i bygda.")
    newcomers = entry("Nye innbyggere", body=text)
    for n in range(4):
        entry(f"Tilflytting {n}", body=text)
    found = ids(query)
    assert found[0] == host.pk and newcomers.pk in found
    with mechanisms.switched_off("soft_coverage"):
        assert ids(query) == [host.pk]


# --- compounds split by the catalog's own words ------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "about", "other_a", "other_b"),
    [
        (
            "befolkningsnedgang",
            "Kommunen har hatt nedgang i befolkningen sidan 1990.",
            "Befolkningen vokser i byene.",
            "Nedgang i salget av hytter.",
        ),
        (
            "folketalsnedgang",
            "Bygda har hatt nedgang i folketalet i mange år.",
            "Folketalet aukar i byane.",
            "Nedgang i salet av hytter.",
        ),
    ],
)
def test_a_compound_no_lexicon_knows_is_split_into_words_the_catalog_uses(query, about, other_a, other_b):
    wanted = entry("Bygda", body=about)
    entry("Byane", body=other_a)
    entry("Hytter", body=other_b)
    assert ids(query)[0] == wanted.pk
    with mechanisms.switched_off("catalog_compounds"):
        assert ids(query) == []


def test_a_part_only_one_entry_uses_does_not_split_a_compound():
    entry("Bygda", body="Kommunen har hatt nedgang i befolkningen.")
    entry("Byane", body="Befolkningen vokser.")
    assert ids("befolkningsnedgang") == []


# --- typo tolerance -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "typed", "correct"),
    [
        ("rekrutering", "Rekrutering av lærarar.", "Rekruttering av lærere."),
        ("tilbakeflyting", "Tilbakeflyting til bygda.", "Tilbakeflytting til bygda."),
    ],
)
def test_a_misspelling_a_few_pages_share_also_finds_the_much_commoner_spelling(query, typed, correct):
    misspelt = [entry(f"Skrivefeil {n}", body=typed) for n in range(2)]
    right = [entry(f"Riktig {n}", body=correct) for n in range(8)]
    found = ids(query)
    assert set(found[:2]) == {e.pk for e in misspelt}
    assert {e.pk for e in right} <= set(found)
    with mechanisms.switched_off("typo_tolerance"):
        assert set(ids(query)) == {e.pk for e in misspelt}


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("rekrutering", "Kommunen vil rekruttere sjukepleiarar."),
        ("rekrutering", "Vi skal rekruttere lærere."),
    ],
)
def test_a_corrected_typo_also_finds_the_root_as_the_correct_word_would(query, text):
    entry("Rekruttering", body="Rekruttering av fagfolk.")
    verb = entry("Lærarar", body=text)
    assert verb.pk in ids("rekruttering")  # the correctly typed word finds the verb by its root
    assert verb.pk in ids(query)
    with mechanisms.switched_off("typo_tolerance"):
        assert verb.pk not in ids(query)


# --- English labels -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "language"), [("Vertskapsordning", "nb"), ("Vertskapsordning for nye", "nn")]
)
def test_an_english_label_finds_the_entries_tagged_with_its_concept(item, language):
    row = concept("activities", "host_scheme", "Vertskapsordning", "Vertskapsordning")
    row.label_en = "Host scheme"
    row.save()
    tagged = entry("Bu i bygda", language=language, activities=[(item, "host_scheme")])
    entry("Kultur", body="Konsertar i bygda.")
    assert ids("host scheme") == [tagged.pk]
    with mechanisms.switched_off("english_labels"):
        assert ids("host scheme") == []


@pytest.mark.parametrize("text", ["Tiltaket er for kvinner.", "Tiltaket er for kvinnene i bygda."])
def test_a_one_word_english_label_finds_the_norwegian_word_in_text(text):
    row = concept("target_groups", "women", "Kvinner", "Kvinner")
    row.label_en = "Women"
    row.save()
    wanted = entry("Jenter", body=text)
    assert ids("women") == [wanted.pk]
    with mechanisms.switched_off("english_labels"):
        assert ids("women") == []


# --- place terms ----------------------------------------------------------------------------------------


def in_place(title: str, body: str, municipality: str, language: str = "nb"):
    return entry(
        title, body=body, language=language, places=[DraftPlace(name=municipality, kind="municipality")]
    )


@pytest.mark.parametrize(
    ("query", "body", "language"),
    [
        ("tilflytting i Telemark", "Kommunen arbeider med tilflytting.", "nb"),
        ("tilflytting i Telemark", "Kommunen arbeider med tilflytting til bygdene.", "nn"),
    ],
)
def test_an_entry_naming_only_its_municipality_is_found_by_its_county(query, body, language):
    load_places()
    tokke = in_place("Bu i Tokke", body, "Tokke", language)
    in_place("Bu i Gildeskål", body, "Gildeskål", language)
    assert ids(query)[0] == tokke.pk
    with mechanisms.switched_off("place_terms"):
        rebuild_index()
        assert ids("Telemark") == []


def test_an_entry_in_troms_is_not_found_by_finnmark():
    load_places()
    tromso = in_place("Bu i Tromsø", "Kommunen tek imot nye innbyggjarar.", "Tromsø", "nn")
    assert ids("Troms") == [tromso.pk]
    assert ids("Finnmark") == []


# --- derivation -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "text", "language"),
    [
        ("bygging", "Kommunen vil bygge nye hus.", "nb"),
        ("bygging", "Kommunen vil byggje nye hus.", "nn"),
        ("integrasjon", "Vi hjelper nye innbyggere å integrere seg.", "nb"),
        ("organisasjon", "Vi skal organisere arbeidet i bygda.", "nn"),
    ],
)
def test_an_action_noun_finds_its_verb(query, text, language):
    wanted = entry("Bygda", body=text, language=language)
    entry("Kultur", body="Konsertar og teater for alle.")
    assert ids(query)[0] == wanted.pk
    with mechanisms.switched_off("derivation"):
        rebuild_index()
        assert wanted.pk not in ids(query)


# --- nynorsk endings and prefixes (always on: spelling, not a mechanism) ----------------------------------


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("oppfølging av tilflyttere", "Oppfølgjing av tilflyttarar."),
        ("oppfølgjing av tilflyttarar", "Oppfølging av tilflyttere."),
        ("fraflytting", "Bygda har hatt stor fråflytting."),
        ("fråflytting", "Bygda har hatt stor fraflytting."),
        ("trygghet", "Tryggheit for barnefamiliar."),
    ],
)
def test_nynorsk_and_bokmaal_endings_and_prefixes_meet(query, text):
    wanted = entry("Bygda", body=text)
    entry("Kultur", body="Konsertar og teater for alle.")
    assert ids(query) == [wanted.pk]


# --- joined forms ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "language"), [("vesttelemark", "nb"), ("Vesttelemark bustader", "nn")])
def test_a_hyphenated_name_is_found_written_as_one_word(query, language):
    wanted = entry("Bu i Vest-Telemark", body="Ledige bustader i regionen.", language=language)
    entry("Kultur", body="Konsertar og teater for alle.")
    assert ids(query)[0] == wanted.pk
    with mechanisms.switched_off("joined_forms"):
        rebuild_index()
        assert wanted.pk not in ids("vesttelemark")


@pytest.mark.parametrize(
    ("query", "text"), [("bygde kino", "Vi har bygdekino."), ("grende kino", "Grendekinoen er open.")]
)
def test_two_query_words_find_the_compound_the_catalog_writes(query, text):
    wanted = entry("Kultur", body=text)
    entry("Teater", body="Konsertar og teater for alle.")
    assert ids(query) == [wanted.pk]
    with mechanisms.switched_off("joined_forms"):
        assert ids(query) == []
