"""Django settings. Everything a deployment changes comes from the environment.

- DATABASE_URL: ``sqlite:////abs/path.db`` or ``postgres://user@host:port/name``. Default: an SQLite file
  in the data directory (the embedded default).
- TILTAK_DATA_DIR: where the embedded database lives. Default: ``$XDG_DATA_HOME/tiltak`` or
  ``~/.local/share/tiltak``.
- TILTAK_SECRET_KEY: signs sessions and links. Default: generated once into ``DATA_DIR/secret_key``.
- TILTAK_DEBUG, TILTAK_ALLOWED_HOSTS.
- TILTAK_QUERY_TIME_LIMIT: seconds each database statement of a web request may run (default 15; 0: none).
- TILTAK_HTTPS=1: served behind TLS (secure cookies, HSTS, redirect to https).
- TILTAK_BASE_URL: the address links in e-mails and `tiltak users` point at (default http://127.0.0.1:8000).
- TILTAK_EMAIL_HOST (and _PORT, _USER, _PASSWORD, TILTAK_EMAIL_FROM): send e-mail by SMTP; without it,
  e-mails are printed on the console.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import dj_database_url

from tiltak.accounts.secret import secret_key

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
SECRET_KEY = secret_key(DATA_DIR)
ALLOWED_HOSTS = os.environ.get("TILTAK_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "tiltak.stamp",
    "tiltak.vocabulary",
    "tiltak.places",
    "tiltak.catalog",
    "tiltak.evidence",
    "tiltak.search",
    "tiltak.web",
    "tiltak.api",
    "axes",
    "tiltak.accounts",
    "tiltak.studio",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tiltak.guards.RefuseNulMiddleware",
    "tiltak.limits.QueryTimeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tiltak.stamp.StampMiddleware",
    "tiltak.web.middleware.CatalogLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tiltak.urls"
CSRF_FAILURE_VIEW = "tiltak.web.errors.csrf_failure"
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
                "django.contrib.messages.context_processors.messages",
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
    # Tests get a file, not Django's shared-cache memory database: only a file has SQLite's real locking
    # (a busy writer makes the next one wait), which the concurrency tests exercise as production does.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"tiltak-test-{os.getpid()}.sqlite3")
    }

# Seconds each database statement of a web request may run (tiltak.limits); 0 turns the limit off.
QUERY_TIME_LIMIT = float(os.environ.get("TILTAK_QUERY_TIME_LIMIT", "15"))

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

# --- accounts (tiltak.accounts) ---
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Reads (and upgrades on login) passwords hashed before Argon2 was the default.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "studio:home"
LOGOUT_REDIRECT_URL = "web:home"
# A signed-in session lasts a working day, and ends with the browser.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# Login throttling (django-axes): 10 failed logins for one user name, or from one address, lock further
# attempts by it for 15 minutes; a successful login resets the count.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"

HTTPS = os.environ.get("TILTAK_HTTPS", "") == "1"
if HTTPS:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Behind a TLS-terminating proxy that says so.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_COOKIE_HTTPONLY = True
# HSTS preload commits the whole domain (often a municipality's) to HTTPS for good: the operator's decision.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

TILTAK_BASE_URL = os.environ.get("TILTAK_BASE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("TILTAK_EMAIL_FROM", "tiltakskatalogen@localhost")
if os.environ.get("TILTAK_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["TILTAK_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("TILTAK_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("TILTAK_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("TILTAK_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = True
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

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
