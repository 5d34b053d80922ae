"""The child rows' JSON stored as PostgreSQL ``json``, not ``jsonb`` (PostgreSQL only).

The indicators' and indicator results' ``target``, the indicator results' ``actual`` and the
findings' ``data`` are written with their rows and read whole, like the versions' documents of
migration 0029 (:mod:`jixiao.web.document_column`): no query looks into them, groups or compares
them (the library page groups by the ``target_*`` columns). Parsing them into ``jsonb`` was
≈ 0.3 of the ≈ 2 server CPU-s of ``COPY``ing those rows per 5,000 tables (docs/province-scale.md,
branch ``pgsrv2``). The values are small (stored inline, never compressed): no compression to
keep. The stored values become their ``jsonb`` text (the same values); new ones keep the compact
text they are written with.

SQLite: the state only (the columns are ``text`` either way). Going back makes them ``jsonb``.
"""

from typing import Any

from django.db import migrations

import jixiao.web.document_column
import jixiao.web.json_text

#: (model, its table, its JSON column)
COLUMNS = [
    ("indicator", "jixiao_indicator", "target"),
    ("indicatorresult", "jixiao_indicatorresult", "target"),
    ("indicatorresult", "jixiao_indicatorresult", "actual"),
    ("finding", "jixiao_finding", "data"),
]


def _to(kind: str) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in dict.fromkeys(table for _model, table, _column in COLUMNS):
            changes = ", ".join(
                f"ALTER COLUMN {column} TYPE {kind} USING {column}::{kind}"
                for _model, of, column in COLUMNS
                if of == table
            )
            schema_editor.execute(f"ALTER TABLE {table} {changes}", params=None)

    return run


def _json(model: str, name: str) -> migrations.AlterField:
    """The state of ``model``'s column: :class:`~jixiao.web.document_column.DocumentField`."""
    field = jixiao.web.document_column.DocumentField(encoder=jixiao.web.json_text.Encoder)
    return migrations.AlterField(model_name=model, name=name, field=field)


class Migration(migrations.Migration):
    dependencies = [("jixiao", "0029_documents_json")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[_json(model, column) for model, _table, column in COLUMNS],
            database_operations=[migrations.RunPython(_to("json"), _to("jsonb"))],
        )
    ]
