"""Single-column indexes that no query uses dropped from the tables an import writes
(PostgreSQL and SQLite alike).

Each imported version row paid for 20 indexes. These serve no query that another index does not
serve as well (``EXPLAIN`` of every statement of the pages, the API and the actions on these
tables, as several roles, on the 50,000-table database, with and without them: the same plans
through another index, or a sequential scan only where no page goes; docs/province-scale.md,
branch ``idx``):

- ``Project.name``, ``.grade``: every query by them reads current versions, through the partial
  indexes ``project_sort_name`` and ``project_grade``;
- ``Project.department``, ``SelfEvaluation.department``: the lists of one department read the
  partial indexes ``project_department`` and ``evaluation_current``, every other lookup (the
  totals' recount, a merge, PROTECT's check) the unique ``project_version`` and
  ``evaluation_version``, which lead with the department;
- ``created_by`` of the versions and ``AuditEntry.user``: nothing looks rows up by them; only a
  user's deletion would (SET_NULL), and the app deletes no user;
- ``IndicatorResult.level2``: only the indicator library filters by it, for the few standard
  二级指标 that hold a large share of the rows (its plan reads them as fast without the index).

The foreign keys stay. Only the indexes go (found by their columns, whatever their names), so
neither backend rebuilds a table or its constraints; going back makes them with Django's names.
"""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

#: (model, field) whose single-column index is dropped
UNUSED = [
    ("Project", "department"),
    ("Project", "name"),
    ("Project", "grade"),
    ("Project", "created_by"),
    ("SelfEvaluation", "department"),
    ("SelfEvaluation", "created_by"),
    ("MonitoringReport", "created_by"),
    ("IndicatorResult", "level2"),
    ("AuditEntry", "user"),
]


def _indexes(model: Any, column: str, schema_editor: Any) -> list[str]:
    """The names of the plain indexes of ``model`` on ``column`` alone (not its Meta indexes)."""
    connection = schema_editor.connection
    declared = {index.name for index in model._meta.indexes}
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return [
        name
        for name, info in found.items()
        if info["index"]
        and info["columns"] == [column]
        and not (info["unique"] or info["primary_key"] or info["foreign_key"])
        and name not in declared
    ]


def drop(apps: Any, schema_editor: Any) -> None:
    for model_name, field_name in UNUSED:
        model = apps.get_model("jixiao", model_name)
        column = model._meta.get_field(field_name).column
        for name in _indexes(model, column, schema_editor):
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def make(apps: Any, schema_editor: Any) -> None:
    for model_name, field_name in UNUSED:
        model = apps.get_model("jixiao", model_name)
        column = model._meta.get_field(field_name).column
        if not _indexes(model, column, schema_editor):
            table = model._meta.db_table
            name = schema_editor._create_index_name(table, [column], suffix="")
            schema_editor.execute(
                f"CREATE INDEX {schema_editor.quote_name(name)} "
                f"ON {schema_editor.quote_name(table)} ({schema_editor.quote_name(column)})"
            )


#: the fields as the models declare them now (db_index off)
STATE = [
    migrations.AlterField(
        model_name="auditentry",
        name="user",
        field=models.ForeignKey(
            blank=True,
            db_index=False,
            null=True,
            on_delete=django.db.models.deletion.SET_NULL,
            related_name="+",
            to=settings.AUTH_USER_MODEL,
        ),
    ),
    migrations.AlterField(
        model_name="indicatorresult",
        name="level2",
        field=models.CharField(max_length=50),
    ),
    migrations.AlterField(
        model_name="monitoringreport",
        name="created_by",
        field=models.ForeignKey(
            blank=True,
            db_index=False,
            null=True,
            on_delete=django.db.models.deletion.SET_NULL,
            related_name="+",
            to=settings.AUTH_USER_MODEL,
        ),
    ),
    migrations.AlterField(
        model_name="project",
        name="created_by",
        field=models.ForeignKey(
            blank=True,
            db_index=False,
            null=True,
            on_delete=django.db.models.deletion.SET_NULL,
            related_name="+",
            to=settings.AUTH_USER_MODEL,
        ),
    ),
    migrations.AlterField(
        model_name="project",
        name="department",
        field=models.ForeignKey(
            db_index=False,
            on_delete=django.db.models.deletion.PROTECT,
            related_name="projects",
            to="jixiao.department",
        ),
    ),
    migrations.AlterField(
        model_name="project",
        name="grade",
        field=models.CharField(blank=True, max_length=10),
    ),
    migrations.AlterField(
        model_name="project",
        name="name",
        field=models.CharField(max_length=500),
    ),
    migrations.AlterField(
        model_name="selfevaluation",
        name="created_by",
        field=models.ForeignKey(
            blank=True,
            db_index=False,
            null=True,
            on_delete=django.db.models.deletion.SET_NULL,
            related_name="+",
            to=settings.AUTH_USER_MODEL,
        ),
    ),
    migrations.AlterField(
        model_name="selfevaluation",
        name="department",
        field=models.ForeignKey(
            db_index=False,
            on_delete=django.db.models.deletion.PROTECT,
            related_name="evaluations",
            to="jixiao.department",
        ),
    ),
]


class Migration(migrations.Migration):
    dependencies = [
        ("jixiao", "0025_finding_remainder"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop, make)], state_operations=STATE
        )
    ]
