"""Schema operations for the migrations (a module the migration loader skips: its name starts
with ``_``)."""

from collections.abc import Callable
from typing import Any

from django.db import migrations


class AlterOnPostgreSQL(migrations.AlterField):
    """``AlterField`` whose schema change is made on PostgreSQL only (elsewhere: the state).

    For a foreign key's ``db_constraint``: PostgreSQL drops or adds the constraint alone; SQLite
    could only rebuild the table, copying every row and dropping its triggers (the search's FTS5
    triggers, migrations 0009, 0017 and 0019).
    """

    def database_forwards(self, app_label: str, schema_editor: Any, *states: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, *states)

    def database_backwards(self, app_label: str, schema_editor: Any, *states: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, *states)


def on_postgresql(statements: list[str]) -> Callable[[Any, Any], None]:
    """A ``RunPython`` function that executes ``statements`` on PostgreSQL (elsewhere nothing)."""

    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql, params=None)

    return run
