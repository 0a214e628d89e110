"""Two editors save the same entry from the same starting version at the same moment: the conditional
update lets exactly one of them win, the other is told the entry moved on. Real threads, each with its own
database connection, on whichever store the suite runs on."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from tiltak.catalog.actor import Actor
from tiltak.catalog.draft import EntryDraft
from tiltak.catalog.models import AuditCode, AuditEvent, Entry
from tiltak.catalog.services import create_entry, update_entry
from tiltak.errors import StaleVersion

pytestmark = pytest.mark.django_db(transaction=True)


def _draft(goal: str) -> EntryDraft:
    return EntryDraft(
        title="Prøvebustad i Vinje", lead="Leige for dei som vil prøve.", main_goal=goal, language="nn"
    )


def test_two_saves_from_the_same_version_one_wins_and_the_other_is_refused():
    entry = create_entry(_draft("Fleire innbyggjarar."), actor=Actor.cli("setup"))
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def save(editor: str) -> None:
        try:
            start.wait()
            update_entry(
                Entry.objects.get(pk=entry.pk),
                _draft(f"Mål frå {editor}."),
                base_version=1,
                actor=Actor.cli(editor),
            )
            outcomes[editor] = "saved"
        except StaleVersion as refused:
            outcomes[editor] = refused
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(name,)) for name in ("alice", "bob")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    saved = [name for name, outcome in outcomes.items() if outcome == "saved"]
    refused = [outcome for outcome in outcomes.values() if isinstance(outcome, StaleVersion)]
    assert len(saved) == 1 and len(refused) == 1, outcomes
    message = str(refused[0])
    assert "started from version 1" in message and "now at version 2" in message
    entry.refresh_from_db()
    assert entry.version == 2 and entry.main_goal == f"Mål frå {saved[0]}."
    assert entry.versions.count() == 2
    assert AuditEvent.objects.filter(entry=entry, action=AuditCode.ENTRY_UPDATED).count() == 1
