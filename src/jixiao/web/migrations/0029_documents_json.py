"""The versions' documents stored as PostgreSQL ``json``, not ``jsonb`` (PostgreSQL only).

:mod:`jixiao.web.document_column`: a document is written once and read whole, and parsing it into
``jsonb`` was ≈ a third of the server's CPU to ``COPY`` a project row and two thirds of a
department's self-evaluation (5,000 tables: 1.9 → 1.0 CPU-s for the two tables' rows). The
column keeps lz4 where migration 0020 set it (one ``ALTER TABLE``: the table is rewritten once,
its rows compressed with lz4 — a type change alone would reset the column to the default pglz).
The stored documents become their ``jsonb`` text (the same values; keys in ``jsonb``'s order,
spaces after ``,`` and ``:``); new ones keep the compact text they are written with.

SQLite: the state only (the column is ``text`` either way; Django would copy the tables).
Going back converts the documents to ``jsonb`` again, lz4 kept.
"""

from typing import Any

from django.db import migrations

import jixiao.web.document_column
import jixiao.web.json_text

TABLES = ("jixiao_project", "jixiao_selfevaluation", "jixiao_monitoringreport")
#: the tables whose documents migration 0020 made lz4 (when the server has it)
LZ4 = ("jixiao_project", "jixiao_selfevaluation")


def _to(kind: str) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
                "WHERE name = 'default_toast_compression'"
            )
            row = cursor.fetchone()
        lz4 = bool(row and row[0])
        for table in TABLES:
            compression = ", ALTER COLUMN document SET COMPRESSION lz4"
            schema_editor.execute(
                f"ALTER TABLE {table} ALTER COLUMN document TYPE {kind} USING document::{kind}"
                + (compression if lz4 and table in LZ4 else ""),
                params=None,
            )

    return run


def documents_as(field: Any) -> list[migrations.AlterField]:
    """The state of the versions' documents: ``field`` (a clone for each model)."""
    return [
        migrations.AlterField(model_name=model, name="document", field=field.clone())
        for model in ("monitoringreport", "project", "selfevaluation")
    ]


class Migration(migrations.Migration):
    dependencies = [("jixiao", "0028_owned_rows_unchecked")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=documents_as(
                jixiao.web.document_column.DocumentField(encoder=jixiao.web.json_text.Encoder)
            ),
            database_operations=[migrations.RunPython(_to("json"), _to("jsonb"))],
        )
    ]
