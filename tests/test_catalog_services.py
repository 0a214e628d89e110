"""The catalog's verbs: create, update (from a named version), restore, publish, archive, unarchive, delete;
the import's created / updated / unchanged; the actor and codes on audit rows; content-only snapshots."""

from __future__ import annotations

import json

import pytest

from tests.cast import ALICE, BOB, CAROL
from tiltak.catalog.actor import Actor
from tiltak.catalog.draft import DraftItem, DraftPlace, DraftSection, EntryDraft, SourceInfo
from tiltak.catalog.models import AuditCode, AuditEvent, Entry, EntryVersion, ListItem, Source
from tiltak.catalog.services import (
    archive_entry,
    create_entry,
    delete_entry,
    get_entry,
    publish_entry,
    restore_version,
    unarchive_entry,
    update_entry,
)
from tiltak.catalog.versions import diff_versions
from tiltak.errors import InvalidInput, NotFound, StaleVersion
from tiltak.ingest.saving import import_draft
from tiltak.vocabulary.models import Concept
from tiltak.vocabulary.services import map_item

pytestmark = pytest.mark.django_db


def a_draft(**overrides) -> EntryDraft:
    draft = EntryDraft(
        title="Prøvebustad i Vinje",
        lead="Kommunen leiger ut bustader til folk som vil prøve bygdelivet.",
        body="Tre husvære vart leigde ut i 2015.\n\nFem familiar har busett seg.",
        main_goal="Fleire innbyggjarar.",
        language="nn",
        sections=[DraftSection(heading="Organisering", text="Kommunen eig prosjektet.")],
        places=[DraftPlace(name="Vinje", kind="municipality", code="4036")],
    )
    draft.lists["activities"] = [DraftItem(text="Vertskapsordning"), DraftItem(text="Noko heilt nytt")]
    for key, value in overrides.items():
        setattr(draft, key, value)
    return draft


def source(checksum: str = "a" * 64, name: str = "vinje.txt") -> SourceInfo:
    return SourceInfo(file_name=name, checksum=checksum, format="txt", size=120)


def codes(entry: Entry) -> list[str]:
    return list(AuditEvent.objects.filter(entry=entry).order_by("id").values_list("action", flat=True))


# --- create ------------------------------------------------------------------------------------------


def test_creating_an_entry_writes_every_part_as_version_1():
    entry = create_entry(a_draft(), actor=ALICE.cli())
    assert entry.slug == "provebustad-i-vinje"
    assert [i.text for i in entry.items.filter(list_name="activities")] == [
        "Vertskapsordning",
        "Noko heilt nytt",
    ]
    assert entry.sections.get().heading == "Organisering"
    assert entry.entry_places.get().place.name == "Vinje"
    assert not entry.sources.exists()  # provenance is the import's to write
    version = entry.versions.get()
    assert (version.number, version.actor, version.via, version.source) == (1, "alice", "cli", None)
    event = AuditEvent.objects.get(entry=entry)
    assert (event.action, event.actor, event.via, event.user) == (
        AuditCode.ENTRY_CREATED,
        "alice",
        "cli",
        None,
    )
    assert event.details == {"version": 1}


def test_a_snapshot_holds_content_and_no_bookkeeping():
    entry = import_draft(a_draft(), source(), actor=ALICE.cli()).entry
    data = entry.versions.get().data
    assert data["main_goal"] == "Fleire innbyggjarar."
    assert data["lists"]["activities"][0]["text"] == "Vertskapsordning"
    assert not {"id", "slug", "version", "source"} & set(data)
    assert "imported_at" not in json.dumps(data)
    assert entry.versions.get().source == entry.sources.get()


def test_slugs_stay_unique_for_entries_with_the_same_title():
    one = create_entry(a_draft(), actor=ALICE.cli())
    two = create_entry(a_draft(), actor=ALICE.cli())
    assert one.slug != two.slug
    assert two.slug.startswith(one.slug)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": "  "}, "no title"),
        ({"language": "sv"}, "Unknown written form 'sv'"),
        ({"status": "deleted"}, "Unknown status 'deleted'"),
        ({"period_start": 12}, "not a plausible year"),
    ],
)
def test_invalid_drafts_are_refused_with_a_message_and_nothing_is_written(change, message):
    with pytest.raises(InvalidInput, match=message):
        create_entry(a_draft(**change), actor=ALICE.cli())
    assert Entry.objects.count() == 0
    assert ListItem.objects.count() == 0


def test_a_known_concept_code_links_the_item_to_its_concept():
    concept = Concept.objects.filter(scheme__code="activities").first()
    if concept is None:
        pytest.fail("the activities vocabulary is not loaded on migrate")
    draft = a_draft()
    draft.lists["activities"] = [DraftItem(text="som skrive", concept=concept.code, match="exact")]
    entry = create_entry(draft, actor=ALICE.cli())
    item = entry.items.get()
    assert item.concept == concept
    assert item.text == "som skrive"


def test_a_web_actor_is_recorded_with_its_user():
    user = CAROL.user()
    entry = create_entry(a_draft(), actor=Actor.web(user))
    event = AuditEvent.objects.get(entry=entry)
    assert (event.user, event.via, event.actor) == (user, "web", CAROL.email)
    assert entry.versions.get().user == user


def test_an_unknown_channel_is_refused():
    with pytest.raises(ValueError, match="Unknown channel 'email'"):
        Actor(None, "email")


# --- update ------------------------------------------------------------------------------------------


def test_an_update_from_the_current_version_writes_the_next_version():
    entry = create_entry(a_draft(), actor=ALICE.cli())
    changed = a_draft(main_goal="Femti nye innbyggjarar.")
    changed.lists["activities"] = [DraftItem(text="Vertskapsordning")]
    updated = update_entry(entry, changed, base_version=1, actor=BOB.cli(), reason="typo")
    assert updated.pk == entry.pk and updated.version == 2
    entry.refresh_from_db()
    assert entry.main_goal == "Femti nye innbyggjarar."
    assert entry.items.count() == 1
    assert [v.number for v in entry.versions.all()] == [1, 2]
    assert entry.versions.get(number=1).data["main_goal"] == "Fleire innbyggjarar."
    assert entry.versions.get(number=2).reason == "typo"
    assert codes(entry) == [AuditCode.ENTRY_CREATED, AuditCode.ENTRY_UPDATED]
    assert AuditEvent.objects.get(action=AuditCode.ENTRY_UPDATED).details == {"version": 2}
    assert not Source.objects.exists()


def test_an_update_from_an_old_version_is_refused_and_writes_nothing():
    entry = create_entry(a_draft(), actor=ALICE.cli())
    update_entry(entry, a_draft(main_goal="Først."), base_version=1, actor=ALICE.cli())
    with pytest.raises(StaleVersion) as refused:
        update_entry(entry, a_draft(main_goal="Sist."), base_version=1, actor=BOB.cli())
    message = str(refused.value)
    assert f"Entry {entry.pk} ('Prøvebustad i Vinje')" in message
    assert "started from version 1" in message and "now at version 2" in message
    entry.refresh_from_db()
    assert (entry.version, entry.main_goal) == (2, "Først.")
    assert entry.versions.count() == 2
    assert codes(entry).count(AuditCode.ENTRY_UPDATED) == 1


def test_an_unknown_concept_code_names_the_code_and_leaves_the_old_version_intact():
    entry = create_entry(a_draft(), actor=ALICE.cli())
    bad = a_draft(title="Endra")
    bad.lists["activities"] = [DraftItem(text="x", concept="no_such_concept", match="exact")]
    with pytest.raises(InvalidInput, match="no_such_concept"):
        update_entry(entry, bad, base_version=1, actor=ALICE.cli())
    entry.refresh_from_db()
    assert entry.title == "Prøvebustad i Vinje"
    assert entry.items.count() == 2
    assert entry.version == 1


def test_updating_a_deleted_entry_says_it_is_gone():
    entry = create_entry(a_draft(), actor=ALICE.cli())
    delete_entry(entry, actor=ALICE.cli())
    with pytest.raises(NotFound, match=f"No entry with id {entry.pk}"):
        update_entry(entry, a_draft(), base_version=1, actor=BOB.cli())


# --- import: created / updated / unchanged -----------------------------------------------------------


def test_same_source_and_checksum_is_unchanged():
    first = import_draft(a_draft(), source(), actor=ALICE.cli())
    again = import_draft(a_draft(), source(), actor=ALICE.cli())
    assert (first.status, again.status) == ("created", "unchanged")
    assert again.entry.pk == first.entry.pk
    assert Entry.objects.count() == 1
    assert EntryVersion.objects.count() == 1
    assert Source.objects.count() == 1


def test_a_changed_source_updates_the_same_entry_and_records_its_source():
    first = import_draft(a_draft(), source(), actor=ALICE.cli()).entry
    outcome = import_draft(a_draft(main_goal="Femti."), source(checksum="b" * 64), actor=BOB.importer())
    assert outcome.status == "updated" and outcome.entry.pk == first.pk
    latest = EntryVersion.objects.get(entry=first, number=2)
    assert (latest.source.checksum, latest.via, latest.actor) == ("b" * 64, "import", "bob")
    assert latest.reason == "updated from vinje.txt"
    assert Source.objects.filter(entry=first).count() == 2


def test_reimporting_the_same_content_with_a_new_import_time_gives_an_empty_diff():
    entry = import_draft(a_draft(), source(), actor=ALICE.cli()).entry
    import_draft(a_draft(), source(checksum="d" * 64), actor=ALICE.cli())  # other bytes, same content
    one, two = EntryVersion.objects.filter(entry=entry).order_by("number")
    assert one.source.imported_at != two.source.imported_at
    assert diff_versions(one, two) == {}


def test_the_diff_shows_only_what_an_editor_changed():
    entry = import_draft(a_draft(), source(), actor=ALICE.cli()).entry
    changed = a_draft(main_goal="Femti nye.", period_start=2015)
    update_entry(entry, changed, base_version=1, actor=BOB.cli())
    one, two = EntryVersion.objects.filter(entry=entry).order_by("number")
    assert diff_versions(one, two) == {
        "main_goal": ("Fleire innbyggjarar.", "Femti nye."),
        "period.start": (None, 2015),
    }


# --- restore -----------------------------------------------------------------------------------------


def test_restoring_makes_a_new_version_with_the_old_content():
    entry = create_entry(a_draft(), actor=ALICE.cli())
    changed = a_draft(title="Prøvebustader", main_goal="Femti.")
    changed.lists["activities"] = []
    update_entry(entry, changed, base_version=1, actor=ALICE.cli())
    restored = restore_version(entry, 1, base_version=2, actor=BOB.cli())
    assert restored.version == 3
    entry.refresh_from_db()
    assert (entry.title, entry.main_goal, entry.items.count()) == (
        "Prøvebustad i Vinje",
        "Fleire innbyggjarar.",
        2,
    )
    one, three = entry.versions.get(number=1), entry.versions.get(number=3)
    assert diff_versions(one, three) == {}
    event = AuditEvent.objects.get(action=AuditCode.ENTRY_RESTORED)
    assert (event.actor, event.details) == ("bob", {"version": 3, "restored_from": 1})


def test_restoring_keeps_the_status_and_refuses_what_cannot_be_restored():
    entry = create_entry(a_draft(status="draft"), actor=ALICE.cli())
    publish_entry(entry, actor=ALICE.cli())
    with pytest.raises(InvalidInput, match="Version 2 is the current version"):
        restore_version(entry, 2, base_version=2, actor=BOB.cli())
    with pytest.raises(NotFound, match="no version 7: its versions are 1-2"):
        restore_version(entry, 7, base_version=2, actor=BOB.cli())
    with pytest.raises(StaleVersion, match="started from version 1"):
        restore_version(entry, 1, base_version=1, actor=BOB.cli())
    assert restore_version(entry, 1, base_version=2, actor=BOB.cli()).status == "published"


# --- status verbs and delete -------------------------------------------------------------------------


def test_archive_unarchive_and_publish_change_status_and_are_audited():
    entry = create_entry(a_draft(), actor=ALICE.cli())
    archived = archive_entry(entry, actor=BOB.cli(), notice="Utdatert.")
    assert (archived.status, archived.archive_notice, archived.version) == ("archived", "Utdatert.", 2)
    with pytest.raises(InvalidInput, match="already archived"):
        archive_entry(entry, actor=BOB.cli())
    back = unarchive_entry(entry, actor=BOB.cli())
    assert (back.status, back.archive_notice, back.version) == ("published", "", 3)
    with pytest.raises(InvalidInput, match="is not archived"):
        unarchive_entry(entry, actor=BOB.cli())
    with pytest.raises(InvalidInput, match="already published"):
        publish_entry(entry, actor=BOB.cli())
    archive_entry(entry, actor=BOB.cli())
    assert publish_entry(entry, actor=BOB.cli()).status == "published"
    assert codes(entry) == [
        AuditCode.ENTRY_CREATED,
        AuditCode.ENTRY_ARCHIVED,
        AuditCode.ENTRY_UNARCHIVED,
        AuditCode.ENTRY_ARCHIVED,
        AuditCode.ENTRY_PUBLISHED,
    ]
    assert [v.data["status"] for v in entry.versions.all()] == [
        "published",
        "archived",
        "published",
        "archived",
        "published",
    ]


def test_a_status_change_from_an_old_version_is_refused():
    entry = create_entry(a_draft(), actor=ALICE.cli())
    archive_entry(entry, actor=ALICE.cli())
    with pytest.raises(StaleVersion, match="now at version 2"):
        unarchive_entry(entry, actor=BOB.cli(), base_version=1)
    assert Entry.objects.get(pk=entry.pk).status == "archived"


def test_delete_keeps_an_audit_trace_without_the_entry_text():
    entry = create_entry(a_draft(), actor=ALICE.cli())
    with pytest.raises(StaleVersion):
        delete_entry(entry, actor=BOB.cli(), base_version=7)
    delete_entry(entry, actor=BOB.cli(), base_version=1)
    assert not Entry.objects.exists()
    assert not EntryVersion.objects.exists()
    event = AuditEvent.objects.get(action=AuditCode.ENTRY_DELETED)
    assert (event.actor, event.entry, event.details) == ("bob", None, {"entry": entry.pk, "version": 1})


def test_audit_details_never_copy_the_entry_text():
    entry = create_entry(a_draft(), actor=ALICE.cli())
    item = entry.items.get(text="Noko heilt nytt")
    concept = Concept.objects.filter(scheme__code="activities").first()
    map_item(item, concept, actor=BOB.cli())
    archive_entry(entry, actor=BOB.cli(), notice="Utdatert.")
    delete_entry(entry, actor=BOB.cli())
    logged = json.dumps(list(AuditEvent.objects.values_list("details", flat=True)), ensure_ascii=False)
    for text in ("Noko heilt nytt", "Prøvebustad", "Utdatert", "Vinje"):
        assert text not in logged
    mapped = AuditEvent.objects.get(action=AuditCode.ITEM_MAPPED)
    assert mapped.details["item"] == item.pk and mapped.details["to"] == concept.code


def test_get_entry_by_id_or_slug_and_a_clear_error_otherwise():
    entry = create_entry(a_draft(), actor=ALICE.cli())
    assert get_entry(entry.pk) == entry
    assert get_entry(entry.slug) == entry
    with pytest.raises(NotFound, match="no-such"):
        get_entry("no-such")
