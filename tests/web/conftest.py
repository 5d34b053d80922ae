from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import Future
from typing import TYPE_CHECKING

import pytest

from jixiao.demo import seed_paths
from jixiao.ingest.answers import Pickled
from jixiao.ingest.errors import ReadError
from jixiao.web import actions, engines, importing, models, untrusted

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: pytest-django's fixtures that open the test database to a test
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test marked ``ignores_database_url`` (CI's PostgreSQL pass deselects it: it runs the
    same in ``make test``) must not use the test database, which that pass is there to test."""
    for item in items:
        if item.get_closest_marker("ignores_database_url") and (
            item.get_closest_marker("django_db")
            or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        ):
            raise pytest.UsageError(
                f"{item.nodeid} uses the test database: not ignores_database_url"
            )


class Readings:
    """The sandbox's readings of files, kept for the session: ``importing.preview(uploads,
    read=readings)`` reads each file (by name, content and the review profile in force, whose
    single-document findings come with it) in a worker once, and afterwards gives that reading
    again, unpickled anew (a test may change its documents). Only the part that depends on no
    stored row is kept: what depends on the test's database (files imported before, the review,
    the plan) is worked out by each preview, as with its own reading."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, str, str], Pickled] = {}

    def __call__(self, upload: importing.Upload) -> Future[untrusted.Reviewed]:
        expected = engines.review_profile_of(())  # as the preview asks its workers
        key = (upload.name, upload.sha256, engines.profile_hash(expected))
        reading: Future[untrusted.Reviewed] = Future()
        if key not in self._kept:
            try:
                with untrusted.batch() as sandbox:
                    self._kept[key] = sandbox.read_pickled(
                        upload.name, upload.data, engines.in_force(expected)
                    )
            except ReadError as error:  # not kept: the preview reports it as its own reading's
                reading.set_exception(error)
                return reading
        reading.set_result(self._kept[key].loads())
        return reading


@pytest.fixture(scope="session")
def readings() -> Readings:
    """The sandbox's readings kept for the session (:class:`Readings`), for fixtures that import
    the same seed files test after test."""
    return Readings()


@pytest.fixture(scope="session")
def demo_preview(django_db_setup, django_db_blocker, readings: Readings) -> importing.Preview:
    """The preview of the seed documents, read and reviewed once for the session (the tests
    that use it start from an empty database, so the preview is the same for each); the seed
    files' readings are kept for the fixtures that import them again (:class:`Readings`)."""
    with django_db_blocker.unblock():
        uploads = [importing.Upload.from_path(path) for path in seed_paths()]
        return importing.preview(uploads, read=readings)


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
def admin_user(db, password_hash: str):
    """pytest-django's administrator (admin, a superuser) for ``admin_client``, stored with the
    session's hash of correct-horse-42 (pytest-django's own hashes its password for each test)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create(
        username="admin",
        email="admin@example.com",
        password=password_hash,
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Headless Chromium (Debian's ``chromium`` driven by Playwright), started once for the
    session: each test has contexts of its own (:func:`browser`)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are safe
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def browser(chromium: Browser) -> Iterator[Browser]:
    """The session's Chromium for one test: the browser contexts (cookies, storage, tabs) the
    test opened and left open are closed after it, so that the next test starts with none."""
    yield chromium
    for context in chromium.contexts:
        context.close()


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
