"""Where an entry lies, in today's numbers: the export's, the API's and the entry page's ``location``,
by the same counting rule as the county and municipality filters."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client

from tests.builder import DraftPlace, entry
from tests.cast import ALICE
from tiltak.catalog.export import write_export
from tiltak.catalog.models import Entry
from tiltak.catalog.services import delete_entry
from tiltak.presenter.search import search_page
from tiltak.search.query import filtered_entries, parse_query

pytestmark = pytest.mark.django_db


def located(*places: DraftPlace) -> dict:
    made = entry("Bu her", places=list(places))
    return Client().get(f"/api/v1/entries/{made.slug}").json()["location"]


def codes(location: dict) -> tuple[list[str], list[str]]:
    return [m["code"] for m in location["municipalities"]], [c["code"] for c in location["counties"]]


def test_a_village_lies_in_its_municipality_and_county():
    location = located(DraftPlace("Vrådal", "village"))
    assert location["municipalities"] == [{"code": "4028", "name": "Kviteseid"}]
    assert location["counties"] == [{"code": "40", "name": "Telemark"}]


def test_a_former_municipality_lies_in_its_successor_today():
    assert codes(located(DraftPlace("Lenvik", "municipality", "1931"))) == (["5530"], ["55"])


def test_a_region_lies_in_its_members_and_is_named():
    location = located(DraftPlace("Vest-Telemark", "region"))
    municipalities, counties = codes(location)
    assert {"4036", "4034", "4032"} <= set(municipalities) and counties == ["40"]
    assert location["region"] == "Vest-Telemark"


def test_two_municipalities_of_one_economic_region_name_it_and_one_alone_does_not():
    pair = located(DraftPlace("Vinje", "municipality", "4036"), DraftPlace("Tokke", "municipality", "4034"))
    assert pair["region"] == "Vest-Telemark"
    assert located(DraftPlace("Vinje", "municipality", "4036"))["region"] is None


def test_a_split_era_county_counts_in_each_successor_only_when_nothing_more_exact_is_named():
    assert codes(located(DraftPlace("Troms og Finnmark", "county", "54"))) == ([], ["55", "56"])
    with_town = located(
        DraftPlace("Troms og Finnmark", "county", "54"), DraftPlace("Tromsø", "municipality", "5501")
    )
    assert codes(with_town) == (["5501"], ["55"])  # not Finnmark: none of its municipalities is named


def test_an_old_county_name_is_read_as_todays_county():
    assert codes(located(DraftPlace("Telemark", "county", "08"))) == ([], ["40"])


def test_the_export_carries_the_location_in_json_and_as_todays_columns_in_csv():
    entry("Bu i Lenvik", places=[DraftPlace("Lenvik", "municipality", "1931")])
    buffer = io.BytesIO()
    write_export(Entry.objects.all(), "json", buffer)
    exported = json.loads(buffer.getvalue())["entries"][0]
    assert exported["location"]["municipalities"] == [{"code": "5530", "name": "Senja"}]
    assert exported["places"][0]["name"] == "Lenvik"  # the place as named stays beside it
    buffer = io.BytesIO()
    write_export(Entry.objects.all(), "csv", buffer)
    (row,) = csv.DictReader(io.StringIO(buffer.getvalue().decode("utf-8-sig")))
    assert (row["municipalities"], row["location_municipalities"]) == ("Lenvik (1931)", "Senja (5530)")
    assert row["location_counties"] == "Troms (55)"


def test_the_entry_page_says_where_it_lies_with_links_to_the_search(client):
    made = entry("Bu i Vrådal", places=[DraftPlace("Vrådal", "village")])
    client.get("/sprak/nn/")
    page = client.get(f"/tiltak/{made.slug}/").content.decode()
    assert "Ligg i" in page
    assert 'href="/sok/?municipality=4028">Kviteseid</a>' in page
    assert 'href="/sok/?county=40">Telemark</a>' in page


def found(**params) -> list[str]:
    """Titles the search page shows, checked against an export of the same search (they must agree)."""
    page = search_page(parse_query(params))
    exported = sorted(filtered_entries(parse_query(params)).values_list("title", flat=True))
    assert sorted(hit.entry.title for hit in page.hits) == exported
    return exported


def test_a_region_named_beside_one_of_its_members_is_context_and_the_member_is_the_location(client):
    holtalen = entry(
        "Bu i Holtålen",
        places=[DraftPlace("Fjellregionen", "region"), DraftPlace("Holtålen", "municipality", "5025")],
    )
    entry("Bu i Fjellregionen", places=[DraftPlace("Fjellregionen", "region")])
    location = client.get(f"/api/v1/entries/{holtalen.slug}").json()["location"]
    assert codes(location) == (["5025"], ["50"])
    assert found(municipality="3427") == ["Bu i Fjellregionen"]  # Tynset lies in the region, named alone
    assert found(municipality="5025") == ["Bu i Fjellregionen", "Bu i Holtålen"]
    assert found(county="34") == [
        "Bu i Fjellregionen"
    ]  # Innlandet: the Holtålen entry lies only in Trøndelag


@pytest.mark.parametrize(
    ("language", "words"),
    [("nb", "telles i hvert av dem"), ("nn", "vert talt i kvart av dei"), ("en", "counts in each of them")],
)
def test_the_statistics_page_lists_every_county_and_says_when_an_entry_counts_in_several(
    client, language, words
):
    both = entry(
        "Bu i Vinje og Bykle",
        places=[DraftPlace("Vinje", "municipality", "4036"), DraftPlace("Bykle", "municipality", "4222")],
    )
    entry("Bu i Vinje", places=[DraftPlace("Vinje", "municipality", "4036")])
    client.get(f"/sprak/{language}/")
    page = client.get("/statistikk/").content.decode()
    assert words in page and "3" in page.split(words)[1][:40]  # "… add up to 3 for 2 entries"
    assert 'href="/sok/?county=56">Finnmark</a></td><td>0</td>' in page  # a county without entries is listed
    delete_entry(both, actor=ALICE.cli())
    assert words not in client.get("/statistikk/").content.decode()  # each entry in one county: no note
