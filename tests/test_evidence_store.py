"""Figures kept per entry version (issue #11): every write through the funnel reads them again; an editor's
correction survives a re-import; old versions keep the figures they had."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.cast import ALICE, CAROL
from tests.shared import seed_path
from tiltak.catalog.actor import Actor
from tiltak.catalog.draft import DraftPlace, DraftSection, EntryDraft
from tiltak.catalog.models import AuditCode, AuditEvent
from tiltak.catalog.services import create_entry, update_entry
from tiltak.errors import InvalidInput
from tiltak.evidence.models import EntryFigure
from tiltak.evidence.store import correct_figure, current_figures
from tiltak.ingest.importer import import_paths

pytestmark = pytest.mark.django_db

EDITOR = Actor.cli("editor")


def a_draft(body: str) -> EntryDraft:
    return EntryDraft(
        title="Prøvebustad på Øyfjell",
        body=body,
        language="nn",
        sections=[
            DraftSection(heading="Resultat", text="Om lag 12 husstandar har flytta hit gjennom prosjektet.")
        ],
    )


def test_a_new_entry_has_the_figures_of_its_text_at_version_1():
    entry = create_entry(
        a_draft("Målet er 30 nye innbyggjarar. Prosjektet fekk 2 millionar kroner."), actor=EDITOR
    )
    figures = current_figures(entry)
    assert [(f.value, f.unit, f.kind, f.field) for f in figures] == [
        (30, "persons", "goal", "body"),
        (2_000_000, "nok", "budget", "body"),
        (12, "families", "moved", "section:resultat"),
    ]
    assert {f.version for f in figures} == {1}
    body = entry.body
    assert all(body[f.start : f.end] == f.text for f in figures if f.field == "body")


def test_an_update_reads_again_and_the_old_version_keeps_its_figures():
    entry = create_entry(a_draft("Målet er 30 nye innbyggjarar."), actor=EDITOR)
    entry = update_entry(entry, a_draft("Målet er 40 nye innbyggjarar."), base_version=1, actor=EDITOR)
    assert [f.value for f in current_figures(entry)][0] == 40
    assert list(EntryFigure.objects.filter(entry=entry, version=1).values_list("value", flat=True))[0] == 30


def test_an_editors_correction_survives_later_versions_and_the_reader_does_not_add_it_twice():
    entry = create_entry(a_draft("Målet er 30 nye innbyggjarar."), actor=EDITOR)
    goal = current_figures(entry)[0]
    correct_figure(goal, actor=EDITOR, kind="reach", value=35)
    entry = update_entry(entry, a_draft("Målet er 30 nye innbyggjarar."), base_version=1, actor=EDITOR)
    figures = current_figures(entry)
    assert [(f.value, f.kind, f.edited) for f in figures if f.field == "body"] == [(35, "reach", True)]
    assert len(figures) == 2


def test_a_correction_with_a_wrong_field_or_value_is_refused_and_nothing_changes():
    entry = create_entry(a_draft("Målet er 30 nye innbyggjarar."), actor=EDITOR)
    goal = current_figures(entry)[0]
    with pytest.raises(InvalidInput, match="no field colour"):
        correct_figure(goal, actor=EDITOR, colour="red")
    with pytest.raises(ValidationError):
        correct_figure(goal, actor=EDITOR, unit="bananas")
    stored = EntryFigure.objects.get(pk=goal.pk)
    assert (stored.unit, stored.edited) == ("persons", False)


def test_importing_a_seed_stores_its_figures_and_reimporting_a_changed_file_keeps_a_correction(tmp_path):
    page = tmp_path / "seed000.txt"
    page.write_text(seed_path(0).read_text(encoding="utf-8"), encoding="utf-8")
    import_paths([page], actor=EDITOR)
    figures = {(f.value, f.kind): f for f in EntryFigure.objects.all()}
    assert (25, "moved") in figures and (50, "goal") in figures
    entry = figures[(25, "moved")].entry
    correct_figure(figures[(25, "moved")], actor=EDITOR, value=26)
    page.write_text(page.read_text(encoding="utf-8") + "\nEit nytt avsnitt.", encoding="utf-8")
    import_paths([page], actor=EDITOR)
    entry.refresh_from_db()
    assert entry.version == 2
    current = {(f.value, f.kind, f.edited) for f in current_figures(entry)}
    assert (26, "moved", True) in current and (25, "moved", False) not in current


def test_only_someone_who_may_edit_the_entry_corrects_a_figure_and_the_audit_log_says_who():
    draft = a_draft("Målet er 30 nye innbyggjarar.")
    draft.places = [DraftPlace(name="Vinje", kind="municipality", code="4036")]
    entry = create_entry(draft, actor=EDITOR)
    goal = current_figures(entry)[0]
    with pytest.raises(PermissionDenied, match="entry.edit"):
        correct_figure(goal, actor=CAROL.web(), value=300)  # a contributor, even for the entry's Vinje
    stored = EntryFigure.objects.get(pk=goal.pk)
    assert (stored.value, stored.edited) == (30, False)
    assert not AuditEvent.objects.filter(action=AuditCode.FIGURE_CORRECTED).exists()

    editor = ALICE.user()
    correct_figure(goal, actor=ALICE.web(), value=35)
    event = AuditEvent.objects.get(action=AuditCode.FIGURE_CORRECTED)
    assert (event.user, event.via, event.entry) == (editor, "web", entry)
    assert event.details == {"figure": goal.pk, "version": 1, "fields": ["value"]}


def test_a_figure_of_an_older_version_is_not_corrected():
    entry = create_entry(a_draft("Målet er 30 nye innbyggjarar."), actor=EDITOR)
    old_goal = current_figures(entry)[0]
    update_entry(entry, a_draft("Målet er 40 nye innbyggjarar."), base_version=1, actor=EDITOR)
    with pytest.raises(
        InvalidInput, match="version 1 of 'Prøvebustad på Øyfjell', which is now at version 2"
    ):
        correct_figure(old_goal, actor=EDITOR, value=31)
    assert EntryFigure.objects.get(pk=old_goal.pk).value == 30
