"""First start of the web app: migrate, load the demo data once, make sure an administrator exists."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.management import call_command

from jixiao.demo import seed_paths
from jixiao.web import actions, importing, models


@dataclass(frozen=True)
class Admin:
    """The administrator made on first start; ``password`` is set only when it was generated."""

    username: str
    password: str | None


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
    return actions.import_batch(preview, actions.Actor(None, models.ImportBatch.Via.DEMO))


def expire_uploads() -> int:
    """Remove the uploads whose confirmation time has passed (done at every start)."""
    return actions.expire_uploads(actions.Actor(None, "system"))


def ensure_admin() -> Admin | None:
    """Create the first administrator (``JIXIAO_ADMIN_USER`` / ``JIXIAO_ADMIN_PASSWORD``).

    Nothing happens when a superuser exists. Without a password in the environment a random one
    is generated and returned, to be shown once.
    """
    users = get_user_model()
    if users.objects.filter(is_superuser=True).exists():
        return None
    username = os.environ.get("JIXIAO_ADMIN_USER") or "admin"
    given = os.environ.get("JIXIAO_ADMIN_PASSWORD")
    password = given or secrets.token_urlsafe(12)
    users.objects.create_superuser(username=username, password=password, email="")
    return Admin(username=username, password=None if given else password)
