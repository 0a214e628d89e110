"""Places through the reforms: former numbers and names in filters, the counting rule for split counties,
SSB's economic regions as a facet, and the shipped official data agreeing with its sources."""

from __future__ import annotations

import csv

import pytest
from django.utils import translation

from tests.shared import shared_dir
from tiltak.catalog.actor import Actor
from tiltak.catalog.draft import DraftPlace, EntryDraft
from tiltak.catalog.models import Entry
from tiltak.catalog.services import create_entry
from tiltak.errors import InvalidInput
from tiltak.places import official
from tiltak.presenter.search import search_page
from tiltak.search.query import filtered_entries, parse_query

DATA = shared_dir() / "data"


def an_entry(title: str, *places: tuple[str, str, str]) -> Entry:
    draft = EntryDraft(
        title=title, lead="Eit tiltak for nye innbyggjarar.", language="nn", status="published"
    )
    draft.places = [DraftPlace(name=name, kind=kind, code=code) for name, kind, code in places]
    return create_entry(draft, actor=Actor.cli("places-tests"))


def found(**params) -> list[str]:
    """Titles the search page shows and the titles an export of the same search holds (they must agree)."""
    page = search_page(parse_query(params))
    on_page = sorted(hit.entry.title for hit in page.hits)
    exported = sorted(filtered_entries(parse_query(params)).values_list("title", flat=True))
    assert on_page == exported
    return on_page


def county_counts(**params) -> dict[str, int]:
    page = search_page(parse_query(params))
    return {v.value: v.count for v in page.facet_map["county"].values}


# --- former numbers and names, read as today's -----------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "today"),
    [
        ("county", "08", ("40",)),  # Telemark before 2020
        ("county", "Hordaland", ("46",)),
        ("county", "05", ("32", "34")),  # Oppland: Jevnaker and Lunner lie in Akershus today
        ("county", "Troms og Finnmark", ("55", "56")),
        ("municipality", "1931", ("5530",)),  # Lenvik is part of Senja
        ("municipality", "Hornindal", ("1577",)),  # merged into Volda
        ("municipality", "0720", ("3905", "3907")),  # Stokke was split
        ("municipality", "Guovdageaidnu", ("5612",)),  # the official Sami name of Kautokeino
    ],
)
def test_a_former_number_or_name_is_read_as_todays(db, key, value, today):
    query = parse_query({key: value}, strict=True)
    assert query.filters[key] == today


def test_a_former_number_comes_with_a_note_saying_how_it_was_read(db):
    with translation.override("en"):
        query = parse_query({"county": "08"}, strict=True)
    assert query.notes == ("Telemark (08) no longer exists; read as today's Telemark (40).",)
    assert parse_query({"county": "40"}).notes == ()


def test_an_unknown_number_is_refused_naming_it(db):
    with pytest.raises(InvalidInput, match="'77' is not a valid value for county"):
        parse_query({"county": "77"}, strict=True)


@pytest.mark.django_db
def test_filtering_on_a_former_county_finds_what_todays_finds(client):
    an_entry("Bu i Fyresdal", ("Fyresdal", "municipality", "4032"))
    an_entry("Flytt til Bergen", ("Bergen", "municipality", "4601"))
    assert found(county="08") == found(county="40") == ["Bu i Fyresdal"]
    page = client.get("/sok/", {"county": "08"})
    assert "Telemark (08) finnes ikke lenger; lest som dagens Telemark (40)." in page.content.decode()
    api = client.get("/api/v1/search", {"county": "08"}).json()
    assert [hit["title"] for hit in api["hits"]] == ["Bu i Fyresdal"]


# --- the counting rule --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_split_county_counts_only_where_the_entrys_municipality_lies():
    an_entry("Tromsø-tiltak", ("Troms og Finnmark", "county", "54"), ("Tromsø", "municipality", "5501"))
    counts = county_counts()
    assert counts == {"55": 1}
    assert found(county="56") == []
    assert found(county="55") == ["Tromsø-tiltak"]


@pytest.mark.django_db
def test_a_split_county_alone_counts_in_each_successor():
    an_entry("Heile landsdelen", ("Troms og Finnmark", "county", "54"))
    assert county_counts() == {"55": 1, "56": 1}
    assert found(county="56") == found(county="55") == ["Heile landsdelen"]


# --- economic regions ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_region_facet_counts_entries_in_its_municipalities_and_filters_on_them(client):
    an_entry("Bu i Vinje", ("Vinje", "municipality", "4036"))
    an_entry("Bu i Skien", ("Skien", "municipality", "4003"))
    page = search_page(parse_query({}))
    regions = {v.value: (str(v.label), v.count) for v in page.facet_map["region"].values}
    assert regions["40005"][0] == "Vest-Telemark"
    assert regions["40001"] == ("Porsgrunn/Skien", 1)
    assert "Bu i Skien" not in found(region="40005")
    assert "Bu i Vinje" in found(region="40005")
    api = client.get("/api/v1/search", {"region": "40005"}).json()
    assert "Bu i Vinje" in [hit["title"] for hit in api["hits"]]
    assert client.get("/api/v1/search", {"region": "4000"}).status_code == 400


# --- the shipped data agrees with its sources ------------------------------------------------------------


def _rows(name: str) -> list[dict[str, str]]:
    path = DATA / name
    if not path.is_file():
        pytest.fail(f"The official data is missing: expected {path} (set TILTAK_SHARED_DIR)")
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_shipped_municipalities_counties_and_regions_agree_with_the_sources():
    data = official.data()
    municipalities = _rows("places/municipalities-2024.csv")
    assert {r["number"]: (r["name"], r["county_number"]) for r in municipalities} == {
        n: (m["name"], m["county"]) for n, m in data.municipalities.items()
    }
    counties = _rows("places/counties.csv")
    assert {r["number"] for r in counties if not r["valid_to"]} == set(data.counties)
    assert {r["number"] for r in counties if r["valid_to"]} - set(data.counties) == set(data.former_counties)
    regions = _rows("places/economic-regions-2024.csv")
    assert {r["region_code"]: r["member_numbers"].split("|") for r in regions} == {
        c: r["members"] for c, r in data.regions.items()
    }
    changes = _rows("places/municipality-changes.csv")
    for change in changes:  # every former number leads to today's municipalities
        assert official.todays_municipalities(change["old_number"]), change
    assert len(data.population) == 357 and data.population["4036"]["2024"] > 3000


# --- places like mine -----------------------------------------------------------------------------------


def test_places_like_vinje_are_its_region_its_neighbours_and_places_of_its_size():
    like = official.places_like("4036")
    names = {reason: {official.municipality_name(n) for n in numbers} for reason, numbers in like.items()}
    assert names["region"] == {"Seljord", "Kviteseid", "Nissedal", "Fyresdal", "Tokke"}  # Vest-Telemark
    assert {"Tinn", "Bykle", "Suldal"} <= names["neighbours"]  # borders that touch
    assert len(names["population"]) == official.SIMILAR_BY_POPULATION
    sizes = [official.data().population[n]["2026"] for n in like["population"]]
    assert all(2000 < size < 8000 for size in sizes)  # Vinje has about 3,800 people


@pytest.mark.django_db
def test_like_a_municipality_finds_entries_in_places_like_it_and_shows_the_filter(client):
    an_entry("Bu i Fyresdal", ("Fyresdal", "municipality", "4032"))
    an_entry("Bu i Bykle", ("Bykle", "municipality", "4222"))
    an_entry("Bu i Oslo", ("Oslo", "municipality", "0301"))
    assert found(like="4036") == ["Bu i Bykle", "Bu i Fyresdal"]
    assert found(like="Vinje") == found(like="4036")
    page = client.get("/sok/", {"like": "Vinje"}).content.decode()
    assert "Bu i Fyresdal" in page and "Bu i Oslo" not in page
    assert 'name="like" value="4036"' in page  # the chosen filter, shown and removable


@pytest.mark.django_db
def test_the_api_takes_like_too(client):
    an_entry("Bu i Fyresdal", ("Fyresdal", "municipality", "4032"))
    an_entry("Bu i Oslo", ("Oslo", "municipality", "0301"))
    data = client.get("/api/v1/search", {"like": "4036"}).json()
    assert [hit["title"] for hit in data["hits"]] == ["Bu i Fyresdal"]


# --- the map --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_statistics_page_maps_counties_shaded_by_count_each_linking_to_its_search(client):
    an_entry("Bu i Fyresdal", ("Fyresdal", "municipality", "4032"))
    page = client.get("/statistikk/").content.decode()
    assert '<svg class="place-map"' in page and "© Kartverket" in page
    assert "<title>Telemark: 1</title>" in page and "<title>Finnmark: 0</title>" in page
    assert 'href="/sok/?county=40"' in page
    assert page.count("<path ") >= 15
