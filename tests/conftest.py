"""Shared test fixtures. Real documents are read from ../shared; they are never copied into the repo."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(__import__("os").environ.get("TILTAK_SHARED_DIR", REPO.parent / "shared"))
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus" / "dev"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.fail(f"The seed documents are missing: expected them in {SEEDS} (set TILTAK_SHARED_DIR)")
    return SEEDS


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"The corpus is missing: expected it in {CORPUS} (set TILTAK_SHARED_DIR)")
    return CORPUS


def seed_path(number: int) -> Path:
    """The seed file whose name starts with the three-digit number (000-004)."""
    return next(SEEDS.glob(f"{number:03d}_*.txt"))
