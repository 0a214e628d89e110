"""The shared test catalogs are what their docstrings say (the API and page tests rely on it)."""

from __future__ import annotations

import pytest

from tests.builder import HOSTILE, web_catalog
from tests.cast import ALICE
from tiltak.catalog.models import AuditEvent, Entry

pytestmark = pytest.mark.django_db


def test_the_api_catalog_has_one_entry_per_status(api_catalog):
    assert set(Entry.objects.values_list("status", flat=True)) == {"published", "archived", "draft"}
    assert api_catalog.hostile.title == HOSTILE.strip()


def test_the_web_catalog_has_five_public_entries_and_a_draft():
    statuses = sorted(e.status for e in web_catalog().values())
    assert statuses == ["archived", "draft", "published", "published", "published", "published"]


def test_builder_entries_are_made_by_alice():
    web_catalog()
    assert set(AuditEvent.objects.values_list("actor", flat=True)) == {ALICE.username}
