"""First start of the web app: migrate, load the demo data once, make sure an administrator exists.

Several ``jixiao serve`` may start at the same instant on one empty database (N web processes
behind a load balancer): :func:`one_at_a_time` lets one process at a time run these steps, so the
tables are created once and a single administrator is made.
"""

from __future__ import annotations

import fcntl
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from jixiao.demo import seed_paths
from jixiao.web import actions, importing, models


@dataclass(frozen=True)
class Admin:
    """The administrator made on first start; ``password`` is set only when it was generated."""

    username: str
    password: str | None


#: the PostgreSQL advisory lock of the first-start steps (any fixed number; "jixiao" in ASCII)
_LOCK = 0x6A6978696171


@contextmanager
def one_at_a_time() -> Iterator[None]:
    """Within it no other process runs the first-start steps on the same database: a session
    advisory lock on PostgreSQL (it holds across the migrations' transactions), an exclusive
    ``flock`` on a file beside the database on SQLite (one machine). An in-memory database is
    the process's own."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [_LOCK])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_LOCK])
        return
    name = str(settings.DATABASES["default"]["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        yield
        return
    with Path(f"{name}.start-lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def migrate() -> None:
    call_command("migrate", interactive=False, verbosity=0)


def load_demo() -> models.ImportBatch | None:
    """Import the seed documents unless ``JIXIAO_DEMO=0`` or they are already in (by file hash)."""
    if os.environ.get("JIXIAO_DEMO", "1") == "0":
        return None
    uploads = [importing.Upload.from_path(path) for path in seed_paths()]
    preview = importing.preview(uploads)
    if not preview.committable:
        return None
    return actions.import_batch(preview, actions.Actor(None, str(models.ImportBatch.Via.DEMO)))


def expire_uploads() -> int:
    """Remove the uploads whose confirmation time has passed (done at every start)."""
    return actions.expire_uploads(actions.Actor(None, "system"))


class WeakPassword(Exception):
    """``JIXIAO_ADMIN_PASSWORD`` fails the password validators; the message says why."""


def ensure_admin() -> Admin | None:
    """Create the first administrator (``JIXIAO_ADMIN_USER`` / ``JIXIAO_ADMIN_PASSWORD``).

    Nothing happens when a superuser exists. Without a password in the environment a random one
    is generated and returned, to be shown once. A given password must pass the same validators
    as any other (``AUTH_PASSWORD_VALIDATORS``: 12 characters, not common, not like the name),
    else WeakPassword and no administrator.
    """
    users = get_user_model()
    if users.objects.filter(is_superuser=True).exists():
        return None
    username = os.environ.get("JIXIAO_ADMIN_USER") or "admin"
    given = os.environ.get("JIXIAO_ADMIN_PASSWORD")
    password = given or secrets.token_urlsafe(12)
    try:
        validate_password(password, users(username=username))
    except ValidationError as exc:
        raise WeakPassword(" ".join(exc.messages)) from exc
    users.objects.create_superuser(username=username, password=password, email="")
    return Admin(username=username, password=None if given else password)
