"""Django settings. Everything a deployment changes comes from the environment.

- DATABASE_URL: ``sqlite:////abs/path.db`` or ``postgres://user@host:port/name``. Default: an SQLite file
  in the data directory (the embedded default).
- TILTAK_DATA_DIR: where the embedded database lives. Default: ``$XDG_DATA_HOME/tiltak`` or
  ``~/.local/share/tiltak``.
- TILTAK_SECRET_KEY, TILTAK_DEBUG, TILTAK_ALLOWED_HOSTS.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent.parent


def data_dir() -> Path:
    configured = os.environ.get("TILTAK_DATA_DIR")
    if configured:
        return Path(configured).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "tiltak"


DATA_DIR = data_dir()
DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'tiltak.sqlite3'}"

DEBUG = os.environ.get("TILTAK_DEBUG", "") == "1"
# The catalog holds no secrets yet (no accounts); a fixed development key is acceptable until the
# editorial workflow arrives, when TILTAK_SECRET_KEY becomes mandatory in production.
SECRET_KEY = os.environ.get("TILTAK_SECRET_KEY", "tiltak-development-key-not-for-production")
ALLOWED_HOSTS = os.environ.get("TILTAK_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "tiltak.stamp",
    "tiltak.vocabulary",
    "tiltak.places",
    "tiltak.catalog",
    "tiltak.search",
    "tiltak.web",
    "tiltak.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tiltak.stamp.StampMiddleware",
    "tiltak.web.middleware.CatalogLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "tiltak.urls"
WSGI_APPLICATION = "tiltak.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL, conn_max_age=60)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers (web requests) go on while an import writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Oslo"

STATIC_URL = "/static/"
# Static files are served from the app packages and node_modules through the finders; a collected copy is
# only needed behind a separate web server (set TILTAK_STATIC_ROOT and run collectstatic).
STATIC_ROOT = os.environ.get("TILTAK_STATIC_ROOT") or None
STATICFILES_DIRS = [p for p in [REPO_DIR / "node_modules" / "@digdir"] if p.is_dir()]
# Serve straight from the finders (no collectstatic step needed for `tiltak serve`).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Imports larger than this are refused with a clear message (issue #2).
TILTAK_MAX_IMPORT_BYTES = 10 * 1024 * 1024
# A .docx is a zip: what it may unpack to, and the characters any imported document may hold (a catalog
# page has a few thousand; the limits stop decompression bombs and runaway pages, see docs/operations.md).
TILTAK_MAX_UNPACKED_BYTES = 25 * 1024 * 1024
TILTAK_MAX_IMPORT_CHARACTERS = 1_000_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
