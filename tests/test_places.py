"""The places model: the shipped data, the loader, place recognition in texts, and today's counties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.shared import corpus, seed_path
from tiltak.places.loader import load_places
from tiltak.places.models import Place
from tiltak.places.recognizer import PlaceRecognizer, current_counties_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def recognizer() -> PlaceRecognizer:
    return PlaceRecognizer.from_database()


def names(places) -> list[tuple[str, str]]:
    return [(p.name, p.kind) for p in places]


def county(code: str) -> Place:
    return Place.objects.get(kind="county", code=code)


# --- the loader ---------------------------------------------------------------------------------------


def test_migrated_database_holds_todays_357_municipalities_and_15_counties():
    assert Place.objects.filter(kind="municipality", valid_until=None).count() == 357
    assert Place.objects.filter(kind="county", valid_until=None).count() == 15


@pytest.mark.parametrize(
    ("code", "expected"),
    [("46", 43), ("34", 46), ("18", 41), ("50", 38), ("55", 21), ("56", 18), ("40", 17), ("03", 1)],
)
def test_each_current_county_has_its_number_of_municipalities(code, expected):
    assert county(code).children.filter(kind="municipality", valid_until=None).count() == expected


def test_loading_again_changes_nothing():
    before = (
        Place.objects.count(),
        Place.successors.through.objects.count(),
        Place.members.through.objects.count(),
    )
    assert load_places() == {"created": 0, "updated": 0}
    after = (
        Place.objects.count(),
        Place.successors.through.objects.count(),
        Place.members.through.objects.count(),
    )
    assert after == before


def test_loading_repairs_edited_rows_and_links_but_keeps_unknown_places():
    telemark_old = county("08")
    telemark_old.successors.clear()
    Place.objects.filter(kind="municipality", code="4034").update(valid_until=1999, parent=None)
    added = Place.objects.create(kind="region", name="Ytre Fjordland")

    result = load_places()

    assert result["created"] == 0 and result["updated"] == 1
    assert [s.code for s in telemark_old.successors.all()] == ["38"]
    tokke = Place.objects.get(kind="municipality", code="4034")
    assert tokke.valid_until is None and tokke.parent == county("40")
    assert Place.objects.filter(pk=added.pk).exists()


def test_deleted_places_come_back_on_load():
    Place.objects.filter(kind="village", name="Lårdal").delete()
    assert load_places()["created"] == 1
    assert Place.objects.get(kind="village", name="Lårdal").parent.name == "Tokke"


def test_county_reforms_are_linked_by_successors():
    assert [s.code for s in county("08").successors.all()] == ["38"]
    assert sorted(s.code for s in county("38").successors.all()) == ["39", "40"]
    assert [s.name for s in county("12").successors.all()] == ["Vestland"]
    assert sorted(s.code for s in county("30").successors.all()) == ["31", "32", "33"]


def test_former_municipality_points_to_its_merged_successor():
    lenvik = Place.objects.get(kind="municipality", name="Lenvik")
    assert lenvik.valid_until == 2019 and not lenvik.is_current
    assert [s.name for s in lenvik.successors.all()] == ["Senja"]


# --- today's counties -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "name", "code", "expected"),
    [
        ("county", "Telemark", "08", ["Telemark 40"]),
        ("county", "Hordaland", "12", ["Vestland 46"]),
        ("county", "Troms", "19", ["Troms 55"]),
        ("county", "Vestfold og Telemark", "38", ["Vestfold 39", "Telemark 40"]),
        ("county", "Viken", "30", ["Østfold 31", "Akershus 32", "Buskerud 33"]),
        ("county", "Sør-Trøndelag", "16", ["Trøndelag 50"]),
        ("county", "Rogaland", "11", ["Rogaland 11"]),
        ("municipality", "Tokke", "4034", ["Telemark 40"]),
        ("municipality", "Lenvik", "1931", ["Troms 55"]),
        ("municipality", "Leksvik", "1718", ["Trøndelag 50"]),
        ("municipality", "Oslo", "0301", ["Oslo 03"]),
        ("village", "Lårdal", "", ["Telemark 40"]),
        ("region", "Fjellregionen", "", ["Innlandet 34", "Trøndelag 50"]),
        ("region", "Havlandet", "", ["Troms 55"]),
    ],
)
def test_current_counties_for_a_place_of_any_era(kind, name, code, expected):
    place = Place.objects.get(kind=kind, name=name, code=code)
    assert [f"{c.name} {c.code}" for c in current_counties_for(place)] == expected


# --- recognition on the seeds and the corpus ------------------------------------------------------------


def test_seed_000_names_the_region_and_todays_telemark(recognizer):
    places = recognizer.recognize(seed_path(0).read_text(encoding="utf-8"))
    assert names(places) == [("Vest-Telemark", "region"), ("Telemark", "county")]
    assert places[1].code == "40"  # the page gives no year: today's county


def test_seed_001_names_tokke_its_villages_and_the_region(recognizer):
    places = recognizer.recognize(seed_path(1).read_text(encoding="utf-8"))
    assert names(places)[:3] == [("Tokke", "municipality"), ("Lårdal", "village"), ("Dalen", "village")]
    assert ("Vest-Telemark", "region") in names(places)
    assert places[0].code == "4034"
    telemark = next(p for p in places if p.name == "Telemark")
    assert telemark.code == "08"  # the page is dated 2012-2014: the county of that time


def test_seed_002_names_havlandet_and_troms(recognizer):
    places = recognizer.recognize(seed_path(2).read_text(encoding="utf-8"))
    assert names(places) == [("Havlandet", "region"), ("Troms", "county")]


def test_seed_003_names_hardanger_and_hordaland_county(recognizer):
    places = recognizer.recognize(seed_path(3).read_text(encoding="utf-8"))
    assert names(places) == [("Hardanger", "region"), ("Hordaland", "county")]
    assert places[1].code == "12"


def test_seed_004_names_fjellregionen_and_its_seven_municipalities_once(recognizer):
    places = recognizer.recognize(seed_path(4).read_text(encoding="utf-8"))
    assert places[0].name == "Fjellregionen" and places[0].kind == "region"
    municipalities = {(p.name, p.code) for p in places if p.kind == "municipality"}
    assert municipalities == {
        ("Røros", "5025"), ("Tynset", "3427"), ("Alvdal", "3428"), ("Rendalen", "3424"),
        ("Folldal", "3429"), ("Os", "3430"), ("Tolga", "3426"),
    }  # fmt: skip
    assert len(places) == 8  # "Nord-Østerdalen" is Fjellregionen again, not another place


def recognize_corpus(recognizer, name: str) -> list[tuple[str, str]]:
    return [(p.name, p.code) for p in recognizer.recognize((corpus() / name).read_text(encoding="utf-8"))]


def test_former_municipalities_of_midt_troms_are_recognized(recognizer):
    found = recognize_corpus(recognizer, "regionalt-vertskap-midt-troms.txt")
    for expected in [
        ("Midt-Troms", ""),
        ("Lenvik", "1931"),
        ("Berg", "1929"),
        ("Torsken", "1928"),
        ("Bardu", "5520"),
    ]:
        assert expected in found


def test_same_name_resolves_to_the_place_in_the_county_the_text_names(recognizer):
    assert ("Herøy", "1818") in recognize_corpus(
        recognizer, "heroy-kommune-der-innvandrere-trives-og-blir-boende.txt"
    )
    assert ("Herøy", "1515") not in recognize_corpus(
        recognizer, "heroy-kommune-der-innvandrere-trives-og-blir-boende.txt"
    )
    assert ("Bø", "1867") in recognize_corpus(recognizer, "levvesteralen.txt")
    lofoten = recognizer.recognize(
        (corpus() / "freske-forhold-for-freske-folk.txt").read_text(encoding="utf-8")
    )
    assert ("Sund", "village") in names(lofoten)
    assert ("Sund", "municipality") not in names(lofoten)


def test_every_corpus_file_is_recognized_without_error(recognizer, corpus_dir):
    for path in sorted(corpus_dir.glob("*.txt")):
        places = recognizer.recognize(path.read_text(encoding="utf-8"))
        assert len({(p.name, p.kind, p.code) for p in places}) == len(places), path.name


# --- recognition rules ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Nes er eit fint ord å starte med.",
        "Prosjektleiar Kari Berg og Ola Lund snakka om saka.",
        "Heim = ein stad å bu",
        "Vi kjøpte moss, lom og ei hole til hagen.",
        "Hardangerkommunane og Vest-Telemarkrådet samarbeider.",
        "Time for a change.",
        " • Sola skin",
    ],
)
def test_common_words_names_and_compounds_are_not_places(recognizer, text):
    assert recognizer.recognize(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vi flytta til Nes i fjor.", [("Nes", "municipality", "3228")]),
        ("Hole kommune har fått nye innbyggjarar.", [("Hole", "municipality", "3310")]),
        (
            "Kommunane Folldal, Os og Tolga",
            [
                ("Folldal", "municipality", "3429"),
                ("Os", "municipality", "3430"),
                ("Tolga", "municipality", "3426"),
            ],
        ),
        ("Regionrådet for Vest- Telemark", [("Vest-Telemark", "region", "")]),
        ("Vest-Telemarks attraksjonskraft", [("Vest-Telemark", "region", "")]),
        ("Oslo kommune", [("Oslo", "municipality", "0301")]),
        ("Oslo fylke", [("Oslo", "county", "03")]),
        ("Hordaland fylkeskommune", [("Hordaland", "county", "12")]),
        ("Troms og Finnmark fylkeskommune", [("Troms og Finnmark", "county", "54")]),
        ("Aust- Agder Fylkeskommune", [("Aust-Agder", "county", "09")]),
        ("Herøy i Nordland", [("Herøy", "municipality", "1818"), ("Nordland", "county", "18")]),
        ("Tokke og Tokke kommune, og i Tokke", [("Tokke", "municipality", "4034")]),
        ("Fylkesmannen i Telemark i 2005", [("Telemark", "county", "08")]),
        ("Fylkesmannen i Telemark", [("Telemark", "county", "40")]),
        ("Guovdageaidnu", [("Kautokeino", "municipality", "5612")]),
    ],
)
def test_places_are_recognized_with_cues_suffixes_and_inflections(recognizer, text, expected):
    assert [(p.name, p.kind, p.code) for p in recognizer.recognize(text)] == expected


def test_places_come_in_order_of_first_mention_with_the_words_used(recognizer):
    places = recognizer.recognize("Frå Tynset kommune til Vinje og Tynset att.")
    assert [(p.name, p.mention) for p in places] == [("Tynset", "Tynset kommune"), ("Vinje", "Vinje")]


def test_a_given_year_chooses_the_county_of_that_time(recognizer):
    assert recognizer.recognize("Troms fylkeskommune", year=2010)[0].code == "19"
    assert recognizer.recognize("Troms fylkeskommune", year=2025)[0].code == "55"


def test_two_current_municipalities_with_one_name_and_no_hint_are_both_returned(recognizer):
    assert sorted(p.code for p in recognizer.recognize("Herøy kommune")) == ["1515", "1818"]


@given(st.text(max_size=300))
def test_any_text_is_recognized_without_error(recognizer, text):
    places = recognizer.recognize(text)
    assert all(p.kind in Place.Kind.values and p.name for p in places)
    assert len({(p.name, p.kind, p.code) for p in places}) == len(places)


@given(
    st.lists(
        st.sampled_from(["Tokke", "Nes", "i", "og", ",", "kommune", "Telemark", "Os", "fylke", "\n", "Vest-"])
    )
)
def test_any_mix_of_place_words_is_recognized_without_error(recognizer, words):
    for p in recognizer.recognize(" ".join(words)):
        assert p.kind in Place.Kind.values
