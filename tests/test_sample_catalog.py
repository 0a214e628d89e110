"""The bundled sample catalog has the breadth demos and search benchmarks rely on, and reads as an export."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import pytest

from tiltak.sample import SAMPLE_PATH

LIST_KEYS = ("activities", "selling_points", "partners", "target_groups")


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return json.loads(SAMPLE_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def entries(document: dict[str, Any]) -> list[dict[str, Any]]:
    return document["entries"]


def has_lists(entry: dict[str, Any]) -> bool:
    return any(entry["lists"][key] for key in LIST_KEYS)


def test_sample_is_an_export_document_with_at_least_40_entries(document, entries):
    assert document["format"] == "tiltakskatalogen-export"
    assert document["version"] == 1
    assert len(entries) >= 40


def test_sample_has_both_written_forms(entries):
    languages = Counter(e["language"] for e in entries)
    assert set(languages) == {"nb", "nn"}
    assert languages["nb"] >= 15
    assert languages["nn"] >= 15


def test_sample_covers_several_subject_areas(entries):
    areas = {area["text"] for e in entries for area in e["subject_areas"]}
    assert len(areas) >= 4
    assert "Tilflytting" in areas
    assert any(len(e["subject_areas"]) >= 2 for e in entries)


def test_sample_names_counties_all_over_norway(entries):
    counties = {p["name"] for e in entries for p in e["places"] if p["kind"] == "county"}
    assert len(counties) >= 10
    assert {"Finnmark", "Nordland", "Rogaland"} <= counties


def test_sample_periods_span_three_decades(entries):
    years = [y for e in entries for y in (e["period"]["start"], e["period"]["end"]) if y]
    decades = {year // 10 * 10 for year in years}
    assert len(decades) >= 3
    assert all(1990 <= year <= 2030 for year in years)
    assert all(e["period"]["start"] <= e["period"]["end"] for e in entries)


def test_sample_has_archived_entries_with_a_notice_and_drafts(entries):
    archived = [e for e in entries if e["status"] == "archived"]
    assert len(archived) >= 3
    assert all(e["archive_notice"].strip() for e in archived)
    assert all(not e["archive_notice"] for e in entries if e["status"] != "archived")
    assert any(e["status"] == "draft" for e in entries)
    assert {e["status"] for e in entries} <= {"published", "archived", "draft"}


def test_sample_has_articles_without_lists_and_template_pages_with_all_four(entries):
    articles = [e for e in entries if not has_lists(e)]
    assert len(articles) >= 5
    templates = [e for e in entries if all(e["lists"][key] for key in LIST_KEYS)]
    assert len(templates) >= 20
    assert all(e["main_goal"].strip() for e in templates)


def test_sample_ids_slugs_and_source_files_are_unique(entries):
    for key in ("id", "slug"):
        values = [e[key] for e in entries]
        assert len(values) == len(set(values)), f"duplicate {key}"
    files = [e["source"]["file"] for e in entries]
    assert len(files) == len(set(files))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", e["slug"]) for e in entries)


def test_every_list_item_and_subject_area_has_text_and_is_left_for_the_mapper(entries):
    for e in entries:
        items = [*e["subject_areas"], *(item for key in LIST_KEYS for item in e["lists"][key])]
        assert e["subject_areas"], e["slug"]
        for item in items:
            assert item["text"].strip(), e["slug"]
            assert item["concept"] is None, (e["slug"], item["text"])


def test_every_entry_has_title_lead_and_a_body_with_figures(entries):
    for e in entries:
        assert e["title"].strip() and e["lead"].strip(), e["slug"]
        words = len(e["body"].split())
        assert 80 <= words <= 300, (e["slug"], words)
        assert re.search(r"\d", e["body"]), e["slug"]


def test_places_have_a_known_kind_and_well_formed_codes(entries):
    for e in entries:
        assert e["places"], e["slug"]
        for place in e["places"]:
            assert place["kind"] in {"municipality", "county", "region", "village"}
            code = place["code"]
            if place["kind"] == "municipality" and code is not None:
                assert re.fullmatch(r"\d{4}", code), place
            elif place["kind"] == "county":
                assert re.fullmatch(r"\d{2}", code), place
            elif place["kind"] in {"region", "village"}:
                assert code is None, place


def test_sample_reads_as_drafts_through_the_export_reader(entries):
    from tiltak.catalog.serialize import drafts_from_export

    drafts = drafts_from_export(json.loads(SAMPLE_PATH.read_text(encoding="utf-8")), file_name="entries.json")
    assert len(drafts) == len(entries)
    by_title = {draft.title: draft for draft, _source in drafts}
    article = next(e for e in entries if not has_lists(e) and e["status"] == "archived")
    assert by_title[article["title"]].archive_notice == article["archive_notice"]
    assert all(source.file_name.startswith("sample/") for _draft, source in drafts)
