"""The child rows' JSON as PostgreSQL ``text`` (migration 0031; ``json`` since 0030,
:mod:`jixiao.web.document_column`): the indicators' and indicator results' ``target``, the
results' ``actual``, the findings' ``data`` — the columns' type, the text stored as written, the
values read back, migrating back and forth."""

from __future__ import annotations

import json
from importlib import import_module
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from jixiao.web import actions, json_text, models

_CHILD_JSON = import_module("jixiao.web.migrations.0030_child_rows_json")
_CHILD_TEXT = import_module("jixiao.web.migrations.0031_child_rows_text")
#: (model, its JSON column)
_COLUMNS = [
    (models.Indicator, "target"),
    (models.IndicatorResult, "target"),
    (models.IndicatorResult, "actual"),
    (models.Finding, "data"),
]
_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the json columns (PostgreSQL, DATABASE_URL)"
)


def _kinds() -> dict[tuple[str, str], str]:
    """Each column's type, by (table, column)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attrelid::regclass::text, attname, format_type(atttypid, NULL) "
            "FROM pg_attribute WHERE attrelid = ANY(%s::regclass[]) AND attname = ANY(%s)",
            [[m._meta.db_table for m, _ in _COLUMNS], [c for _, c in _COLUMNS]],
        )
        return {(table, column): kind for table, column, kind in cursor.fetchall()}


def _stored(model: Any, column: str) -> dict[int, Any]:
    """Each row's column as the database gives it back (json and SQLite: the stored text)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {column} FROM {model._meta.db_table}")
        return dict(cursor.fetchall())


def _values() -> dict[tuple[str, str, int], Any]:
    return {
        (m.__name__, column, pk): value
        for m, column in _COLUMNS
        for pk, value in m._default_manager.values_list("pk", column)
    }


@_postgresql
def test_the_child_rows_json_columns_are_text(db) -> None:
    assert _kinds() == {(m._meta.db_table, c): "text" for m, c in _COLUMNS}


def test_the_child_rows_json_is_stored_as_the_compact_text_it_was_written_with(demo) -> None:
    """The import's ``COPY`` and the ORM's saves store the compact text of
    :mod:`jixiao.web.json_text` as it is (jsonb would give it back with spaces, keys reordered),
    which reads back the values written."""
    indicator = models.Indicator.objects.order_by("pk").first()
    assert indicator is not None
    indicator.target = {"raw": "≥95%", "kind": "percent", "op": ">=", "value": "95"}
    indicator.save()  # the ORM's write
    for model, column in _COLUMNS:
        stored = _stored(model, column)
        assert len(stored) > 5
        for pk, value in model._default_manager.values_list("pk", column):
            assert stored[pk] == json_text.dumps(value)
    assert _stored(models.Indicator, "target")[indicator.pk] == (
        '{"raw":"≥95%","kind":"percent","op":">=","value":"95"}'
    )


@_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("migration", "kind"), [(_CHILD_JSON, "jsonb"), (_CHILD_TEXT, "json")])
def test_migrating_back_and_forward_keeps_every_value(demo_preview, migration, kind) -> None:
    """Migration 0030 back to ``jsonb``, 0031 back to ``json``, and forward to ``text`` again:
    the same values."""
    actions.import_batch(demo_preview, actions.Actor(None, "demo"))
    values = _values()
    assert len(values) > 100
    _app, before = migration.Migration.dependencies[0]
    call_command("migrate", "jixiao", before, verbosity=0)
    try:
        assert set(_kinds().values()) == {kind}
        back = {
            (m.__name__, column, pk): json.loads(value) if isinstance(value, str) else value
            for m, column in _COLUMNS
            for pk, value in _stored(m, column).items()
        }
        assert back == values
    finally:
        call_command("migrate", "jixiao", verbosity=0)
    assert set(_kinds().values()) == {"text"}
    assert _values() == values
    text = _stored(models.Finding, "data")
    assert all(isinstance(t, str) and json.loads(t) is not None for t in text.values())
