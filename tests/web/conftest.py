from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.demo import seed_paths
from jixiao.web import importing, models


@pytest.fixture(autouse=True)
def _uploads(settings, tmp_path: Path) -> None:
    settings.UPLOAD_DIR = tmp_path / "uploads"


@pytest.fixture
def demo(db) -> models.ImportBatch:
    """The seed documents imported as one batch."""
    uploads = [importing.Upload.from_path(path) for path in seed_paths()]
    return importing.commit(importing.preview(uploads), user=None, via="demo")


@pytest.fixture
def user(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("reviewer", password="correct-horse-42")


@pytest.fixture
def client_in(client, user):
    """A browser session of a logged-in user."""
    client.force_login(user)
    return client
