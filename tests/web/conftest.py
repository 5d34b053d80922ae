from __future__ import annotations

import pytest

from jixiao.demo import seed_paths
from jixiao.web import actions, importing, models


@pytest.fixture(scope="session")
def demo_preview(django_db_setup, django_db_blocker) -> importing.Preview:
    """The preview of the seed documents, read and reviewed once for the session (the tests
    that use it start from an empty database, so the preview is the same for each)."""
    with django_db_blocker.unblock():
        uploads = [importing.Upload.from_path(path) for path in seed_paths()]
        return importing.preview(uploads)


@pytest.fixture
def demo(db, demo_preview: importing.Preview) -> models.ImportBatch:
    """The seed documents imported as one batch (the action plans each document again)."""
    return actions.import_batch(demo_preview, actions.Actor(None, "demo"))


@pytest.fixture(scope="session")
def password_hash() -> str:
    """The fixtures' password, correct-horse-42, hashed once for the session by jixiao's hasher
    (Argon2: ≈ 0.25 s of CPU a hash by design, hundreds of users in the tests), whatever a test
    that asks first has in its ``settings``."""
    from django.contrib.auth.hashers import make_password
    from django.utils.module_loading import import_string

    from jixiao.web import settings as configured

    return make_password("correct-horse-42", hasher=import_string(configured.PASSWORD_HASHERS[0])())


def _user(name: str, password_hash: str):
    """A user who logs in with correct-horse-42, stored with its hash (``create_user`` would
    hash the password again)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create(username=name, password=password_hash)


@pytest.fixture
def user(db, password_hash: str):
    """A finance reviewer (财政局审核人): sees every department, imports, reviews."""
    created = _user("reviewer", password_hash)
    models.Membership.objects.create(user=created, role="finance_reviewer")
    return created


@pytest.fixture
def client_in(client, user):
    """A browser session of a logged-in user."""
    client.force_login(user)
    return client


@pytest.fixture(scope="session")
def django_db_modify_db_settings(tmp_path_factory) -> None:
    """On SQLite, test in a file as jixiao runs (not in shared-cache memory, which has table
    locks instead of SQLite's file locking), so concurrency tests see the real behaviour."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database["TEST"] = {
            **database.get("TEST", {}),
            "NAME": str(tmp_path_factory.mktemp("db") / "test.sqlite3"),
        }


@pytest.fixture
def member(db, password_hash: str):
    """Make a user with a role (and department): ``member("unit_editor", department)``."""
    made = iter(range(1, 1000))

    def make(role: str, department: models.Department | None = None, name: str = ""):
        created = _user(name or f"{role}-{next(made)}", password_hash)
        models.Membership.objects.create(user=created, role=role, department=department)
        return created

    return make


@pytest.fixture
def database_url(transactional_db) -> str:
    """The test database as a DATABASE_URL, for ``jixiao`` processes started by a test (the test
    commits its rows, so that they see them)."""
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgresql://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the disclosure site caches its pages) and no kept
    score (jixiao.web.scored)."""
    from django.core.cache import cache

    from jixiao.web import scored

    cache.clear()
    scored.clear()
