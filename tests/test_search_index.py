"""Search finds what Norwegian users mean: both written forms, compounds, concepts and typos; ranks well;
and stays correct as entries are created, edited, archived and deleted. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.builder import concept, entry
from tests.cast import ALICE
from tiltak.catalog.draft import EntryDraft
from tiltak.catalog.models import Entry
from tiltak.catalog.services import archive_entry, delete_entry
from tiltak.ingest.saving import import_draft
from tiltak.search.index import match, rebuild_index

pytestmark = pytest.mark.django_db


def ids(query: str) -> list[int]:
    return [pk for pk, _score in match(query)]


# --- 1. two written forms and inflection ---------------------------------------------------------------


def test_nynorsk_query_finds_bokmal_housing_item():
    wanted = entry("Flytt hit", activities=[("Tilrettelagt boliger for tilflyttere", None)])
    entry("Kulturkveld", body="Konsertar og teater for alle.")
    assert ids("bustad for tilflyttarar")[:1] == [wanted.pk]


def test_bokmal_query_finds_nynorsk_text():
    wanted = entry("Heimflytting", body="Kommunane har eigen nettstad for heimflyttarar.", language="nn")
    entry("Næringsarbeid", body="Bedrifter og arbeidsplasser.")
    assert wanted.pk in ids("kommunene egen nettsted")
    assert wanted.pk in ids("hjem")


# --- 2. compounds ---------------------------------------------------------------------------------------


def test_compound_in_text_is_found_by_its_parts():
    wanted = entry("Regionalt samarbeid", body="Tilflyttingsarbeid i tre kommunar.")
    entry("Kulturkveld", body="Konsertar og teater.")
    assert ids("tilflytting arbeid")[:1] == [wanted.pk]


def test_compound_query_finds_the_separate_words():
    wanted = entry("Arbeid med tilflytting", body="Kommunen gjer eit arbeid for tilflytting.")
    entry("Kulturkveld", body="Konsertar og teater.")
    assert ids("tilflyttingsarbeid") == [wanted.pk]


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Småbruksprosjektet i dalen", "småbruk prosjekt"),
        ("Vi tilbyr ein tilflytterkontakt", "kontakt for tilflyttere"),
        ("Tiltak for barnefamiliar", "familie med barn"),
    ],
)
def test_nynorsk_and_bokmal_compounds_are_found_by_parts(text, query):
    wanted = entry("Tiltak", body=text)
    entry("Anna", body="Heilt andre ord her.")
    assert wanted.pk in ids(query)


# --- 3. concepts ----------------------------------------------------------------------------------------


def test_concept_variant_query_finds_entry_tagged_with_concept_in_other_words():
    concept("activities", "host_scheme", "Vertskapsordning", "Vertskapsordning", "Fadderordning")
    wanted = entry("Velkommen hit", activities=[("Fadderordning for nye innbyggere", "host_scheme")])
    entry("Kulturkveld", body="Konsertar og teater.")
    assert ids("vertskapsordning") == [wanted.pk]


def test_nynorsk_concept_label_finds_bokmal_tagged_entry():
    concept("target_groups", "families_with_children", "Barnefamilier", "Barnefamiliar")
    wanted = entry("Flytt hit", target_groups=[("Familier med små barn", "families_with_children")])
    assert wanted.pk in ids("barnefamiliar")


# --- 4. typos -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "typo"),
    [
        ("Kommunen har ei vertskapsordning og eit godt vertskap.", "vertsskap"),
        ("Tiltak for barnefamiliar i bygda.", "barnefamiler"),
        ("Hjelp til nye tilflyttere i bygda.", "tilflytere"),
    ],
)
def test_misspelled_query_finds_what_was_meant(text, typo):
    wanted = entry("Tiltak", body=text)
    entry("Anna", body="Konsertar og teater for alle.")
    assert wanted.pk in ids(typo)


# --- ranking --------------------------------------------------------------------------------------------


def test_title_hit_ranks_above_body_hit():
    in_body = entry("Bygdeliv", body="Her finst eit småbruk til sals.")
    in_title = entry("Småbruk til leige", body="Kommunen hjelper.")
    assert ids("småbruk")[:2] == [in_title.pk, in_body.pk]


def test_exact_phrase_ranks_above_scattered_words():
    scattered = entry("Tiltak A", body="Eit nytt hus og eit godt liv. Liv og røre i bygda, nytt og gammalt.")
    phrase = entry("Tiltak B", body="Vi vil skape nytt liv i bygda.")
    assert ids("nytt liv")[:2] == [phrase.pk, scattered.pk]


def test_entries_matching_every_word_come_before_partial_matches():
    both = entry("Bolig", body="Boliger for tilflyttere.")
    one = entry("Bolig og bolig", body="Boliger, boliger, boliger.")
    assert ids("boliger tilflyttere") == [both.pk, one.pk]


# --- index updates --------------------------------------------------------------------------------------


def test_edit_updates_the_index():
    made = entry("Gammel tittel", body="Noko om fiske.")
    assert ids("fiske") == [made.pk]
    draft = EntryDraft(title="Ny tittel", body="Noko om jakt.")
    draft.slug = made.slug
    from tiltak.catalog.draft import SourceInfo

    source = SourceInfo(file_name="a.txt", checksum="1" * 64, format="txt")
    first = import_draft(draft, source, actor=ALICE.importer()).entry
    draft.body = "Noko om skiløyper."
    second = import_draft(
        draft, SourceInfo(file_name="a.txt", checksum="2" * 64, format="txt"), actor=ALICE.importer()
    ).entry
    assert first.pk == second.pk
    assert ids("jakt") == []
    assert ids("skiløyper") == [second.pk]


def test_archived_entries_are_still_found_and_deleted_ones_are_not():
    made = entry("Prøvebustad i dalen")
    archive_entry(made, actor=ALICE.cli())
    assert ids("prøvebustad") == [made.pk]
    delete_entry(Entry.objects.get(pk=made.pk), actor=ALICE.cli())
    assert ids("prøvebustad") == []


def test_rebuild_index_recreates_every_entry():
    made = entry("Ungdomsklubb", body="Møteplass for ungdom.")
    assert rebuild_index() == 1
    assert ids("ungdom") == [made.pk]


def test_queries_with_only_stopwords_or_punctuation_find_nothing():
    entry("Tiltak", body="og i på")
    assert ids("og i på") == []
    assert ids('"*) OR ( NEAR') == []
