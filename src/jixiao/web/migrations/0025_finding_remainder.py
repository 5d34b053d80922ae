"""Finding rows carry each fact once: ``data`` keeps only what no column holds, and two indexes
no query reads go.

``data`` held the whole domain finding, a copy of the row's twelve columns (≈ 800 of a row's
1,279 bytes at 50,000 tables); it keeps now the label, and an indicator or cell that is empty
text (the columns store None as empty text): :func:`jixiao.web.finding_rows.remainder`. The
rows are rewritten by one set-based ``UPDATE`` each way (the reverse rebuilds the whole finding
from the columns). The single-column index of ``rule`` is covered by ``finding_open_rule``
(every query of a rule asks for the open findings), and the index of ``dismissed_by`` served
only the deletion of a user, which jixiao never does (accounts are deactivated); both are
dropped by name, in the database only (Django's SQLite backend would copy the whole table to
alter ``db_index``).
"""

from typing import Any

from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.base import BaseDatabaseWrapper

#: the indexes dropped: name → column (the names Django gave them, the same on both databases)
INDEXES = {
    "jixiao_finding_rule_df874169": "rule",
    "jixiao_finding_dismissed_by_id_c2d5fb43": "dismissed_by_id",
}

SLIM = {
    "postgresql": """
        UPDATE jixiao_finding SET data = jsonb_strip_nulls(jsonb_build_object(
            'label', data -> 'label',
            'indicator', CASE WHEN data ->> 'indicator' = '' THEN ''::text END,
            'cell', CASE WHEN data #>> '{source,cell}' = '' THEN ''::text END))
        WHERE data ? 'rule'""",
    "sqlite": """
        UPDATE jixiao_finding SET data = json_patch('{}', json_object(
            'label', json_extract(data, '$.label'),
            'indicator', CASE WHEN json_extract(data, '$.indicator') = '' THEN '' END,
            'cell', CASE WHEN json_extract(data, '$.source.cell') = '' THEN '' END))
        WHERE json_type(data, '$.rule') IS NOT NULL""",
}

#: the whole finding from the columns (``{build}``: the vendor's json_object function, ``{kept}``:
#: whether the remainder names the key, ``{value}``: its value)
_FULL = """
    UPDATE jixiao_finding SET data = {build}(
        'rule', rule, 'severity', severity, 'category', category, 'title', title,
        'message', message, 'message_en', message_en, 'suggestion', suggestion,
        'source', {build}(
            'file', source_file, 'line', source_line,
            'cell', CASE WHEN {kept_cell} THEN {value_cell} ELSE NULLIF(source_cell, '') END),
        'document', document, 'label', {label}, 'field', field,
        'indicator', CASE WHEN {kept_indicator} THEN {value_indicator}
            ELSE NULLIF(indicator, '') END)
    WHERE {slim}"""

FULL = {
    "postgresql": _FULL.format(
        build="jsonb_build_object",
        kept_cell="data ? 'cell'",
        value_cell="data ->> 'cell'",
        kept_indicator="data ? 'indicator'",
        value_indicator="data ->> 'indicator'",
        label="data -> 'label'",
        slim="NOT data ? 'rule'",
    ),
    "sqlite": _FULL.format(
        build="json_object",
        kept_cell="json_type(data, '$.cell') IS NOT NULL",
        value_cell="json_extract(data, '$.cell')",
        kept_indicator="json_type(data, '$.indicator') IS NOT NULL",
        value_indicator="json_extract(data, '$.indicator')",
        label="json_extract(data, '$.label')",
        slim="json_type(data, '$.rule') IS NULL",
    ),
}


def slim(connection: BaseDatabaseWrapper) -> None:
    """Every finding row's ``data`` cut to its remainder (rows cut already stay)."""
    with connection.cursor() as cursor:
        cursor.execute(SLIM[connection.vendor])


def full(connection: BaseDatabaseWrapper) -> None:
    """Every finding row's ``data`` the whole finding again, as before this migration."""
    with connection.cursor() as cursor:
        cursor.execute(FULL[connection.vendor])


def forward(apps: Any, schema_editor: Any) -> None:
    slim(schema_editor.connection)
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def backward(apps: Any, schema_editor: Any) -> None:
    full(schema_editor.connection)
    for name, column in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON jixiao_finding ({column})")


class Migration(migrations.Migration):
    dependencies = [
        ("jixiao", "0024_pending_file_reading"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="finding",
                    name="rule",
                    field=models.CharField(max_length=30),
                ),
                migrations.AlterField(
                    model_name="finding",
                    name="dismissed_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(forward, backward)],
        )
    ]
