"""The tests find the shared documents by themselves, or say where they looked and what to set."""

from __future__ import annotations

import pytest

from tests import shared


def test_the_shared_documents_are_found_next_to_the_checkout_or_where_the_variable_says():
    assert shared.seed_path(0).is_file()
    assert any(shared.corpus().glob("*.txt"))


def test_a_missing_shared_folder_names_where_it_looked_and_the_variable(monkeypatch, tmp_path):
    nowhere = tmp_path / "nowhere"
    monkeypatch.setenv(shared.VARIABLE, str(nowhere))
    with pytest.raises(shared.SharedDocumentsMissing) as missing:
        shared.seed_path(0)
    message = str(missing.value)
    assert str(nowhere / "seeds") in message and "TILTAK_SHARED_DIR" in message


def test_without_the_variable_the_message_names_the_folder_next_to_the_checkout(monkeypatch):
    monkeypatch.delenv(shared.VARIABLE, raising=False)
    monkeypatch.setattr(shared, "REPO", shared.REPO / "no-such-checkout")
    with pytest.raises(shared.SharedDocumentsMissing, match="TILTAK_SHARED_DIR is not set") as missing:
        shared.corpus()
    assert str(shared.REPO.parent / "shared" / "corpus" / "dev") in str(missing.value)


def test_a_missing_seed_number_is_named(monkeypatch, tmp_path):
    (tmp_path / "seeds").mkdir()
    monkeypatch.setenv(shared.VARIABLE, str(tmp_path))
    with pytest.raises(shared.SharedDocumentsMissing, match="No seed page numbered 007"):
        shared.seed_path(7)
