"""Django settings, read from the environment with safe defaults (documented in README.md).

- ``JIXIAO_DATA_DIR``: where the SQLite file (``jixiao.sqlite3``) and uploads live;
  default ``$XDG_DATA_HOME/jixiao`` (``~/.local/share/jixiao``).
- ``DATABASE_URL``: ``postgresql://user:pass@host:5432/name`` to use PostgreSQL (psycopg 3).
- ``JIXIAO_SECRET_KEY``: the secret key; by default one is generated once and kept in the data dir.
- ``JIXIAO_DEBUG=1``: Django debug mode (off by default).
- ``JIXIAO_ALLOWED_HOSTS``: comma-separated host names (default: localhost names).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The per-user data directory (created on first use)."""
    default = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "jixiao"
    path = Path(os.environ.get("JIXIAO_DATA_DIR") or default).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def _secret_key(directory: Path) -> str:
    if key := os.environ.get("JIXIAO_SECRET_KEY"):
        return key
    path = directory / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


DATA_DIR = data_dir()
SECRET_KEY = _secret_key(DATA_DIR)
DEBUG = os.environ.get("JIXIAO_DEBUG") == "1"
ALLOWED_HOSTS = os.environ.get("JIXIAO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "ninja",
    "jixiao.web.apps.WebConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jixiao.web.urls"
WSGI_APPLICATION = "jixiao.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'jixiao.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # a write transaction takes the lock when it starts, so two concurrent imports queue up
    # instead of failing with "database is locked" when one upgrades a read to a write
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes: lock an account+address out for an hour after 5 failed logins
AXES_FAILURE_LIMIT = int(os.environ.get("JIXIAO_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

#: uploads larger than this are refused (the same limit as the readers')
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000  # the editor posts 5 fields per indicator row (≤ 300 rows)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

#: hours an upload waits for its owner's confirmation before it is removed
JIXIAO_UPLOAD_HOURS = int(os.environ.get("JIXIAO_UPLOAD_HOURS", "24"))

#: overrides of the profiles jixiao.domain.profile_choice picks (unset: its defaults): the review
#: profile applied on import, and the scoring profile of each self-evaluation scope
JIXIAO_REVIEW_PROFILE = os.environ.get("JIXIAO_REVIEW_PROFILE") or None
JIXIAO_SCORING_PROFILES = {
    "department": os.environ.get("JIXIAO_SCORING_PROFILE_DEPARTMENT") or None,
    "project": os.environ.get("JIXIAO_SCORING_PROFILE_PROJECT") or None,
}
