"""The catalog's service functions: saving drafts, versions, provenance, status changes, audit."""

from __future__ import annotations

import pytest

from tiltak.catalog.draft import DraftItem, DraftPlace, DraftSection, EntryDraft, SourceInfo
from tiltak.catalog.models import AuditEvent, Entry, EntryVersion, ListItem
from tiltak.catalog.services import archive_entry, delete_entry, get_entry, publish_entry, save_draft
from tiltak.errors import InvalidInput, NotFound
from tiltak.vocabulary.models import Concept

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


def test_saving_a_draft_creates_an_entry_with_every_part():
    outcome = save_draft(a_draft(), source=source(), by="alice")
    entry = outcome.entry
    assert outcome.status == "created"
    assert entry.slug == "provebustad-i-vinje"
    assert [i.text for i in entry.items.filter(list_name="activities")] == [
        "Vertskapsordning",
        "Noko heilt nytt",
    ]
    assert entry.sections.get().heading == "Organisering"
    assert entry.sources.get().file_name == "vinje.txt"
    assert entry.entry_places.get().place.name == "Vinje"
    assert entry.versions.count() == 1
    assert AuditEvent.objects.filter(entry=entry, action="created", actor="alice").exists()


def test_same_source_and_checksum_is_unchanged():
    first = save_draft(a_draft(), source=source(), by="alice").entry
    again = save_draft(a_draft(), source=source(), by="alice")
    assert again.status == "unchanged"
    assert again.entry.pk == first.pk
    assert Entry.objects.count() == 1
    assert EntryVersion.objects.count() == 1


def test_changed_source_updates_the_same_entry_as_a_new_version():
    first = save_draft(a_draft(), source=source(), by="alice").entry
    changed = a_draft(main_goal="Femti nye innbyggjarar.")
    changed.lists["activities"] = [DraftItem(text="Vertskapsordning")]
    outcome = save_draft(changed, source=source(checksum="b" * 64), by="alice")
    assert outcome.status == "updated"
    assert outcome.entry.pk == first.pk
    entry = Entry.objects.get(pk=first.pk)
    assert entry.version == 2
    assert entry.main_goal == "Femti nye innbyggjarar."
    assert entry.items.count() == 1
    assert [v.number for v in entry.versions.all()] == [1, 2]
    assert entry.versions.get(number=1).data["main_goal"] == "Fleire innbyggjarar."


def test_slugs_stay_unique_for_entries_with_the_same_title():
    one = save_draft(a_draft(), source=None, by="alice").entry
    two = save_draft(a_draft(), source=None, by="alice").entry
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
        save_draft(a_draft(**change), source=source(), by="alice")
    assert Entry.objects.count() == 0
    assert ListItem.objects.count() == 0


def test_an_unknown_concept_code_names_the_code_and_leaves_the_old_version_intact():
    entry = save_draft(a_draft(), source=source(), by="alice").entry
    bad = a_draft(title="Endra")
    bad.lists["activities"] = [DraftItem(text="x", concept="no_such_concept", match="exact")]
    with pytest.raises(InvalidInput, match="no_such_concept"):
        save_draft(bad, source=source(checksum="c" * 64), by="alice")
    entry.refresh_from_db()
    assert entry.title == "Prøvebustad i Vinje"
    assert entry.items.count() == 2
    assert entry.version == 1


def test_a_known_concept_code_links_the_item_to_its_concept():
    concept = Concept.objects.filter(scheme__code="activities").first()
    if concept is None:
        pytest.fail("the activities vocabulary is not loaded on migrate")
    draft = a_draft()
    draft.lists["activities"] = [DraftItem(text="som skrive", concept=concept.code, match="exact")]
    entry = save_draft(draft, source=None, by="alice").entry
    item = entry.items.get()
    assert item.concept == concept
    assert item.text == "som skrive"


def test_archive_and_publish_change_status_and_are_audited():
    entry = save_draft(a_draft(), source=None, by="alice").entry
    archived = archive_entry(entry, by="bob", notice="Utdatert.")
    assert archived.status == "archived"
    assert archived.archive_notice == "Utdatert."
    with pytest.raises(InvalidInput, match="already archived"):
        archive_entry(entry, by="bob")
    published = publish_entry(entry, by="bob")
    assert published.status == "published"
    assert list(AuditEvent.objects.filter(entry=entry).values_list("action", flat=True)) == [
        "published",
        "archived",
        "created",
    ]


def test_delete_keeps_an_audit_trace():
    entry = save_draft(a_draft(), source=None, by="alice").entry
    delete_entry(entry, by="bob")
    assert not Entry.objects.exists()
    event = AuditEvent.objects.get(action="deleted")
    assert event.details["title"] == "Prøvebustad i Vinje"


def test_get_entry_by_id_or_slug_and_a_clear_error_otherwise():
    entry = save_draft(a_draft(), source=None, by="alice").entry
    assert get_entry(entry.pk) == entry
    assert get_entry(entry.slug) == entry
    with pytest.raises(NotFound, match="no-such"):
        get_entry("no-such")
