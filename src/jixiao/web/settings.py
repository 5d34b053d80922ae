"""Django settings, read from the environment with safe defaults (documented in README.md).

- ``JIXIAO_DATA_DIR``: where the SQLite file (``jixiao.sqlite3``) and uploads live;
  default ``$XDG_DATA_HOME/jixiao`` (``~/.local/share/jixiao``).
- ``DATABASE_URL``: ``postgresql://user:pass@host:5432/name`` to use PostgreSQL (psycopg 3).
- ``JIXIAO_SECRET_KEY``: the secret key; by default one is generated once and kept in the data dir.
- ``JIXIAO_DEBUG=1``: Django debug mode (off by default).
- ``JIXIAO_ALLOWED_HOSTS``: comma-separated host names (default: localhost names).
- ``JIXIAO_PUBLIC_CACHE_SECONDS``: the longest a disclosure page stays cached (docs/disclosure.md).
- Logins, sessions, tokens and TLS (docs/security.md): ``JIXIAO_LOGIN_FAILURES``,
  ``JIXIAO_LOGIN_FAILURES_PER_ADDRESS``, ``JIXIAO_SESSION_IDLE_MINUTES``,
  ``JIXIAO_SESSION_MAX_HOURS``, ``JIXIAO_TOKEN_DAYS``, ``JIXIAO_SECURE``, ``JIXIAO_HSTS_SECONDS``.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from jixiao.domain.monitoring_watch import deadline
from jixiao.web.files import private_file

if TYPE_CHECKING:
    from jixiao.domain.profile_choice import Scope

PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The per-user data directory, created on first use; only its owner may enter it (0700).
    A shared directory (sticky bit, as ``/tmp``) is refused: making it 0700 would lock every
    other user of it out."""
    default = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "jixiao"
    path = Path(os.environ.get("JIXIAO_DATA_DIR") or default).expanduser()
    if path.is_dir() and path.stat().st_mode & stat.S_ISVTX:
        raise ImproperlyConfigured(
            f"JIXIAO_DATA_DIR={path} is a shared directory (sticky bit, as /tmp): give jixiao a "
            f"directory of its own, e.g. {path / 'jixiao'} (it is made 0700)"
        )
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def _secret_key(directory: Path) -> str:
    if key := os.environ.get("JIXIAO_SECRET_KEY"):
        return key
    path = directory / "secret_key"
    if not path.exists() or not path.read_text(encoding="utf-8").strip():
        private_file(path).write_text(secrets.token_urlsafe(50), encoding="utf-8")
    return private_file(path).read_text(encoding="utf-8").strip()


def _database() -> dict[str, Any]:
    """``DATABASE_URL``, or SQLite in the data dir: WAL, a busy timeout, IMMEDIATE transactions.

    The SQLite file is created 0600 before the first connection; SQLite gives its ``-wal`` and
    ``-shm`` files the same mode.
    """
    if os.environ.get("DATABASE_URL"):
        return dict(dj_database_url.config(conn_max_age=60))
    path = private_file(DATA_DIR / "jixiao.sqlite3")
    config = dict(dj_database_url.parse(f"sqlite:///{path}", conn_max_age=60))
    config["OPTIONS"] = {
        "timeout": SQLITE_BUSY_SECONDS,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
    return config


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
    "django_tasks",
    "django_tasks_db",
    "jixiao.web.apps.WebConfig",
    "jixiao.public.apps.PublicConfig",
]

MIDDLEWARE = [
    "jixiao.web.headers.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jixiao.web.sessions.SessionLifetimeMiddleware",
    "jixiao.web.permissions.PerRequest",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "jixiao.web.untrusted.CancelOnDisconnect",
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

#: how long a SQLite write waits for another writer before "database is locked"
SQLITE_BUSY_SECONDS = 20
DATABASES = {"default": _database()}
_EXTERNAL_DB = bool(os.environ.get("DATABASE_URL"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
_VALIDATION = "django.contrib.auth.password_validation."
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": _VALIDATION + "MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": _VALIDATION + "CommonPasswordValidator"},
    {"NAME": _VALIDATION + "UserAttributeSimilarityValidator"},
    {"NAME": _VALIDATION + "NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes: lock a user name + address out for an hour after 5 failed logins, and an address
# after 20 failed logins whatever the user names (password spraying); see jixiao.web.throttle
JIXIAO_LOGIN_FAILURES = int(os.environ.get("JIXIAO_LOGIN_FAILURES", "5"))
JIXIAO_LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("JIXIAO_LOGIN_FAILURES_PER_ADDRESS", "20"))
AXES_FAILURE_LIMIT = "jixiao.web.throttle.failure_limit"
AXES_CLIENT_IP_CALLABLE = "jixiao.web.throttle.client_address"
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = False  # else one good login (any account) would clear the address's count

# Login sessions: closed after JIXIAO_SESSION_IDLE_MINUTES without a request, and in any case
# JIXIAO_SESSION_MAX_HOURS after the login (jixiao.web.sessions moves the expiry)
SESSION_COOKIE_AGE = 60 * int(os.environ.get("JIXIAO_SESSION_IDLE_MINUTES", "30"))
JIXIAO_SESSION_MAX_HOURS = float(os.environ.get("JIXIAO_SESSION_MAX_HOURS", "12"))
#: how long a page of the disclosure site (/public/) stays cached at most (jixiao.public.cache)
JIXIAO_PUBLIC_CACHE_SECONDS = int(os.environ.get("JIXIAO_PUBLIC_CACHE_SECONDS", "600"))
#: how long a new API token lives unless asked for less (jixiao.web.auth)
JIXIAO_TOKEN_DAYS = int(os.environ.get("JIXIAO_TOKEN_DAYS", "30"))

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

# JIXIAO_SECURE=1 behind a TLS proxy (docs/security.md): cookies only over HTTPS, HSTS, and the
# proxy's X-Forwarded-Proto says whether the request came over HTTPS
JIXIAO_SECURE = os.environ.get("JIXIAO_SECURE") == "1"
if JIXIAO_SECURE:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("JIXIAO_HSTS_SECONDS", str(365 * 24 * 3600)))

#: uploads are read in a sandboxed worker process (jixiao.ingest.sandbox): CPU seconds and memory
#: per file, files read at once (0: one per CPU core) and files that may wait (排队中) for a worker
JIXIAO_PARSE_SECONDS = float(os.environ.get("JIXIAO_PARSE_SECONDS", "20"))
#: the unit that runs the system, shown on the login page under the system name (blank: none)
JIXIAO_UNIT_NAME = os.environ.get("JIXIAO_UNIT_NAME", "").strip()[:100]
JIXIAO_PARSE_MEMORY_MB = int(os.environ.get("JIXIAO_PARSE_MEMORY_MB", "1024"))
JIXIAO_PARSE_WORKERS = int(os.environ.get("JIXIAO_PARSE_WORKERS", "0"))
JIXIAO_PARSE_QUEUE = int(os.environ.get("JIXIAO_PARSE_QUEUE", "4"))

#: hours an upload waits for its owner's confirmation before it is removed
JIXIAO_UPLOAD_HOURS = int(os.environ.get("JIXIAO_UPLOAD_HOURS", "24"))

#: overrides of the profiles jixiao.domain.profile_choice picks (unset: its defaults): the review
#: profile applied on import, and the scoring profile of each self-evaluation scope
JIXIAO_REVIEW_PROFILE = os.environ.get("JIXIAO_REVIEW_PROFILE") or None
JIXIAO_SCORING_PROFILES: dict[Scope, str | None] = {
    "department": os.environ.get("JIXIAO_SCORING_PROFILE_DEPARTMENT") or None,
    "project": os.environ.get("JIXIAO_SCORING_PROFILE_PROJECT") or None,
}

#: background jobs (docs/jobs.md): django-tasks with its database backend, so any worker of any
#: machine takes jobs from the shared database. A job whose worker sent no heartbeat for
#: JIXIAO_JOB_STALE_SECONDS is taken as lost and run again, at most JIXIAO_JOB_ATTEMPTS times.
#: `jixiao serve` runs a worker thread of its own on the embedded SQLite database (one command
#: serves pages and runs jobs); with DATABASE_URL it does not, unless JIXIAO_WORKER_THREAD=1.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
JIXIAO_JOB_STALE_SECONDS = float(os.environ.get("JIXIAO_JOB_STALE_SECONDS", "120"))
JIXIAO_JOB_ATTEMPTS = int(os.environ.get("JIXIAO_JOB_ATTEMPTS", "3"))
JIXIAO_WORKER_THREAD = os.environ.get("JIXIAO_WORKER_THREAD", "0" if _EXTERNAL_DB else "1") == "1"

# 绩效运行监控 (docs/year.md): the day of the year (MM-DD) by which a project's monitoring report
# must be submitted; after it, an approved project without one is on the 预警 list
JIXIAO_MONITORING_DEADLINE = os.environ.get("JIXIAO_MONITORING_DEADLINE", "08-31")
try:
    deadline(2024, JIXIAO_MONITORING_DEADLINE)  # a leap year: 02-29 is a day
except ValueError:
    raise ImproperlyConfigured(
        f"JIXIAO_MONITORING_DEADLINE={JIXIAO_MONITORING_DEADLINE!r}: expected MM-DD, e.g. 08-31"
    ) from None
