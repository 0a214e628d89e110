"""`tiltak vocab`, `tiltak vocab SCHEME`, `tiltak vocab map` and `tiltak review`, in text and JSON."""

from __future__ import annotations

import argparse
import json

import pytest

from tests.cast import ALICE, BOB
from tiltak.catalog.draft import EntryDraft
from tiltak.catalog.models import AuditCode, ListItem
from tiltak.catalog.services import create_entry
from tiltak.errors import InvalidInput
from tiltak.vocabulary import cli
from tiltak.vocabulary.mapper import Mapper
from tiltak.vocabulary.models import Concept
from tiltak.vocabulary.services import map_item, unmapped_items

pytestmark = pytest.mark.django_db


def run(capsys, *argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    cli.add_parsers(parser.add_subparsers())
    args = parser.parse_args(list(argv))
    code = args.handler(args)
    return code, capsys.readouterr().out


def entry_with(title: str, **lists: list[str]):
    """An entry saved as the importer saves one: its lists mapped by the mapper."""
    mapper = Mapper.from_database()
    draft = EntryDraft(title=title)
    for name, texts in lists.items():
        draft.lists[name] = mapper.map_list(name, texts)
    return create_entry(draft, actor=ALICE.cli())


def test_vocab_lists_schemes_with_concept_counts(capsys):
    code, out = run(capsys, "vocab", "--format", "json")
    schemes = {s["code"]: s["concepts"] for s in json.loads(out)["schemes"]}
    assert code == 0 and schemes["activities"] == Concept.objects.filter(scheme__code="activities").count()
    _code, text = run(capsys, "vocab")
    assert "partner_kinds" in text and "Samarbeidspartnere" in text


def test_vocab_scheme_lists_codes_and_labels(capsys):
    _code, out = run(capsys, "vocab", "partners", "--format", "json")  # a list name works too
    data = json.loads(out)
    assert data["scheme"] == "partner_kinds"
    assert {"code": "county_authority", "label_nb": "Fylkeskommunen"}.items() <= data["concepts"][0].items()
    _code, text = run(capsys, "vocab", "activities")
    assert "host_scheme\tVertskapsordning" in text


def test_vocab_map_shows_the_concept_and_why(capsys):
    _code, out = run(
        capsys, "vocab", "map", "Vertsskapsordning", "--scheme", "activities", "--format", "json"
    )
    [e] = json.loads(out)["results"]["activities"]
    assert (e["concept"], e["method"], e["matched"]) == ("host_scheme", "fuzzy", "Vertskapsordning")
    _code, text = run(capsys, "vocab", "map", "Telemark fylkeskommune")
    assert "county_authority" in text and "organisation" in text and "Telemark fylkeskommune" in text


def test_vocab_map_of_an_unknown_phrase_says_so_with_the_closest_candidates(capsys):
    _code, text = run(capsys, "vocab", "map", "Gratis båtplass", "--scheme", "activities")
    assert "unmapped" in text and "not close enough" in text


def test_vocab_with_an_unknown_scheme_is_a_clear_error(capsys):
    with pytest.raises(InvalidInput, match="No vocabulary 'nope'.*activities"):
        run(capsys, "vocab", "nope")
    with pytest.raises(InvalidInput, match="Give the phrase"):
        run(capsys, "vocab", "map")


def test_review_groups_unmapped_wordings_with_counts_and_entries(capsys):
    first = entry_with("Første", activities=["Båtplass til nye"], partners=["Placement"])
    second = entry_with("Andre", activities=["Båtplass til nye", "Eigen nettstad"])
    _code, out = run(capsys, "review", "--format", "json")
    rows = json.loads(out)["unmapped"]
    boats = next(r for r in rows if r["text"] == "Båtplass til nye")
    assert (boats["scheme"], boats["count"]) == ("activities", 2)
    assert {e["id"] for e in boats["entries"]} == {first.pk, second.pk}
    assert any(r["text"] == "Placement" and r["scheme"] == "partner_kinds" for r in rows)
    assert not any(r["text"] == "Eigen nettstad" for r in rows)
    _code, text = run(capsys, "review", "--scheme", "partners")
    assert "Placement" in text and "Båtplass" not in text


def test_an_editor_mapping_leaves_review_and_teaches_the_mapper(capsys):
    entry = entry_with("Tredje", partners=["Placement"])
    item = ListItem.objects.get(entry=entry, text="Placement")
    business = Concept.objects.get(scheme__code="partner_kinds", code="business")
    map_item(item, business, actor=ALICE.cli())
    item.refresh_from_db()
    assert (item.concept, item.match) == (business, "editor")
    assert not unmapped_items().filter(pk=item.pk).exists()
    entry.refresh_from_db()
    assert entry.version == 2 and entry.audit.filter(action=AuditCode.ITEM_MAPPED, actor="alice").exists()
    _code, out = run(capsys, "vocab", "map", "Placement", "--scheme", "partners", "--format", "json")
    assert json.loads(out)["results"]["partner_kinds"][0]["concept"] == "business"


def test_an_editor_cannot_map_to_a_concept_of_another_vocabulary():
    entry = entry_with("Fjerde", activities=["Båtplass"])
    item = ListItem.objects.get(entry=entry)
    wrong = Concept.objects.get(scheme__code="partner_kinds", code="business")
    with pytest.raises(InvalidInput, match="belongs to the 'partner_kinds' vocabulary.*'activities'"):
        map_item(item, wrong, actor=ALICE.cli())
    item.refresh_from_db()
    assert item.concept is None and item.match == "unmapped"


def test_an_editor_saying_no_concept_fits_takes_the_item_out_of_review():
    entry = entry_with("Femte", activities=["Båtplass"])
    item = ListItem.objects.get(entry=entry)
    map_item(item, None, actor=BOB.cli())
    assert not unmapped_items().filter(pk=item.pk).exists()
