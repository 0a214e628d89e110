"""Shared test fixtures. Real documents are read from ../shared; they are never copied into the repo."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# No wall-clock deadlines (the machine is shared; speed is measured in benchmarks, not tests), and a
# fixed seed in CI so a run is repeatable.
settings.register_profile(
    "default", deadline=None, max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.register_profile("ci", parent=settings.get_profile("default"), derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TILTAK_SHARED_DIR", REPO.parent / "shared"))
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


def _fast_password_hashing() -> None:
    # Argon2 is the product's hasher and is meant to be slow; tests hash with MD5 (tests/test_accounts.py
    # checks the product's setting itself).
    from django.conf import settings as django_settings

    django_settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


_fast_password_hashing()
