"""/api/v1/export.{json,csv,xlsx}: any search result as a file, in the documented export format."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from tests.builder import HOSTILE

pytestmark = pytest.mark.django_db


def test_json_export_of_a_search_is_the_documented_format(client, api_catalog):
    response = client.get("/api/v1/export.json", {"activities": "api_trial_home"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="tiltakskatalogen.json"'
    assert response["Access-Control-Allow-Origin"] == "*"
    document = json.loads(response.content)
    assert document["format"] == "tiltakskatalogen-export" and document["version"] == 1
    assert sorted(e["title"] for e in document["entries"]) == ["Flytt til fjellet", "Gammalt prosjekt"]
    entry = document["entries"][0]
    for key in (
        "id",
        "slug",
        "lead",
        "subject_areas",
        "body",
        "main_goal",
        "period",
        "places",
        "lists",
        "sections",
        "source",
    ):
        assert key in entry


def test_csv_export_has_one_row_per_matching_entry(client, api_catalog):
    response = client.get("/api/v1/export.csv", {"county": "40", "sort": "newest", "page": "1"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(r["title"] for r in rows) == ["Flytt til fjellet", "Gammalt prosjekt"]
    fjellet = next(r for r in rows if r["title"] == "Flytt til fjellet")
    assert fjellet["activities"] == "api_host; api_trial_home"


def test_xlsx_export_opens_with_entries_and_items_sheets(client, api_catalog):
    response = client.get("/api/v1/export.xlsx", {"target_groups": "api_young"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["entries", "items"]
    rows = list(book["entries"].iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][2] == HOSTILE.strip()


def test_export_never_includes_drafts(client, api_catalog):
    document = json.loads(client.get("/api/v1/export.json").content)
    assert "Hemmeleg utkast" not in [e["title"] for e in document["entries"]]
    assert len(document["entries"]) == 3


def test_unknown_export_format_is_a_404_naming_the_formats(client, api_catalog):
    response = client.get("/api/v1/export.pdf")
    assert response.status_code == 404
    assert "export.csv" in response.json()["error"]["message"]


def test_export_refuses_a_bad_filter_like_search_does(client, api_catalog):
    response = client.get("/api/v1/export.csv", {"decade": "abc"})
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == "decade"
