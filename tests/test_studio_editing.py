"""Editing in the staff area: the edit form (with the version it started from), publish/archive/restore,
history and the difference between versions, deletion by an admin. Signed in as the staff cast."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import builder
from tests.cast import sign_in
from tiltak.catalog.models import AuditCode, AuditEvent, Entry

pytestmark = pytest.mark.django_db

VINJE = {"name": "Vinje", "kind": "municipality", "code": "4036"}


@pytest.fixture
def entry():
    from tiltak.catalog.draft import DraftPlace

    builder.web_concepts()
    return builder.entry(
        "Prøvebustad i Vinje",
        language="nn",
        lead="Kommunen leiger ut bustader.",
        activities=[builder.item("Vertskapsordning", "host_scheme")],
        places=[DraftPlace(**VINJE)],
    )


def form_of(client, entry) -> dict[str, str]:
    """The edit form's fields as the page sends them (what a browser would submit unchanged)."""
    page = client.get(reverse("studio:edit", args=[entry.slug]))
    assert page.status_code == 200
    form = page.context["form"]
    return {name: "" if value is None else str(value) for name, value in form.initial.items()}


def test_an_editor_saves_the_form_as_a_new_version_keeping_mapped_items(client, entry):
    sign_in(client, "editor")
    data = form_of(client, entry)
    data.update(
        title="Prøvebustader i Vinje",
        list_activities="Vertskapsordning\nNoko heilt nytt",
        reason="title in plural",
    )
    response = client.post(reverse("studio:edit", args=[entry.slug]), data)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.title, entry.version) == ("Prøvebustader i Vinje", 2)
    items = list(entry.items.filter(list_name="activities").order_by("position"))
    assert [(i.text, i.concept.code if i.concept else None) for i in items] == [
        ("Vertskapsordning", "host_scheme"),
        ("Noko heilt nytt", None),
    ]
    version = entry.versions.get(number=2)
    assert (version.actor, version.via, version.reason) == ("alice@tiltak.no", "web", "title in plural")
    assert (
        client.get(reverse("web:entry", args=[entry.slug])).content.count(b"Pr\xc3\xb8vebustader i Vinje")
        >= 1
    )


def test_the_second_of_two_editors_is_refused_and_sees_what_the_first_changed(client, entry):
    from django.test import Client

    other = Client()
    sign_in(client, "editor")
    sign_in(other, "second_editor")
    mine, theirs = form_of(client, entry), form_of(other, entry)
    theirs["lead"] = "Bob skreiv dette først."
    assert other.post(reverse("studio:edit", args=[entry.slug]), theirs).status_code == 302
    mine["lead"] = "Alice skreiv dette etterpå."
    refused = client.post(reverse("studio:edit", args=[entry.slug]), mine)
    assert refused.status_code == 409
    text = refused.content.decode()
    assert "was changed by someone else" in text or "endra" in text
    assert "Bob skreiv dette først." in text  # what the other editor changed
    assert "Alice skreiv dette etterpå." in text  # what this editor typed is still in the form
    entry.refresh_from_db()
    assert (entry.lead, entry.version) == ("Bob skreiv dette først.", 2)


def test_a_form_with_a_bad_period_is_refused_naming_the_field(client, entry):
    sign_in(client, "editor")
    data = form_of(client, entry)
    data.update(period_start="2015", period_end="2010")
    response = client.post(reverse("studio:edit", args=[entry.slug]), data)
    assert response.status_code == 400
    assert response.context["form"].errors["period_end"]
    entry.refresh_from_db()
    assert entry.version == 1


def test_publish_archive_and_unarchive_from_the_entry_page(client, entry):
    sign_in(client, "editor")
    url = lambda verb: reverse("studio:change_status", args=[entry.slug, verb])  # noqa: E731
    client.post(url("archive"), {"version": "1", "notice": "Avslutta i 2020."})
    entry.refresh_from_db()
    assert (entry.status, entry.archive_notice) == ("archived", "Avslutta i 2020.")
    client.post(url("unarchive"))
    entry.refresh_from_db()
    assert entry.status == "published"
    page = client.post(url("publish"), follow=True)
    assert "already published" in page.content.decode()
    assert list(AuditEvent.objects.filter(entry=entry).order_by("id").values_list("action", flat=True)) == [
        AuditCode.ENTRY_CREATED,
        AuditCode.ENTRY_ARCHIVED,
        AuditCode.ENTRY_UNARCHIVED,
    ]


def test_history_compare_and_restore(client, entry):
    sign_in(client, "editor")
    data = form_of(client, entry)
    data["title"] = "Nytt namn"
    data["list_activities"] = ""
    client.post(reverse("studio:edit", args=[entry.slug]), data)
    history = client.get(reverse("studio:entry", args=[entry.slug])).content.decode()
    assert "alice@tiltak.no" in history and reverse("studio:compare", args=[entry.slug, 1, 2]) in history
    compared = client.get(reverse("studio:compare", args=[entry.slug, 1, 2])).content.decode()
    assert "Prøvebustad i Vinje" in compared and "Nytt namn" in compared
    assert "Vertskapsordning → host_scheme" in compared  # the removed list item, with its concept
    client.post(reverse("studio:restore", args=[entry.slug, 1]), {"version": "2"})
    entry.refresh_from_db()
    assert (entry.title, entry.version) == ("Prøvebustad i Vinje", 3)
    assert entry.items.filter(list_name="activities", concept__code="host_scheme").exists()


def test_only_an_admin_deletes_and_the_audit_row_outlives_the_entry(client, entry):
    sign_in(client, "editor")
    assert client.post(reverse("studio:delete", args=[entry.slug])).status_code == 403
    sign_in(client, "admin")
    confirm = client.get(reverse("studio:delete", args=[entry.slug]))
    assert b"Delete for good" in confirm.content or b"Slett" in confirm.content
    client.post(reverse("studio:delete", args=[entry.slug]), {"version": "1"})
    assert not Entry.objects.filter(pk=entry.pk).exists()
    row = AuditEvent.objects.get(action=AuditCode.ENTRY_DELETED)
    assert (row.actor, row.details["entry"]) == ("ada@tiltak.no", entry.pk)


def test_hostile_text_is_shown_as_text_in_the_form_and_the_diff(client, entry):
    sign_in(client, "editor")
    data = form_of(client, entry)
    data["title"] = '<script>alert("x")</script>'
    client.post(reverse("studio:edit", args=[entry.slug]), data)
    for url in (
        reverse("studio:edit", args=[entry.slug]),
        reverse("studio:compare", args=[entry.slug, 1, 2]),
    ):
        content = client.get(url).content.decode()
        assert "<script>alert" not in content and "&lt;script&gt;alert" in content
