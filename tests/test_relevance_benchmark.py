"""The relevance benchmark's own rules (issue #13): what it judges, how it splits, how it scores.

These guard the measuring stick, not the search: a judgment file that skips a page, a query in both parts,
or a recall that divides by min(10, relevant) would make the figures in docs/benchmarks.md untrue.
"""

from __future__ import annotations

import importlib.util
import json

import pytest

from tests.shared import REPO, corpus, seeds

BENCH = REPO / "benchmarks" / "relevance"
KINDS = {"compounds", "concepts", "forms", "typos", "places", "topics", "paraphrase", "english"}


def _runner():
    spec = importlib.util.spec_from_file_location("relevance_run", BENCH / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _part(name: str) -> tuple[list[dict], dict[str, dict[str, int]]]:
    queries = json.loads((BENCH / f"queries-{name}.json").read_text())
    judgments = json.loads((BENCH / f"judgments-{name}.json").read_text())
    return queries, judgments


def _real_pages() -> set[str]:
    pages = {p.name for p in seeds().glob("*.txt")}
    return pages | {p.name for p in corpus().glob("*.txt")}


@pytest.mark.parametrize("name", ["dev", "heldout"])
def test_every_query_grades_every_real_page_and_nothing_else(name):
    queries, judgments = _part(name)
    pages = _real_pages()
    assert len(pages) == 66
    assert {q["query"] for q in queries} == set(judgments)
    for query, grades in judgments.items():
        assert set(grades) == pages, query  # no sample entry, no page left unread
        assert set(grades.values()) <= {0, 1, 2}, query
        assert any(grades.values()), f"{query!r} has no relevant page"


def test_parts_are_disjoint_stratified_and_the_held_out_part_is_marked():
    dev, _ = _part("dev")
    held, held_judgments = _part("heldout")
    assert not {q["query"] for q in dev} & {q["query"] for q in held}
    assert all(q.get("held_out") is True for q in held)
    assert not any(q.get("held_out") for q in dev)
    for kind in KINDS:
        n_dev = sum(q["kind"] == kind for q in dev)
        n_held = sum(q["kind"] == kind for q in held)
        assert n_dev and n_held, kind
        assert 0.3 <= n_held / (n_dev + n_held) <= 0.5, kind
    _, dev_judgments = _part("dev")
    # Queries with the same need stay in one part: no held-out judgment row is a copy of a dev one.
    assert not {json.dumps(g, sort_keys=True) for g in held_judgments.values()} & {
        json.dumps(g, sort_keys=True) for g in dev_judgments.values()
    }


def test_every_query_has_a_kind_a_form_and_a_need():
    for name in ("dev", "heldout"):
        for q in _part(name)[0]:
            assert q["kind"] in KINDS and q["form"] in {"nb", "nn", "en"} and q["need"].strip(), q


def test_recall_is_the_standard_one_and_ndcg_uses_graded_gain():
    run = _runner()
    grades = {f"p{i}": 1 for i in range(20)} | {"top": 2, "none": 0}
    ranking = ["top", *(f"p{i}" for i in range(9))]
    assert run.recall10(ranking, grades) == pytest.approx(10 / 21)  # not 10 / min(10, 21)
    assert run.recall10_v1(ranking, grades) == 1.0
    assert run.ndcg10(ranking, grades) == pytest.approx(1.0)
    swapped = ["p0", "top", *(f"p{i}" for i in range(1, 9))]
    assert run.ndcg10(swapped, grades) < 1.0  # a grade-2 page below a grade-1 page costs
    assert run.ndcg10(["none"], grades) == 0.0
