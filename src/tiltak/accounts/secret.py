"""The secret key (signs sessions, CSRF tokens, password-reset links): from ``TILTAK_SECRET_KEY``, else
generated once into the data directory, readable by its owner only. Read by settings, before Django is
set up, so nothing here imports Django."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

# Only when the data directory cannot be written (a read-only checkout running checks); production mode
# refuses it (``tiltak.accounts.checks``).
FALLBACK_KEY = "tiltak-insecure-fallback-key-data-directory-not-writable"
FILE_NAME = "secret_key"


def secret_key(data_dir: Path) -> str:
    configured = os.environ.get("TILTAK_SECRET_KEY", "").strip()
    if configured:
        return configured
    path = data_dir / FILE_NAME
    try:
        return path.read_text(encoding="ascii").strip() or _write(path)
    except FileNotFoundError:
        try:
            return _write(path)
        except OSError:
            return FALLBACK_KEY
    except OSError:
        return FALLBACK_KEY


def _write(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # O_EXCL: of two processes starting at once, one writes and the other reads what it wrote.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key
