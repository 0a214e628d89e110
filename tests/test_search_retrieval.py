"""Big result sets: the hit count is exact, the order stays sensible past the precisely scored entries,
and statistics and exports see the same entries as the search page. Runs on SQLite and PostgreSQL.

The limits are lowered here (a handful of entries instead of 100 scored, 5,000 ids passed as a list) so
that small catalogs exercise the paths large catalogs take.
"""

from __future__ import annotations

import pytest

from tests.builder import entry
from tiltak.presenter.search import search_page
from tiltak.search import query as search_query
from tiltak.search import retrieval
from tiltak.search.index import match
from tiltak.search.query import filtered_entries, parse_query

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_about_housing():
    """Eight entries on housing: two name it in the title, two in the lead, four only in the text (made in
    the opposite order, so that ordering by id would put the text-only ones first)."""
    body = [entry(f"Flytt hit {i}", body=f"Mange ting, blant annet bolig nummer {i}.") for i in range(4)]
    lead = [entry(f"Velkomen hit {i}", lead="Ledige boliger i sentrum.", body="Tilbud.") for i in range(2)]
    title = [entry(f"Bustad for tilflyttarar {i}", body="Vi hjelper nye innbyggjarar.") for i in range(2)]
    entry("Kulturkveld", body="Konsert og teater.")
    return title, lead, body


def test_the_hit_count_is_exact_when_few_entries_are_scored(monkeypatch, many_about_housing):
    monkeypatch.setattr(retrieval, "RESCORED", 3)
    result = search_page(parse_query({"q": "bolig"}))
    assert result.total == 8
    assert sum(1 for _ in match("bolig")) == 8


def test_entries_past_the_scored_ones_follow_by_where_the_word_is(monkeypatch, many_about_housing):
    title, lead, body = many_about_housing
    monkeypatch.setattr(retrieval, "RESCORED", 3)
    ranked = match("bolig")
    order = [pk for pk, _score in ranked]
    position = {pk: order.index(pk) for pk in order}
    assert max(position[e.pk] for e in title) < min(position[e.pk] for e in body)
    assert max(position[e.pk] for e in lead) < min(position[e.pk] for e in body)
    scores = [score for _pk, score in ranked]
    assert scores == sorted(scores, reverse=True)  # never rising down the list


def test_pages_of_a_big_result_set_neither_repeat_nor_skip(monkeypatch, many_about_housing):
    monkeypatch.setattr(retrieval, "RESCORED", 3)
    seen = []
    for page in (1, 2, 3):
        result = search_page(parse_query({"q": "bolig", "page": str(page)}), page_size=3)
        seen += [hit.entry.pk for hit in result.hits]
    assert len(seen) == len(set(seen)) == 8
    assert seen == [pk for pk, _score in match("bolig")]


@pytest.mark.parametrize("limit", [1000, 2])
def test_statistics_and_exports_count_what_the_search_page_counts(monkeypatch, many_about_housing, limit):
    """Passed as an id list or (past the limit) as the store's own query, the same entries come back."""
    monkeypatch.setattr(search_query, "ID_LIST_LIMIT", limit)
    for q in ("bolig", "bustad tilflyttarar", "bolig konsert teater"):
        page = search_page(parse_query({"q": q}), page_size=50)
        exported = set(filtered_entries(parse_query({"q": q})).values_list("pk", flat=True))
        assert exported == {hit.entry.pk for hit in page.hits}, q
        assert len(exported) == page.total


def test_a_long_pasted_text_is_searched_by_its_first_words(many_about_housing):
    title, _lead, _body = many_about_housing
    words = "bustad tilflyttarar " + " ".join(f"ord{i}" for i in range(20))
    found = [pk for pk, _score in match(words)]
    assert set(found[:2]) == {e.pk for e in title}
