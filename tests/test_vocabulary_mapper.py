"""The mapper joins nb/nn forms, inflections and typos, splits merged bullets, marks repeats, gives named
organisations their kind, sets editorial notes aside and leaves genuinely new items unmapped."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.shared import corpus, seed_path, seeds
from tiltak.catalog.draft import LIST_NAMES
from tiltak.language.forms import normalize
from tiltak.vocabulary.mapper import Mapper, folded_key

pytestmark = pytest.mark.django_db

HEADINGS = {
    "activities": re.compile(r"^aktivitet(er|ar)$"),
    "selling_points": re.compile(r"^viktig(ste|aste|e) sal(g)?s?argument(er|ar)?$"),
    "partners": re.compile(r"^samarbeidspartn(ere|arar|er)$"),
    "target_groups": re.compile(r"^målgrupper?$"),
}


def list_items(path: Path) -> dict[str, list[str]]:
    """A rough reading of a page's four lists: the ' • ' bullets under a list heading."""
    lists: dict[str, list[str]] = defaultdict(list)
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        heading = [n for n, r in HEADINGS.items() if r.match(stripped.lower().rstrip(":"))]
        if heading:
            current = heading[0]
        elif stripped.startswith("•") and current:
            lists[current].append(stripped.lstrip("• ").strip())
        elif not line.startswith(" "):
            current = None
    return lists


@pytest.fixture
def mapper() -> Mapper:
    return Mapper.from_database()


def mapped(mapper: Mapper, number: int, list_name: str) -> list[tuple[str, str | None]]:
    return [(i.text, i.concept) for i in mapper.map_list(list_name, list_items(seed_path(number))[list_name])]


# Every list item of the seeds and the concept it must land on (None: stays for an editor).
EXPECTED = {
    0: {
        "activities": [
            "events_outside_municipality", "homecoming_events", "letters_to_potential_movers",
            "media_advertising", "own_website", "brochures", "housing_for_newcomers", "exhibitions_and_stands",
            "campaign_region_as_place_to_live", "cooperation_for_attractiveness",  # one bullet, two items
        ],
        "selling_points": ["quality_of_life", "good_place_to_grow_up", "good_public_services"],
        "partners": [
            "village_associations", "county_authority", "state_administrator", "regional_council", "business",
        ],
        "target_groups": [
            "voluntary_organisations", "families_with_children", "potential_returners", "movers_from_cities",
            "second_home_owners",
        ],
    },
    1: {
        "activities": [
            "events_outside_municipality", "homecoming_events", "letters_to_potential_movers",
            "media_advertising", "own_website", "exhibitions_and_stands", "cooperation_for_attractiveness",
            "host_scheme", "housing_for_newcomers", "integration_measures",
        ],
        "selling_points": ["quality_of_life", "rural_community_life", "jobs"],
        "partners": [
            "village_associations", "county_authority", "business", "voluntary_organisations", "regional_council",
        ],
        "target_groups": ["all_in_movers"],
    },
    2: {
        "partners": [
            "village_associations", "county_authority", "state_administrator", "business",
            "voluntary_organisations", "sami_parliament",
        ],
        "target_groups": [
            "all_in_movers", "skilled_labour", "women", "youth", "families_with_children", "potential_returners",
            "lifestyle_movers_from_abroad", "movers_from_cities", "entrepreneurs", None,  # Flyttere fra Nederland
        ],
        "activities": [
            "events_outside_municipality", "homecoming_events", "media_advertising", "own_website", "brochures",
            "exhibitions_and_stands", "exhibitions_and_stands", "campaign_region_as_place_to_live",
            "campaign_labour_and_jobs", "cooperation_for_attractiveness", "integration_measures",
        ],
        "selling_points": [
            "quality_of_life", "good_place_to_grow_up", "central_location", "rural_community_life",
            "good_public_services",
        ],
    },
    3: {
        "activities": [
            "events_outside_municipality", "media_advertising", "brochures", "housing_for_newcomers",
            "campaign_region_as_place_to_live", "cooperation_for_attractiveness", "host_scheme",
            "letters_to_potential_movers", "own_website",
        ],
        "selling_points": ["quality_of_life", "good_place_to_grow_up"],
        "partners": ["municipality", "county_authority", None],  # Placement: a firm, but nothing says so
        "target_groups": [
            "all_in_movers", "potential_returners", "families_with_children", "lifestyle_movers_from_abroad",
        ],
    },
}  # fmt: skip


@pytest.mark.parametrize(
    "number, list_name", [(n, name) for n, lists in EXPECTED.items() for name in lists], ids=str
)
def test_every_seed_list_item_maps_to_the_expected_concept(mapper, number, list_name):
    got = mapped(mapper, number, list_name)
    assert [code for _text, code in got] == EXPECTED[number][list_name], got


def test_seed_article_without_lists_has_nothing_to_map():
    assert not list_items(seed_path(4))


def test_nynorsk_and_bokmaal_variants_across_seeds_land_on_one_concept(mapper):
    def code(list_name, text):
        [item] = mapper.map_list(list_name, [text])
        return item.concept

    assert code("activities", "Eigen nettstad") == code("activities", "Eget nettsted") == "own_website"
    assert code("activities", "Eigne nettsider") == "own_website"
    housing = {
        code("activities", text)
        for text in (
            "Tilrettelagt boliger for tilflyttere",
            "Tilrettelagt bustadar for tilflyttarar",
            "Tilrettelegging av bustad for tilflyttande",
            "Tilrettelagt bustader for tilflyttere",
        )
    }
    assert housing == {"housing_for_newcomers"}
    assert code("target_groups", "Barnefamiliar") == code("target_groups", "Barnefamilier")
    assert code("selling_points", "Gode tenestetilbod") == code("selling_points", "Gode tjenestetilbud")


@pytest.mark.parametrize(
    "list_name, typo, concept",
    [
        ("activities", "Vertsskapsordning", "host_scheme"),
        ("selling_points", "Bydemiljø/sosialt miljø", "rural_community_life"),
        ("activities", "Anonsering i media", "media_advertising"),
        ("target_groups", "Barnefamiler", "families_with_children"),
        ("activities", "Brosyrer og lignende", "brochures"),
    ],
)
def test_typos_map_by_close_spelling(mapper, list_name, typo, concept):
    [item] = mapper.map_list(list_name, [typo])
    assert (item.concept, item.match, item.text) == (concept, "fuzzy", typo)


def test_a_word_slip_known_as_a_variant_maps_to_the_meant_concept(mapper):
    [item] = mapper.map_list("selling_points", ["Gode tjenestemiljø"])
    assert item.concept == "good_public_services"


def test_a_different_word_is_not_taken_for_a_typo(mapper):
    [item] = mapper.map_list("target_groups", ["Potensielle tilbakeflyttere"])
    assert item.concept == "potential_returners"  # not potential_in_movers, one letter group away
    [item] = mapper.map_list("activities", ["Vertskapsmiddag"])
    assert item.concept is None


def test_two_items_merged_into_one_bullet_become_two_items_sharing_the_bullet(mapper):
    bullet = list_items(seed_path(0))["activities"][-1]
    items = mapper.map_list("activities", [bullet])
    assert [i.concept for i in items] == [
        "campaign_region_as_place_to_live",
        "cooperation_for_attractiveness",
    ]
    assert all(i.bullet == bullet for i in items)
    assert " og ".join(i.text for i in items) == bullet


@pytest.mark.parametrize(
    "list_name, text",
    [
        ("activities", "Brosjyrer og lignende"),
        ("activities", "Samarbeid med næringsliv og/eller frivillige organisasjonar"),
        ("partners", "Grende- og bygdelag"),
        ("selling_points", "Fred og ro"),
        ("partners", "Landbruks- og matdepartementet"),
    ],
)
def test_a_real_item_containing_og_is_not_split(mapper, list_name, text):
    [item] = mapper.map_list(list_name, [text])
    assert item.concept is not None and item.text == text and item.bullet == ""


def test_an_item_typed_twice_is_kept_and_marked_as_a_repeat(mapper):
    items = mapper.map_list("activities", list_items(seed_path(2))["activities"])
    repeated = [i for i in items if i.text == "Deltatt på utstillinger/stand"]
    assert [i.repeat for i in repeated] == [False, True]
    assert sum(i.repeat for i in items) == 1


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Telemark Fylkeskommune", "county_authority"),
        ("Fylkesmannen i Troms", "state_administrator"),
        ("Statsforvaltaren i Vestland", "state_administrator"),
        ("Regionrådet for Vest-Telemark", "regional_council"),
        ("Askvoll kommune", "municipality"),
        ("Stongfjorden Vel", "village_associations"),
        ("Høgskulen i Volda", "education"),
        ("Landbruks- og matdepartementet", "ministry"),
    ],
)
def test_a_named_organisation_gets_its_kind_and_keeps_its_name(mapper, text, kind):
    [item] = mapper.map_list("partners", [text])
    assert (item.concept, item.match, item.organisation, item.text) == (kind, "organisation", text, text)


def test_a_kind_of_partner_is_not_an_organisation(mapper):
    [item] = mapper.map_list("partners", ["Næringslivet"])
    assert (item.concept, item.match, item.organisation) == ("business", "exact", "")


def test_a_named_firm_without_evidence_of_its_kind_stays_unmapped(mapper):
    [item] = mapper.map_list("partners", ["Placement"])
    assert (item.concept, item.match, item.text) == (None, "unmapped", "Placement")


def test_an_editorial_note_in_parentheses_is_set_aside(mapper):
    [item] = mapper.map_list("activities", ["Eigen nettstad (nede pr 08.08.2016 red. anm)"])
    assert (item.text, item.note, item.concept) == (
        "Eigen nettstad",
        "nede pr 08.08.2016 red. anm",
        "own_website",
    )


def test_a_parenthesis_that_is_content_stays_in_the_text(mapper):
    [item] = mapper.map_list("target_groups", ["Gjestearbeidere («EØS-flyktninger»)"])
    assert item.text == "Gjestearbeidere («EØS-flyktninger»)" and item.note == ""
    assert item.concept == "refugees_and_immigrants"


def test_a_made_up_item_stays_unmapped_and_verbatim(mapper):
    [item] = mapper.map_list("activities", ["Gratis båtplass til nye innbyggjarar!"])
    assert (item.text, item.concept, item.match, item.score) == (
        "Gratis båtplass til nye innbyggjarar!",
        None,
        "unmapped",
        0.0,
    )


def test_explain_says_how_and_on_what_it_matched(mapper):
    [e] = mapper.explain("activities", "Tilrettelegging av bustad for tilflyttande")
    assert (e.concept, e.method) == ("housing_for_newcomers", "exact")
    [e] = mapper.explain("activities", "Tilrettelagde bustader for tilflyttere")
    assert (e.concept, e.method) == ("housing_for_newcomers", "normalized") and e.matched
    [e] = mapper.explain("partners", "Partnerjobbformidling")
    assert e.concept is None and e.method == "unmapped" and e.candidates


def test_editor_variants_in_the_database_are_used():
    from tiltak.vocabulary.models import Concept, Variant

    Variant.objects.create(
        concept=Concept.objects.get(code="host_scheme"), text="Los for nye", origin="editor"
    )
    [item] = Mapper.from_database().map_list("activities", ["Los for nye"])
    assert (item.concept, item.match) == ("host_scheme", "exact")


ITEM_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["Eigen nettstad", "Grende- og bygdelag", "Placement", "Telemark fylkeskommune og Husbanken",
         "Livskvalitet (sjå red. anm)", "  ", "og", "(", ")", "Brosjyrer og lignende, Ungdom"]
    ),
)  # fmt: skip


@given(list_name=st.sampled_from(LIST_NAMES), texts=st.lists(ITEM_TEXT, max_size=8))
def test_any_list_maps_without_losing_an_item(mapper, list_name, texts):
    items = mapper.map_list(list_name, texts)
    for text in texts:
        if not text.strip():
            continue
        own = [i for i in items if i.bullet == text.strip()] or [
            i for i in items if not i.bullet and normalize(text) == normalize(f"{i.text} {i.note}")
        ]
        assert own, (text, items)
        kept = set(normalize(" ".join(f"{i.text} {i.note}" for i in own)).split())
        split_on = {"og", "samt"} if len(own) > 1 else set()
        assert set(normalize(text).split()) <= kept | split_on
    for item in items:
        assert item.match in {"exact", "normalized", "fuzzy", "organisation", "unmapped"}
        assert (item.concept is None) == (item.match == "unmapped")


@given(texts=st.lists(st.sampled_from(["Ungdom", "Kvinner", "Ukjent gruppe", "Barnefamiliar"]), max_size=8))
def test_repeat_is_set_exactly_on_true_repeats(mapper, texts):
    items = mapper.map_list("target_groups", texts)
    keys = [folded_key(i.text) for i in items]
    assert [i.repeat for i in items] == [key in keys[:n] for n, key in enumerate(keys)]


def test_most_items_of_the_corpus_template_pages_map(mapper, capsys):
    total = found = 0
    for path in sorted([*seeds().glob("*.txt"), *corpus().glob("*.txt")]):
        for list_name, texts in list_items(path).items():
            items = mapper.map_list(list_name, texts)
            total += len(items)
            found += sum(1 for i in items if i.concept)
    share = found / total
    with capsys.disabled():
        print(f"\ncorpus list items mapped: {found}/{total} = {share:.1%}")
    assert total > 300
    assert share >= 0.85
