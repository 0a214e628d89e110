"""Figures in the export format, the CSV export and the API (issue #11)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.cast import ALICE
from tiltak.catalog.actor import Actor
from tiltak.catalog.draft import EntryDraft
from tiltak.catalog.export import write_export
from tiltak.catalog.models import Entry
from tiltak.catalog.serialize import drafts_from_export
from tiltak.catalog.services import create_entry, update_entry
from tiltak.evidence.store import correct_figure, current_figures

pytestmark = pytest.mark.django_db

EDITOR = Actor.cli("editor")
BODY = "Prosjektet hadde som mål å få 50 nye familiar. Om lag 25 familiar har flytta hit med hjelp frå prosjektet."


def an_entry() -> Entry:
    return create_entry(EntryDraft(title="Fleire folk", body=BODY, language="nn"), actor=EDITOR)


def exported(fmt: str) -> bytes:
    stream = io.BytesIO()
    write_export(Entry.objects.all(), fmt, stream)
    return stream.getvalue()


def test_json_export_gives_each_entry_its_current_figures():
    entry = an_entry()
    update_entry(
        entry,
        EntryDraft(title="Fleire folk", body=BODY + " Vi ringde 300 personar.", language="nn"),
        base_version=1,
        actor=EDITOR,
    )
    (data,) = json.loads(exported("json"))["entries"]
    assert data["version"] == 2
    assert [(f["value"], f["unit"], f["kind"], f["hedge"]) for f in data["figures"]] == [
        (50, "families", "goal", "none"),
        (25, "families", "moved", "about"),
        (300, "persons", "contacted", "none"),
    ]
    assert data["figures"][1]["text"] == "Om lag 25 familiar" and data["figures"][1]["value_max"] is None


def test_csv_export_has_a_figures_column():
    an_entry()
    rows = list(csv.DictReader(io.StringIO(exported("csv").decode("utf-8-sig"))))
    assert rows[0]["figures"] == "goal: 50 families; moved: about 25 families"


def test_importing_an_export_reads_the_figures_again_from_the_text():
    an_entry()
    document = json.loads(exported("json"))
    ((draft, _source),) = drafts_from_export(document, file_name="export.json")
    assert draft.body == BODY  # the figures come back from the same text on import


def test_api_entry_has_figures_and_a_round_trip_write_is_not_refused_for_them(client):
    entry = an_entry()
    correct_figure(current_figures(entry)[1], actor=ALICE.cli(), value=26)
    data = client.get(f"/api/v1/entries/{entry.slug}").json()
    moved = [f for f in data["figures"] if f["kind"] == "moved"]
    assert moved == [
        {"value": 26, "value_max": None, "unit": "families", "kind": "moved", "hedge": "about", "year": None,
         "text": "Om lag 25 familiar", "field": "body", "edited": True}
    ]  # fmt: skip
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["components"]["schemas"]["Entry"]["properties"]["figures"]["readOnly"] is True
