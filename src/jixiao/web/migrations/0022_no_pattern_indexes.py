"""The pattern-matching twins of indexed text columns dropped from the tables an import writes
(PostgreSQL only; SQLite has none).

For every ``CharField`` with ``db_index`` Django's PostgreSQL backend makes two indexes: the plain
one (equality, ordering) and a ``varchar_pattern_ops`` twin named ``…_like``, which serves only
``LIKE 'prefix%'`` on the raw column (``startswith``). No query of the application filters these
columns that way (``icontains`` compares ``UPPER(…)``, which neither index serves; the search goes
through the search text's own indexes), and the page benchmark's database at 50,000 tables showed
no scan of any of them. Every imported row still paid for them: 3 of the project rows' 20
indexes, 1 of the findings' 7, 1 of the 4 of the indicator and indicator result rows, 1 of the
audit rows' 6. The plain indexes stay.

Dropped here: ``Project.name``, ``.grade``, ``.state``; ``SelfEvaluation.state``; ``Finding.rule``;
``Indicator.level2``; ``IndicatorResult.level2``; ``AuditEntry.action`` — found by their operator
class, whatever their generated names. Going back makes them again as Django does. A later
migration that alters one of these fields makes Django create its twin again (drop it then too).
"""

from typing import Any

from django.db import migrations

#: (model, field) whose ``varchar_pattern_ops`` index is dropped
TWINS = [
    ("Project", "name"),
    ("Project", "grade"),
    ("Project", "state"),
    ("SelfEvaluation", "state"),
    ("Finding", "rule"),
    ("Indicator", "level2"),
    ("IndicatorResult", "level2"),
    ("AuditEntry", "action"),
]


def _twins(apps: Any, schema_editor: Any) -> list[tuple[Any, Any, list[str]]]:
    """Each model and field of :data:`TWINS` with the names of its pattern-ops indexes."""
    found = []
    with schema_editor.connection.cursor() as cursor:
        for model_name, field_name in TWINS:
            model = apps.get_model("jixiao", model_name)
            field = model._meta.get_field(field_name)
            cursor.execute(
                "SELECT i.relname FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
                "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0] "
                "JOIN pg_opclass o ON o.oid = x.indclass[0] "
                "WHERE t.relname = %s AND a.attname = %s AND x.indnatts = 1 "
                "AND o.opcname IN ('varchar_pattern_ops', 'text_pattern_ops')",
                [model._meta.db_table, field.column],
            )
            found.append((model, field, [name for (name,) in cursor.fetchall()]))
    return found


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for _, _, names in _twins(apps, schema_editor):
        for name in names:
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def make(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, field, names in _twins(apps, schema_editor):
        if not names:
            schema_editor.execute(schema_editor._create_like_index_sql(model, field))


class Migration(migrations.Migration):
    dependencies = [
        ("jixiao", "0021_generations"),
    ]

    operations = [migrations.RunPython(drop, make)]
