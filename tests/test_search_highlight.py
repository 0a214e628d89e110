"""Highlighting marks what the search matched (folded forms, compound parts, typos) and is HTML-safe."""

from __future__ import annotations

import pytest

from tests.cast import ALICE
from tiltak.catalog.draft import EntryDraft
from tiltak.catalog.services import create_entry
from tiltak.search.highlight import highlight, snippet

pytestmark = pytest.mark.django_db


def test_markup_in_a_title_comes_out_escaped():
    html = highlight("<script>alert('bustad')</script> & bustad", "bustad")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&amp;" in html
    assert html.count("<mark>bustad</mark>") == 2


def test_query_markup_cannot_inject_html():
    html = highlight("Bygda og folket", "<b>bygda</b>")
    assert "<b>" not in html
    assert "<mark>Bygda</mark>" in html


def test_inflected_form_is_marked():
    assert "<mark>kommunane</mark>" in highlight("Alle kommunane er med.", "kommunene")


def test_compound_containing_the_query_word_is_marked():
    html = highlight("Tilflyttingsarbeid i Vest-Telemark", "arbeid")
    assert html.startswith("<mark>Tilflyttingsarbeid</mark>")


def test_word_meant_by_a_typo_is_marked():
    create_entry(EntryDraft(title="Vertskap for nye", body="Eit godt vertskap."), actor=ALICE.cli())
    assert "<mark>vertskap</mark>" in highlight("Eit godt vertskap.", "vertsskap")


def test_snippet_is_short_centred_on_the_match_and_escaped():
    text = "Innleiing. " * 40 + "Her står <det> om småbruk til sals. " + "Avslutning. " * 40
    html = snippet(text, "småbruk", length=120)
    assert "<mark>småbruk</mark>" in html
    assert "&lt;det&gt;" in html
    assert html.startswith("…") and html.endswith("…")
    assert len(html) < 220


def test_snippet_of_short_text_is_the_whole_text():
    assert snippet("Kort tekst om bustad", "bustad") == "Kort tekst om <mark>bustad</mark>"


def test_stopwords_are_not_marked():
    assert "<mark>" not in highlight("og i på for", "og for")


def test_the_snippet_is_cut_around_the_densest_cluster_of_matches():
    filler = "Ein lang tekst om anna arbeid i bygda. " * 20
    text = f"Vertskap her. {filler}Vertskap, vertskap og vertskap for nye. {filler}Slutt."
    cut = snippet(text, "vertskap", length=120)
    assert cut.count("<mark>") == 3 and "her." not in cut  # the three together, not the one alone


def test_a_page_with_tens_of_thousands_of_matches_still_gets_its_snippet():
    # One imported page repeating a common word must not hold a worker: finding the densest window is one
    # pass over the matches (it was a comparison of every match with every other: 10^9 steps here).
    text = "bustad " * 40_000
    cut = snippet(text, "bustad", length=200, terms={"bustad"})
    assert cut.startswith("<mark>bustad</mark>") and cut.endswith("…")
