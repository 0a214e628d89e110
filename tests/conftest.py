"""Shared test fixtures. Real documents are read from the shared folder (``tests/shared.py`` says where);
they are never copied into the repo. Catalogs come from ``tests/builder.py``, people from ``tests/cast.py``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests import builder, shared

# No wall-clock deadlines (the machine is shared; speed is measured in benchmarks, not tests), and a
# fixed seed in CI so a run is repeatable.
settings.register_profile(
    "default", deadline=None, max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.register_profile("ci", parent=settings.get_profile("default"), derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return shared.seeds()


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return shared.corpus()


@pytest.fixture
def api_catalog(db) -> builder.ApiCatalog:
    """The API tests' catalog (``builder.api_catalog``): one entry per status and a hostile one."""
    return builder.api_catalog()


def _fast_password_hashing() -> None:
    # Argon2 is the product's hasher and is meant to be slow; tests hash with MD5 (tests/test_accounts.py
    # checks the product's setting itself).
    from django.conf import settings as django_settings

    django_settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


_fast_password_hashing()
