"""Deployment checks of our own, run by `tiltak check --deploy` (Django's ``check --deploy``) and before
`tiltak serve` in production mode: no production server with the fallback secret key."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

from tiltak.accounts.secret import FALLBACK_KEY


def production_mode() -> bool:
    """Production is what the environment says: served behind TLS, or for named hosts."""
    import os

    return bool(settings.HTTPS or os.environ.get("TILTAK_ALLOWED_HOSTS"))


def key_problem() -> str:
    if settings.SECRET_KEY == FALLBACK_KEY:
        return (
            "The secret key is the built-in fallback (the data directory "
            f"{settings.DATA_DIR} could not be written): set TILTAK_SECRET_KEY, or make the data directory "
            "writable so a key is generated there."
        )
    return ""


@register(Tags.security, deploy=True)
def check_secret_key(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    problem = key_problem()
    return [Error(problem, id="tiltak.E001")] if problem else []
