"""The audit log (admins: filters, CSV) and mapping list items from the web (editors: one item, or every
item with the same wording, learned as a variant)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from tests import builder
from tests.cast import sign_in
from tiltak.catalog.actor import Actor
from tiltak.catalog.models import AuditCode, ListItem
from tiltak.catalog.services import publish_entry
from tiltak.vocabulary.models import Variant

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries():
    builder.web_concepts()
    made = [
        builder.entry(
            f"Tiltak {n}",
            status="draft",
            activities=[builder.item("Bygdekafé for nye"), builder.item("Vertskapsordning", "host_scheme")],
        )
        for n in (1, 2, 3)
    ]
    publish_entry(made[0], actor=Actor.cli("=cmd|' /C calc'!A0"))
    return made


def test_the_audit_log_filters_by_user_action_and_entry(client, entries):
    sign_in(client, "admin")
    page = client.get(reverse("studio:audit"), {"action": AuditCode.ENTRY_PUBLISHED})
    rows = list(page.context["page"])
    assert [(r.action, r.entry_id) for r in rows] == [(AuditCode.ENTRY_PUBLISHED, entries[0].pk)]
    by_entry = client.get(reverse("studio:audit"), {"entry": str(entries[1].pk)})
    assert {r.entry_id for r in by_entry.context["page"]} == {entries[1].pk}
    assert len(client.get(reverse("studio:audit"), {"user": "alice"}).context["page"]) == 3
    bad = client.get(reverse("studio:audit"), {"entry": "tiltak-1", "from": "yesterday"})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "tiltak-1" in text and "yesterday" in text


def test_the_audit_log_downloads_as_csv_with_the_same_filters_and_no_formulas(client, entries):
    sign_in(client, "admin")
    response = client.get(reverse("studio:audit_csv"), {"action": AuditCode.ENTRY_PUBLISHED})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["at", "actor", "via", "action", "entry", "details"]
    assert len(rows) == 2 and rows[1][3] == AuditCode.ENTRY_PUBLISHED
    assert rows[1][1].startswith("'=")  # a spreadsheet shows it as text, never runs it
    assert client.get(reverse("studio:audit_csv"), {"to": "2026-13-40"}).status_code == 400


def test_mapping_page_shows_each_wording_with_its_reach(client, entries, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    sign_in(client, "editor")
    page = client.get(reverse("studio:mapping"))
    (wording, _concepts), *_ = page.context["rows"]
    assert (wording.text, len(wording.item_ids), len(wording.entry_ids)) == ("Bygdekafé for nye", 3, 3)
    assert "3 items in 3 entries" in page.content.decode()


def test_mapping_one_item_leaves_the_others_for_review(client, entries):
    sign_in(client, "editor")
    first = ListItem.objects.filter(text="Bygdekafé for nye").order_by("pk").first()
    client.post(reverse("studio:map"), {"item": first.pk, "concept": "host_scheme"})
    assert ListItem.objects.filter(text="Bygdekafé for nye", concept__code="host_scheme").count() == 1
    assert not Variant.objects.filter(text="Bygdekafé for nye").exists()


def test_learning_a_wording_maps_every_item_with_it_and_keeps_the_variant(client, entries):
    sign_in(client, "editor")
    first = ListItem.objects.filter(text="Bygdekafé for nye").order_by("pk").first()
    page = client.post(
        reverse("studio:map"), {"item": first.pk, "concept": "host_scheme", "learn": "1"}, follow=True
    )
    assert (
        ListItem.objects.filter(text="Bygdekafé for nye", concept__code="host_scheme", match="editor").count()
        == 3
    )
    assert Variant.objects.filter(
        text="Bygdekafé for nye", concept__code="host_scheme", origin="editor"
    ).exists()
    assert page.context["rows"] == []
    # Each mapping is a new version of its entry, so it can be undone by restoring the one before.
    for entry in entries:
        entry.refresh_from_db()
        assert entry.audit.filter(action=AuditCode.ITEM_MAPPED, via="web").count() == 1


def test_an_unknown_concept_maps_nothing(client, entries):
    sign_in(client, "editor")
    first = ListItem.objects.filter(text="Bygdekafé for nye").first()
    page = client.post(reverse("studio:map"), {"item": first.pk, "concept": "no_such"}, follow=True)
    assert "no_such" in page.content.decode()
    assert not ListItem.objects.filter(text="Bygdekafé for nye", concept__isnull=False).exists()


def test_the_audit_log_names_each_action_in_the_readers_language(client, entries):
    sign_in(client, "admin")
    client.get("/sprak/nn/")
    page = client.get(reverse("studio:audit")).content.decode()
    assert "tiltak publisert" in page and "tiltak oppretta" in page
    assert "entry created" not in page
