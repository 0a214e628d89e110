"""The shared query code: parsing the URL state, filters, disjunctive facet counts, freshness."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from tests.builder import entry, item, web_catalog
from tests.cast import ALICE
from tiltak.catalog.services import archive_entry
from tiltak.errors import InvalidInput
from tiltak.presenter.search import search_page
from tiltak.search.query import filtered_entries, parse_query


@given(
    st.dictionaries(
        st.sampled_from(["q", "activities", "county", "decade", "page", "sort", "show", "x"]),
        st.lists(st.text(max_size=40), max_size=4),
    )
)
def test_any_parameters_parse_to_a_valid_state_or_a_clear_error(params):
    query = parse_query(params)
    assert 1 <= query.page <= 500
    assert query.sort in ("", "relevance", "newest", "title")
    assert parse_query(QueryDict(query.query_string())) == query  # the URL round-trips
    try:
        parse_query(params, strict=True)
    except InvalidInput as error:
        assert str(error)


def test_strict_parsing_names_the_bad_value():
    with pytest.raises(InvalidInput, match="'xx' is not a valid value for county"):
        parse_query({"county": "xx"}, strict=True)


@pytest.mark.django_db
def test_counts_in_a_ticked_facet_stay_those_of_the_other_filters():
    web_catalog()
    one = search_page(parse_query({"activities": "host_scheme"}))
    two = search_page(parse_query({"activities": ["host_scheme", "fairs"]}))
    counts = {v.value: v.count for v in one.facet_map["activities"].values}
    assert counts == {v.value: v.count for v in two.facet_map["activities"].values}
    assert counts["fairs"] == 2 and one.total == 2 and two.total == 4
    # Other facets count over the filtered entries.
    assert {v.value: v.count for v in two.facet_map["status"].values} == {"published": 3, "archived": 1}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"county": "40"},
        {"activities": ["host_scheme", "fairs"], "language": "nb"},
        {"decade": "2010"},
        {"municipality": "4034"},
        {"q": "nettportal", "target_groups": "young_adults"},
        {"status": "archived"},
    ],
)
def test_in_memory_counts_agree_with_the_sql_filters_used_by_exports(params):
    web_catalog()
    query = parse_query(params)
    result = search_page(query, page_size=100)
    sql = set(filtered_entries(query).values_list("slug", flat=True))
    assert {h.entry.slug for h in result.hits} == sql
    assert result.total == len(sql)


@pytest.mark.django_db
def test_changes_to_the_catalog_show_at_once():
    entries = web_catalog()
    assert search_page(parse_query({"status": "archived"})).total == 1
    archive_entry(entries["tynset"], actor=ALICE.cli())
    assert search_page(parse_query({"status": "archived"})).total == 2
    entry("Ny portal", activities=[item("Nettportal", "web_portal")])
    facet = search_page(parse_query({})).facet_map["activities"]
    assert {v.value: v.count for v in facet.values}["web_portal"] == 3


@pytest.mark.django_db
def test_zero_results_list_removals_with_their_hit_counts():
    web_catalog()
    result = search_page(parse_query({"q": "nettportal", "county": "40"}))
    assert result.total == 0
    assert [(s.key, s.count_without) for s in result.suggestions] == [("q", 3), ("county", 2)]
