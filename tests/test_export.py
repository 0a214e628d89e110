"""Export formats (JSON, CSV, XLSX) and the JSON round trip."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from tests.cast import ALICE
from tiltak.catalog.draft import DraftItem, DraftPlace, EntryDraft, SourceInfo
from tiltak.catalog.export import write_export
from tiltak.catalog.models import Entry
from tiltak.catalog.serialize import drafts_from_export, entry_to_dict, export_document
from tiltak.errors import InvalidInput
from tiltak.ingest.saving import import_draft

pytestmark = pytest.mark.django_db


def make_entry(title: str = "Bulyst i Nordfjorden", **extra) -> Entry:
    draft = EntryDraft(
        title=title, lead="Ein leiar.", body="Første avsnitt.\n\nAndre avsnitt.", language="nn", **extra
    )
    draft.lists["activities"] = [DraftItem(text="Vertskapsordning"), DraftItem(text="Brev til utflyttarar")]
    draft.lists["target_groups"] = [DraftItem(text='=HYPERLINK("x")')]
    draft.lists["subject_areas"] = [DraftItem(text="Tilflytting")]
    draft.places = [DraftPlace(name="Gildeskål", kind="municipality", code="1838")]
    source = SourceInfo(
        file_name=f"{title}.txt", checksum="1" * 64, format="txt", source_url="https://example.org/x"
    )
    return import_draft(draft, source, actor=ALICE.importer()).entry


def test_json_export_has_the_documented_fields():
    entry = make_entry()
    document = export_document(Entry.objects.all())
    assert document["format"] == "tiltakskatalogen-export"
    exported = document["entries"][0]
    for field in (
        "id",
        "title",
        "lead",
        "subject_areas",
        "language",
        "body",
        "main_goal",
        "status",
        "places",
        "lists",
        "sections",
        "source",
    ):
        assert field in exported
    assert exported["id"] == entry.pk
    assert exported["language"] == "nn"
    assert exported["status"] == "published"
    assert exported["lists"]["activities"][0]["text"] == "Vertskapsordning"
    assert set(exported["lists"]) == {"activities", "selling_points", "partners", "target_groups"}
    assert exported["places"][0] == {
        "name": "Gildeskål",
        "kind": "municipality",
        "code": "1838",
        "mention": "Gildeskål",
    }
    assert exported["source"]["file"] == "Bulyst i Nordfjorden.txt"


def test_json_export_round_trips_into_an_empty_catalog():
    make_entry()
    make_entry("Heim til Hamarøy", status="archived", archive_notice="Arkivert.")
    buffer = io.BytesIO()
    write_export(Entry.objects.all(), "json", buffer)
    before = [entry_to_dict(e) for e in Entry.objects.order_by("id")]
    Entry.objects.all().delete()

    for draft, source in drafts_from_export(json.loads(buffer.getvalue()), file_name="export.json"):
        import_draft(draft, source, actor=ALICE.importer())
    after = [entry_to_dict(e) for e in Entry.objects.order_by("id")]

    def comparable(d):
        return {k: v for k, v in d.items() if k not in ("id", "version")} | {
            "source": d["source"] | {"imported_at": None}
        }

    assert [comparable(d) for d in after] == [comparable(d) for d in before]


def test_importing_an_export_into_the_catalog_it_came_from_changes_nothing():
    make_entry()
    document = export_document(Entry.objects.all())
    outcomes = [
        import_draft(d, s, actor=ALICE.importer()).status
        for d, s in drafts_from_export(document, file_name="e.json")
    ]
    assert outcomes == ["unchanged"]


def test_csv_export_has_one_row_per_entry_and_neutralises_formulas():
    make_entry()
    buffer = io.BytesIO()
    write_export(Entry.objects.all(), "csv", buffer)
    text = buffer.getvalue().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1
    assert rows[0]["title"] == "Bulyst i Nordfjorden"
    assert "Vertskapsordning" in rows[0]["activities_as_written"]
    assert rows[0]["target_groups_as_written"].startswith("'=HYPERLINK")
    assert rows[0]["municipalities"] == "Gildeskål (1838)"


def test_xlsx_export_has_entries_and_items_sheets():
    make_entry()
    buffer = io.BytesIO()
    write_export(Entry.objects.all(), "xlsx", buffer)
    book = load_workbook(io.BytesIO(buffer.getvalue()), read_only=True)
    assert book.sheetnames == ["entries", "items"]
    entries = list(book["entries"].iter_rows(values_only=True))
    assert entries[1][2] == "Bulyst i Nordfjorden"
    items = list(book["items"].iter_rows(values_only=True))
    assert ("activities", "Vertskapsordning") in {(row[2], row[4]) for row in items[1:]}


def test_unknown_format_is_refused():
    with pytest.raises(InvalidInput, match="Unknown export format 'pdf'"):
        write_export(Entry.objects.all(), "pdf", io.BytesIO())


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"nope": []}, "not a catalog export"),
        ({"entries": ["x"]}, "entry 1: expected an object"),
        ({"entries": [{"title": ""}]}, "entry 1: the entry has no title"),
        ({"entries": [{"title": "T", "lead": 5}]}, "'lead' must be text"),
        ({"entries": [{"title": "T", "lists": {"activities": [{"concept": "x"}]}}]}, "needs a 'text' string"),
        ({"entries": [{"title": "T", "period": {"start": "soon"}}]}, "period year 'soon'"),
        ({"format": "other", "entries": []}, "unknown format 'other'"),
    ],
)
def test_malformed_exports_are_refused_with_the_entry_and_field_named(document, message):
    with pytest.raises(InvalidInput, match=message):
        drafts_from_export(document, file_name="bad.json")
