"""The figure reader (issue #11): what an entry's text reports, read as value, unit, kind, hedge and year.

The seeds' golden figures come from the issue; the rest are sentences written for these tests, one per
rule, so that a rule that breaks is named by the test that fails.
"""

from __future__ import annotations

import importlib.util
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.shared import REPO, corpus, seed_path, seeds, shared_root
from tiltak.evidence.reader import HEDGES, KINDS, UNITS, read_figures

BENCH = REPO / "benchmarks" / "figures"


def _summary(text: str) -> list[tuple]:
    return [(f.value, f.unit, f.kind, f.hedge) for f in read_figures(text)]


def test_seed_000_goal_moved_and_portfolio(seeds_dir):
    figures = {(f.value, f.kind): f for f in read_figures(seed_path(0).read_text(encoding="utf-8"))}
    goal = figures[(50, "goal")]
    assert (goal.unit, goal.hedge) == ("families", "none")
    moved = figures[(25, "moved")]
    assert (moved.unit, moved.hedge) == ("families", "about")
    portfolio = figures[(300, "interested")]
    assert (portfolio.unit, portfolio.hedge) == ("persons", "about")
    assert figures[(1000, "reach")].unit == "persons"
    # "leigast i 1-2 år" is a duration, not a figure.
    assert not [f for f in figures.values() if f.value in (1, 2)]


def test_seed_004_campaign_and_migration_figures(seeds_dir):
    figures = {f.value: f for f in read_figures(seed_path(4).read_text(encoding="utf-8"))}
    assert (figures[237].unit, figures[237].kind, figures[237].year) == ("persons", "in_migration", 2009)
    assert (figures[56].kind, figures[56].unit) == ("net_migration", "persons")
    assert (figures[600].kind, figures[600].hedge, figures[600].year) == ("contacted", "over", 2008)
    assert (figures[80].kind, figures[80].unit) == ("moved", "persons")
    # Dates ("10. November 2008", "1. april 2009"), the phase number and "6 måneder" are not figures.
    assert not {1, 3, 6, 10} & set(figures)
    assert 2009 not in figures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Vi har fått to familiar og ti nye arbeidsplassar.",
            [(2, "families", "other", "none"), (10, "jobs", "other", "none")],
        ),
        ("Prosjektet fekk 2 millionar kroner i tilskot.", [(2_000_000, "nok", "budget", "none")]),
        ("Kommunen løyvde 350 000 kr til tiltaket.", [(350_000, "nok", "budget", "none")]),
        ("Dei fekk 1,5 mill. til arbeidet.", [(1_500_000, "nok", "budget", "none")]),
        ("Det er ca. 20 % færre born enn før.", [(20, "percent", "other", "about")]),
        ("Målet er 30 nye innbyggjarar innan 2015.", [(30, "persons", "goal", "none")]),
        (
            "Meir enn 40 husstandar har busett seg i bygda gjennom prosjektet.",
            [(40, "families", "moved", "over")],
        ),
        ("Inntil 12 prøvebustader skal byggjast.", [(12, "homes", "other", "under")]),
        ("Bygda har eit folketal på 820.", [(820, "persons", "population", "none")]),
        ("Kommunen fekk ei nettotilflytting på 14 i fjor.", [(14, "persons", "net_migration", "none")]),
        ("Vi ringde rundt 150 utflyttarar.", [(150, "persons", "contacted", "about")]),
        ("Om lag 10-15 familiar bur framleis i kommunen.", [(10, "families", "stayed", "about")]),
    ],
)
def test_rules(text, expected):
    assert _summary(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Prosjektet starta i 2009 og vart avslutta 30. juni 2012.",  # years and dates
        "Ring oss på 22 33 44 55 eller +47 99887766.",  # phone numbers
        " 1. Kartlegge ressursar\n 2. Marknadsføring",  # list numbering
        "Prosjektet er no i sin 3. fase.",  # ordinal
        "Målgruppa er unge i alderen 20-35 år, og leigetida er 1-2 år.",  # ages and durations
        "Solund til 1000 er namnet på prosjektet, og Bygda 2.0 er eit anna.",  # numbers in names
        "Vi har tre hovudmål:\n • Fleire folk\n • Fleire jobbar",  # counts of list items
        "Dette er ein 5-årig plan etter 10-punktsmodellen.",  # numbers inside compounds
    ],
)
def test_not_figures(text):
    assert read_figures(text) == []


def test_range_keeps_its_maximum_and_the_span_is_the_text_as_written():
    (figure,) = read_figures("Det kom om lag 10–15 nye familiar.")
    assert (figure.value, figure.value_max) == (10, 15)
    assert figure.text == "om lag 10–15 nye familiar"
    assert figure.as_dict()["value"] == 10 and isinstance(figure.as_dict()["value"], int)


def test_year_from_the_sentence_before_in_the_same_paragraph():
    text = "I 2011 starta vi ringedagen. Då ringde vi over 300 personar.\n\nSeinare kom 20 nye innbyggjarar."
    figures = read_figures(text)
    assert [(f.value, f.year) for f in figures] == [(300, 2011), (20, None)]


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400))
def test_any_text_gives_figures_that_are_spans_of_it(text):
    for figure in read_figures(text):
        assert text[figure.start : figure.end] == figure.text
        assert figure.unit in UNITS and figure.kind in KINDS and figure.hedge in HEDGES


_NUMBERISH = st.lists(
    st.sampled_from(
        [
            "om lag",
            "over",
            "25",
            "1 000",
            "2,5",
            "to",
            "ti",
            "-",
            "–",
            "familiar",
            "personar",
            "kroner",
            "millionar",
            "i",
            "2009",
            ".",
            ":",
            "\n",
            " • ",
            "1.",
            "%",
            "mål",
            "flytta",
            "netto",
            "på",
            "år",
            "ca.",
            ",-",
            "kr",
        ]
    ),
    max_size=30,
)


@given(_NUMBERISH)
def test_number_heavy_text_never_crashes(parts):
    text = " ".join(parts)
    for figure in read_figures(text):
        assert text[figure.start : figure.end] == figure.text


def test_real_pages_give_spans_of_their_own_text(corpus_dir):
    for path in sorted(corpus().glob("*.txt")) + sorted(seeds().glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for figure in read_figures(text):
            assert text[figure.start : figure.end] == figure.text, path.name


def _runner():
    spec = importlib.util.spec_from_file_location("figures_run", BENCH / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_parts_are_disjoint_real_pages_and_judged_offsets_hold_their_numbers(corpus_dir):
    splits = _runner().split_pages(shared_root())
    assert not set(splits["dev"]) & set(splits["heldout"])
    assert len(splits["dev"]) + len(splits["heldout"]) == len(list(corpus().glob("*.txt"))) + len(
        list(seeds().glob("*.txt"))
    )
    for part in ("dev", "heldout"):
        judged = json.loads((BENCH / f"judgments-{part}.json").read_text(encoding="utf-8"))
        assert set(judged) <= set(splits[part])
        for page, rows in judged.items():
            text = (shared_root() / page).read_text(encoding="utf-8")
            for row in rows:
                assert text[row["at"] :].startswith(row["number"]), (page, row)
                assert row["unit"] in UNITS and row["kind"] in KINDS and row["hedge"] in HEDGES
