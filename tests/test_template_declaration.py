"""The template is declared once (``tiltak.catalog.template``); the rest of the product reads it."""

from __future__ import annotations

from dataclasses import fields

from tiltak.api import schema
from tiltak.catalog.draft import EntryDraft
from tiltak.catalog.models import Entry, ListName
from tiltak.catalog.template import LIST_NAMES, TEXT_FIELDS
from tiltak.search.facets import FACET_BY_KEY


def test_every_declared_list_is_a_model_choice_a_facet_and_an_api_filter():
    assert set(ListName.values) == set(LIST_NAMES)
    assert all(FACET_BY_KEY[name].kind == "list" for name in LIST_NAMES)
    assert set(schema.LIST_FILTERS) == set(LIST_NAMES)


def test_every_declared_text_field_is_a_draft_field_and_a_model_column():
    draft_fields = {f.name for f in fields(EntryDraft)}
    for text_field in TEXT_FIELDS:
        assert text_field.name in draft_fields
        column = Entry._meta.get_field(text_field.name)
        assert getattr(column, "max_length", None) == text_field.max_length or text_field.max_length is None
