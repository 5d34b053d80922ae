"""The versions' documents as PostgreSQL ``text`` (:mod:`jixiao.web.document_column`, migrations
0029 and 0034): the column's type and compression, the text stored as written, lookups on a key,
reads."""

from __future__ import annotations

import json
from importlib import import_module
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from jixiao.web import actions, document_column, json_text, models, storage

#: the migrations that changed the documents' type: 0029 (``jsonb`` → ``json``), 0034 (→ ``text``)
_MIGRATIONS = {
    "jsonb": import_module("jixiao.web.migrations.0029_documents_json"),
    "json": import_module("jixiao.web.migrations.0034_documents_text"),
}
_VACUUMED = import_module("jixiao.web.migrations.0036_vacuum_rewritten_versions")
_VERSIONS = (models.Project, models.SelfEvaluation, models.MonitoringReport)
_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the text column (PostgreSQL, DATABASE_URL)"
)


def _column() -> dict[str, tuple[str, str]]:
    """Each version table's ``document``: its type and compression (``l``: lz4, ``''``: default)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attrelid::regclass::text, format_type(atttypid, NULL), attcompression "
            "FROM pg_attribute WHERE attname = 'document' AND attrelid = ANY(%s::regclass[])",
            [[m._meta.db_table for m in _VERSIONS]],
        )
        return {table: (kind, str(compression)) for table, kind, compression in cursor.fetchall()}


def _lz4() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        (available,) = cursor.fetchone()
    return "l" if available else ""


def _raw(version: Any) -> Any:
    """The document as the database gives it back (the stored text)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT document FROM {type(version)._meta.db_table} WHERE id = %s", [version.pk]
        )
        return cursor.fetchone()[0]


def _documents() -> dict[tuple[str, int], Any]:
    return {
        (m.__name__, pk): document
        for m in _VERSIONS
        for pk, document in m._default_manager.values_list("pk", "document")
    }


@_postgresql
def test_the_documents_are_text_lz4_compressed(db) -> None:
    lz4 = _lz4()
    assert _column() == {
        "jixiao_project": ("text", lz4),
        "jixiao_selfevaluation": ("text", lz4),
        "jixiao_monitoringreport": ("text", ""),
    }


def test_a_document_is_stored_as_the_compact_text_it_was_written_with(demo) -> None:
    """The import's ``COPY`` and the ORM's saves store the compact text of
    :mod:`jixiao.web.json_text` as it is (jsonb would give it back with spaces, keys reordered)."""
    versions = [*models.Project.objects.all(), models.SelfEvaluation.objects.get()]
    copied = versions[0]
    copied.pk = None
    copied.version += 1
    copied.is_current = False
    copied.save()  # the ORM's write
    for version in [*versions, copied]:
        raw = _raw(version)
        assert isinstance(raw, str)
        assert raw == json_text.dumps(version.document)
        assert storage.load(version) is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT document FROM jixiao_project WHERE id = %s", [copied.pk])
        assert cursor.fetchone()[0] == _raw(versions[0])


def test_a_key_of_a_document_is_looked_up_and_read_as_before(demo) -> None:
    """What the year's review reads (``document__department``, the title, the project)
    and the lookups on a key (equality, nested keys, ``startswith``, containment) — on a ``text``
    column as on a ``jsonb`` one."""
    project = models.Project.objects.order_by("pk").first()
    assert project is not None
    document = project.document
    projects = models.Project.objects
    assert projects.get(document__id=document["id"]) == project
    assert projects.get(document__id=document["id"], document__year=document["year"]) == project
    name = document["project"]["name"]
    assert project in projects.filter(document__project__name=name)
    if connection.vendor == "postgresql":  # no containment on SQLite
        assert project in projects.filter(document__department__contains={"code": "362101"})
    assert project in projects.filter(document__id__startswith=document["id"][:10])
    assert project in projects.filter(document__project__has_key="name")
    row = projects.filter(pk=project.pk).values_list(
        "document__department", "document__title", "document__project", "document__year"
    )
    assert row.get() == (document["department"], document["title"], document["project"], 2025)
    keys = document_column.Keys("document", "department", "title", "project", "missing")
    heads = projects.filter(pk=project.pk).values_list(keys, flat=True)
    assert heads.get() == [document["department"], document["title"], document["project"], None]
    evaluation = models.SelfEvaluation.objects.get()
    assert models.SelfEvaluation.objects.get(document__id=evaluation.document["id"]) == evaluation


@_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", list(_MIGRATIONS))
def test_migrating_back_and_forward_keeps_every_document(demo_preview, kind: str) -> None:
    """Migration 0029 back to ``jsonb``, or 0034 back to ``json``, and forward to ``text`` again:
    the same documents, the columns' types and lz4 as before."""
    actions.import_batch(demo_preview, actions.Actor(None, "demo"))
    documents = _documents()
    assert len(documents) > 40
    lz4 = _lz4()
    _app, before = _MIGRATIONS[kind].Migration.dependencies[0]
    call_command("migrate", "jixiao", before, verbosity=0)
    try:
        assert {t: kind for t, (kind, _) in _column().items()} == dict.fromkeys(
            ("jixiao_project", "jixiao_selfevaluation", "jixiao_monitoringreport"), kind
        )
        assert _column()["jixiao_project"] == (kind, lz4)
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, document FROM jixiao_project")
            back = {("Project", pk): document for pk, document in cursor.fetchall()}
        assert {k: v for k, v in documents.items() if k[0] == "Project"} == {
            k: json.loads(v) if isinstance(v, str) else v for k, v in back.items()
        }
    finally:
        call_command("migrate", "jixiao", verbosity=0)
    assert _column()["jixiao_project"] == ("text", lz4)
    assert _documents() == documents
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT pg_column_compression(document) FROM jixiao_project "
            "WHERE pg_column_compression(document) IS NOT NULL"
        )
        assert {c for (c,) in cursor.fetchall()} <= ({"lz4"} if lz4 else {"pglz"})


@_postgresql
@pytest.mark.django_db(transaction=True)
def test_upgrade_leaves_the_rewritten_tables_vacuumed(demo_preview) -> None:
    """Migration 0036 after 0034's rewrite: every page of the version tables visible to all (the
    lists' index-only scans need not read the heap), without a manual ``VACUUM``."""
    actions.import_batch(demo_preview, actions.Actor(None, "demo"))
    _app, before = _MIGRATIONS["json"].Migration.dependencies[0]
    call_command("migrate", "jixiao", before, verbosity=0)
    call_command("migrate", "jixiao", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, relpages, relallvisible FROM pg_class WHERE relname = ANY(%s)",
            [list(_VACUUMED.TABLES)],
        )
        pages = {name: (total, visible) for name, total, visible in cursor.fetchall()}
    assert set(pages) == set(_VACUUMED.TABLES)
    assert pages["jixiao_project"][0] > 0
    assert all(visible == total for total, visible in pages.values()), pages
