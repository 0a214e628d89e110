"""The relevance rules behind issue #4's benchmark, each in bokmål and nynorsk: owner nouns in both forms,
action and agent nouns meeting inside compounds, rare words deciding a query, typos corrected against
words as written, and list items matched as phrases. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.builder import concept, entry
from tiltak.search.index import match

pytestmark = pytest.mark.django_db


def ids(query: str) -> list[int]:
    return [pk for pk, _score in match(query)]


# --- forms ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Kommunen sende brev til hytteeigarane.", "hytteeiere"),
        ("Kommunen sendte brev til alle hytteeiere.", "hytteeigarar"),
    ],
)
def test_cabin_owners_are_found_in_the_other_written_form(text, query):
    wanted = entry("Hyttefolk", body=text)
    entry("Hytteutleige", body="Kommunen leiger ut hytter til turistar.")
    assert ids(query) == [wanted.pk]


# --- compounds ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["tilflytterkontakt", "tilflyttarkontakt"])
def test_contact_person_compound_finds_the_action_noun_compound(query):
    wanted = entry("Bo i bygda", body="Kommunen har ansatt en tilflyttingskontakt.")
    scattered = entry("Tilflytting", body="Vi tar kontakt med skolen. Nye tilflyttere kom i fjor.")
    found = ids(query)
    assert found[0] == wanted.pk
    assert found.index(wanted.pk) < found.index(scattered.pk) if scattered.pk in found else True


@pytest.mark.parametrize("query", ["rekruttere arbeidstakere", "rekruttere arbeidstakarar"])
def test_verb_query_finds_the_action_noun(query):
    wanted = entry("Jobb i regionen", body="Rekruttering av arbeidstakere til industrien.")
    entry("Kultur", body="Konserter og teater for arbeidstakere.")
    assert ids(query)[0] == wanted.pk


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Kvar nye innbyggjar får ein tilflyttarvert.", "tilflytterverter"),
        ("Hver nye innbygger får en tilflyttervert.", "tilflyttarvertane"),
    ],
)
def test_host_compounds_are_split_although_vert_is_also_a_nynorsk_verb(text, query):
    wanted = entry("Vertskap", body=text)
    entry("Kultur", body="Det vert konsertar for tilflyttarar kvar veke.")
    assert ids(query) == [wanted.pk]


@pytest.mark.parametrize("query", ["boligprosjektet", "bustadprosjektet"])
def test_compound_query_finds_its_informative_part_alone_below_the_whole(query):
    whole = entry("Boligprosjekt i sentrum", body="Kommunen bygger nye boliger.")
    part = entry("Nye bustader", body="Kommunen bygde bustader for unge vaksne.", language="nn")
    generic = entry("Kulturprosjekt", body="Prosjektet gav kurs i dans. Eit prosjekt for alle.")
    entry("Næring", body="Et prosjekt for bedrifter.")
    found = ids(query)
    assert found[:2] == [whole.pk, part.pk]
    assert generic.pk not in found  # "prosjekt" is in more entries: it tells less, so it is not asked


@pytest.mark.parametrize("query", ["hytteeiere", "hytteeigarar"])
def test_entry_that_writes_about_the_compounds_head_ranks_above_one_that_only_lists_it(query):
    listed = entry(
        "Tilflytting", body="Kommunen gjer mykje for nye folk.", target_groups=[("Hytteeiere", None)]
    )
    about = entry(
        "Brev til hyttefolk",
        body="Eigarane får brev kvart år.",
        target_groups=[("Hytteeigarar", None)],
        language="nn",
    )
    assert ids(query)[:2] == [about.pk, listed.pk]


# --- concepts and weighting -----------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["mentorordningen", "mentorordninga"])
def test_query_naming_a_concept_finds_text_with_the_concepts_other_names(query):
    concept("activities", "mentoring", "Fadderordning", "Fadderordning", "Mentorordning", "Losordning")
    named = entry("Mentor for nye", body="Kommunen har ei mentorordning for tilflyttarar.", language="nn")
    other_name = entry("Fadder", body="Alle nye innbyggere får en fadderordning.")
    entry("Kultur", body="Konserter og teater for alle.")
    found = ids(query)
    assert found[:2] == [named.pk, other_name.pk]


@pytest.mark.parametrize("query", ["vertskap for nye innbyggere", "vertskap for nye innbyggjarar"])
def test_the_rare_word_decides_and_common_words_alone_rank_below(query):
    host = entry("Vertskap i kommunen", body="Frivillige verter tar imot nye innbyggere.")
    common = entry("Folketall", body="Kommunen fikk mange nye innbyggere i fjor.")
    entry("Kultur", body="Konserter for alle innbyggere.")
    found = ids(query)
    assert found[0] == host.pk
    assert found.index(common.pk) > 0


@pytest.mark.parametrize(
    ("item", "query"), [("Eget nettsted", "eget nettsted"), ("Eigen nettstad", "eigen nettstad")]
)
def test_a_list_item_that_is_the_query_ranks_above_scattered_words(item, query):
    scattered = entry("Plan", body="Kommunen har en egen plan. Nettstedet er nytt og egen side kommer.")
    as_item = entry("Profilering", body="Kommunen markedsfører seg.", activities=[(item, None)])
    assert ids(query)[0] == as_item.pk
    assert scattered.pk in ids(query)


def test_entry_that_writes_about_the_word_ranks_above_one_that_only_lists_it():
    listed = entry("Tilflytting", body="Kommunen gjør mye.", activities=[("Barnefamilier", None)])
    about = entry("Familier til bygda", body="Prosjektet ville få barnefamilier til å flytte.")
    assert ids("barnefamiliene")[:2] == [about.pk, listed.pk]


# --- typos ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "typo"),
    [
        ("Kommunen har bygd ein prøvebustad for unge vaksne.", "prøvebustd"),
        ("Kommunen tilbyr prøveboliger til nye innbyggere.", "prøveboliegr"),
        ("Alle nye innbyggjarar blir inviterte til velkomstmøte.", "velkomsmøte"),
    ],
)
def test_typo_is_corrected_against_the_word_as_written(text, typo):
    wanted = entry("Tiltak", body=text)
    entry("Anna", body="Konsertar og teater for alle.")
    assert wanted.pk in ids(typo)


def test_typo_dictionary_sees_words_indexed_after_the_first_lookup():
    entry("Tiltak", body="Kommunen tilbyr prøveboliger.")
    assert ids("prøveboliegr")  # fills the per-process typo dictionary
    later = entry("Nytt tiltak", body="Sjukepleiarar får stipend.")
    assert later.pk in ids("sjukepleiaarar")
