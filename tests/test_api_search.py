"""/api/v1/search: the same filters as the search page, hits, facet counts, paging and clear 400s."""

from __future__ import annotations

import pytest

from tests.builder import HOSTILE
from tests.cast import ALICE

pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get("/api/v1/search", params)
    assert response["Access-Control-Allow-Origin"] == "*"
    return response


def titles(data) -> list[str]:
    return [hit["title"] for hit in data["hits"]]


def test_search_without_filters_lists_public_entries_but_never_drafts(client, api_catalog):
    data = search(client).json()
    assert data["total"] == 3
    assert "Hemmeleg utkast" not in titles(data)
    assert data["sort"] == "title"


def test_values_of_one_facet_combine_with_or_and_facets_with_and(client, api_catalog):
    both = search(client, activities=["api_host", "api_trial_home"]).json()
    assert both["total"] == 3
    narrowed = search(client, activities=["api_host", "api_trial_home"], target_groups="api_families").json()
    assert titles(narrowed) == ["Flytt til fjellet"]


def test_facet_counts_come_with_labels_in_the_requested_language(client, api_catalog):
    for lang, label in (("nb", "Prøvebolig"), ("nn", "Prøvebustad"), ("en", "Trial home")):
        facets = search(client, lang=lang).json()["facets"]
        values = {v["value"]: v for v in facets["activities"]["values"]}
        assert values["api_trial_home"]["label"] == label
        assert values["api_trial_home"]["count"] == 2
        assert values["api_host"]["count"] == 2  # the draft is not counted


def test_facet_counts_update_with_the_filters_and_mark_the_chosen_value(client, api_catalog):
    facets = search(client, target_groups="api_young").json()["facets"]
    activities = {v["value"]: v["count"] for v in facets["activities"]["values"]}
    assert activities == {"api_host": 1}
    young = [v for v in facets["target_groups"]["values"] if v["value"] == "api_young"][0]
    assert young["selected"] is True


def test_county_filter_finds_entries_naming_an_earlier_county_or_a_municipality_in_it(client, api_catalog):
    data = search(client, county="40").json()
    assert sorted(titles(data)) == ["Flytt til fjellet", "Gammalt prosjekt"]


def test_full_text_query_finds_either_written_form(client, api_catalog):
    data = search(client, q="prøvebustad").json()
    assert "Flytt til fjellet" in titles(data)
    assert data["sort"] == "relevance"
    assert all("<" not in hit["snippet"] for hit in data["hits"])


def test_paging_gives_links_to_the_neighbouring_pages(client, api_catalog):
    first = search(client, page_size=2, activities=["api_host", "api_trial_home"]).json()
    assert (first["page"], first["pages"], len(first["hits"])) == (1, 2, 2)
    assert first["links"]["prev"] is None
    assert "page=2" in first["links"]["next"] and "activities=api_host" in first["links"]["next"]
    second = client.get(first["links"]["next"]).json()
    assert len(second["hits"]) == 1 and second["links"]["next"] is None
    assert set(titles(first)).isdisjoint(titles(second))


def test_hostile_text_comes_back_as_the_same_json_string(client, api_catalog):
    response = search(client, activities="api_host", target_groups="api_young")
    assert response["Content-Type"] == "application/json"
    hit = response.json()["hits"][0]
    assert hit["title"] == HOSTILE.strip() and hit["lead"] == HOSTILE
    assert b'"title": "<script>alert(\\"x\\")' in response.content  # JSON is not HTML-escaped
    assert hit["snippet"].startswith('<script>alert("x")')  # plain text, as written
    assert "<script>" not in hit["snippet_html"]  # the HTML form is escaped


@pytest.mark.parametrize(
    ("params", "parameter", "words"),
    [
        ({"activities": "no_such_code"}, "activities", "Unknown concept code 'no_such_code'"),
        ({"activities": "<b>"}, "activities", "is not a concept code"),
        ({"page": "0"}, "page", "between 1 and 500"),
        ({"page": "abc"}, "page", "whole number"),
        ({"page": "9"}, "page", "past the last page"),
        ({"page_size": "101"}, "page_size", "between 1 and 100"),
        ({"sort": "random"}, "sort", "Unknown sort 'random'"),
        ({"lang": "de"}, "lang", "Unknown language 'de'"),
        ({"county": "99"}, "county", "No county of any era has the number '99'"),
        ({"region": "99999"}, "region", "No economic region has the number '99999'"),
        ({"municipality": "12"}, "municipality", "4-digit"),
        ({"decade": "2005"}, "decade", "ending in 0"),
        ({"language": "sv"}, "language", "Unknown language 'sv'"),
        ({"status": "draft"}, "status", "Unknown status 'draft'"),
        ({"activity": "api_host"}, "activity", "Unknown parameter 'activity'"),
        ({"q": "x" * 301}, "q", "at most 300"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(client, api_catalog, params, parameter, words):
    response = search(client, **params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["parameter"] == parameter
    assert words in error["message"]


def test_an_unchanged_result_revalidates_with_304(client, api_catalog):
    first = search(client, activities="api_host")
    assert first["ETag"] and first["Last-Modified"]
    again = client.get("/api/v1/search", {"activities": "api_host"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    other = client.get("/api/v1/search", {"activities": "api_trial_home"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert other.status_code == 200


def test_a_changed_catalog_gives_a_new_etag(client, api_catalog):
    from tiltak.catalog.services import archive_entry

    before = search(client)["ETag"]
    archive_entry(api_catalog.fjellet, actor=ALICE.cli())
    assert search(client)["ETag"] != before
