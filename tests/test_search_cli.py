"""`tiltak search`: ranked hits as text or JSON, with the source as in the export, filters and archived."""

from __future__ import annotations

import argparse
import json

import pytest

from tests.cast import ALICE
from tiltak.catalog.draft import DraftItem, EntryDraft, SourceInfo
from tiltak.catalog.services import archive_entry, create_entry
from tiltak.errors import InvalidInput
from tiltak.ingest.saving import import_draft
from tiltak.search import cli
from tiltak.vocabulary.models import Concept, ConceptScheme

pytestmark = pytest.mark.django_db


def run(capsys, *argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    cli.add_parsers(parser.add_subparsers())
    args = parser.parse_args(["search", *argv])
    code = args.handler(args)
    return code, capsys.readouterr().out


@pytest.fixture
def catalog():
    scheme, _ = ConceptScheme.objects.get_or_create(
        code="activities", defaults={"label_nb": "Aktiviteter", "label_nn": "Aktivitetar", "label_en": "a"}
    )
    Concept.objects.get_or_create(
        scheme=scheme,
        code="host_scheme",
        defaults={"label_nb": "Vertskap", "label_nn": "Vertskap", "label_en": "h"},
    )
    hosted = EntryDraft(title="Småbruk i Valle", body="Småbruk til sals.", language="nn")
    hosted.lists["activities"] = [DraftItem(text="Vertskapsordning", concept="host_scheme", match="exact")]
    source = SourceInfo(
        file_name="valle.txt", checksum="a" * 64, format="txt", source_url="https://example.org/valle"
    )
    first = import_draft(hosted, source, actor=ALICE.importer()).entry
    second = create_entry(EntryDraft(title="Gamal gard", body="Om småbruk."), actor=ALICE.cli())
    archive_entry(second, actor=ALICE.cli())
    return first, second


def test_json_output_is_the_search_pages_json_with_the_total(capsys, catalog):
    first, second = catalog
    code, out = run(capsys, "småbruk", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["query"] == "småbruk"
    assert [h["id"] for h in data["hits"]] == [first.pk, second.pk]
    hit = data["hits"][0]
    assert hit["title"] == "Småbruk i Valle"
    assert data["total"] == 2
    assert hit["score"] >= data["hits"][1]["score"]
    assert data["hits"][1]["status"] == "archived"


def test_archived_entries_can_be_left_out(capsys, catalog):
    first, _ = catalog
    _, out = run(capsys, "småbruk", "--format", "json", "--no-archived")
    assert [h["id"] for h in json.loads(out)["hits"]] == [first.pk]


def test_filters_narrow_on_concept_language_and_status(capsys, catalog):
    first, second = catalog
    for option, expected in [
        ("activities=host_scheme", [first.pk]),
        ("language=nn", [first.pk]),
        ("status=archived", [second.pk]),
    ]:
        _, out = run(capsys, "småbruk", "--format", "json", "--filter", option)
        assert [h["id"] for h in json.loads(out)["hits"]] == expected, option


def test_text_output_marks_archived_entries_and_limit_cuts(capsys, catalog):
    _, out = run(capsys, "småbruk", "--limit", "5")
    assert "Småbruk i Valle" in out and "(valle.txt)" in out
    assert "Gamal gard [archived]" in out
    _, out = run(capsys, "småbruk", "--limit", "1")
    assert "Gamal gard" not in out


def test_a_malformed_filter_is_refused_with_an_example(capsys, catalog):
    with pytest.raises(InvalidInput, match="KEY=VALUE"):
        run(capsys, "småbruk", "--filter", "activities")
    with pytest.raises(InvalidInput, match="Unknown filter key 'colour'"):
        run(capsys, "småbruk", "--filter", "colour=red")


def test_no_hits_says_so(capsys, catalog):
    code, out = run(capsys, "ishockey")
    assert code == 0 and "No entries match 'ishockey'" in out
