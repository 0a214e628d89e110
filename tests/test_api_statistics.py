"""/api/v1/statistics and tiltak.counts: counts and the activities × target groups table, per filter."""

from __future__ import annotations

import pytest

from tiltak.counts.entries import count_entries
from tiltak.presenter.statistics import statistics_dict
from tiltak.search.query import parse_query

pytestmark = pytest.mark.django_db


def counts(rows) -> dict[str, int]:
    return {row["value"]: row["count"] for row in rows if row["count"]}


def test_statistics_count_public_entries_per_concept_and_county(client, api_catalog):
    data = client.get("/api/v1/statistics").json()
    assert data["total"] == 3
    assert counts(data["counts"]["activities"]) == {"api_host": 2, "api_trial_home": 2}
    assert counts(data["counts"]["target_groups"]) == {"api_families": 1, "api_young": 1}
    assert counts(data["counts"]["partners"]) == {"api_county": 1}
    assert counts(data["counts"]["county"]) == {"40": 2, "18": 1}


def test_cross_table_counts_entries_with_both_an_activity_and_a_target_group(client, api_catalog):
    table = client.get("/api/v1/statistics").json()["cross_table"]
    rows = [r["value"] for r in table["rows"]]
    columns = [c["value"] for c in table["columns"]]
    cell = {(r, c): table["cells"][i][j] for i, r in enumerate(rows) for j, c in enumerate(columns)}
    assert cell[("api_host", "api_families")] == 1
    assert cell[("api_host", "api_young")] == 1
    assert cell[("api_trial_home", "api_families")] == 1
    assert cell[("api_trial_home", "api_young")] == 0
    assert cell[("api_unused", "api_families")] == 0  # every concept has a row, used or not


def test_statistics_follow_the_search_filters(client, api_catalog):
    data = client.get("/api/v1/statistics", {"county": "40", "lang": "en"}).json()
    assert data["total"] == 2
    assert counts(data["counts"]["activities"]) == {"api_host": 1, "api_trial_home": 2}
    labels = {r["value"]: r["label"] for r in data["counts"]["activities"]}
    assert labels["api_trial_home"] == "Trial home"
    assert data["filters"] == {"county": ["40"]}


@pytest.mark.parametrize(
    ("lang", "label"), [("nb", "Vertskapsordning"), ("nn", "Vertskapsordning"), ("en", "Host scheme")]
)
def test_statistics_labels_follow_lang(client, api_catalog, lang, label):
    rows = client.get("/api/v1/statistics", {"lang": lang}).json()["counts"]["activities"]
    assert {r["value"]: r["label"] for r in rows}["api_host"] == label


def test_statistics_refuse_an_unknown_concept(client, api_catalog):
    response = client.get("/api/v1/statistics", {"target_groups": "api_nobody"})
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == "target_groups"


def test_statistics_of_no_entries_are_zeros_not_errors(api_catalog):
    data = statistics_dict(count_entries(parse_query({"q": "ingenting-slikt-finst"})))
    assert data["total"] == 0
    assert all(all(v == 0 for v in row) for row in data["cross_table"]["cells"])
    counties = data["counts"]["county"]
    assert counties and all(row["count"] == 0 for row in counties)  # every county listed, with zero
