"""The 指标库's indexes (docs/province-scale.md, branch ``lib2``).

- ``indicator_library`` and ``indicator_result_library``: the indicator rows in the order the
  library counts them (二级 / 三级指标, the 指标值's text and parsed columns) with their keys and
  their version's (PostgreSQL; SQLite ignores INCLUDE), so that the library counts a 二级指标's
  rows from the index alone, without reading or sorting the rows. The first replaces the
  single-column index of ``Indicator.level2``, which it serves too (found by its column, whatever
  its name; SQLite would rebuild the table for an AlterField, so the state changes apart).
- ``project_superseded`` and ``evaluation_superseded``: the few versions no longer current, which
  the library's scan of every current row leaves out.
"""

from typing import Any

from django.db import migrations, models


def _level2_indexes(model: Any, schema_editor: Any) -> list[str]:
    """The names of the plain indexes of ``Indicator.level2`` alone."""
    with schema_editor.connection.cursor() as cursor:
        found = schema_editor.connection.introspection.get_constraints(cursor, model._meta.db_table)
    return [
        name
        for name, info in found.items()
        if info["index"]
        and info["columns"] == ["level2"]
        and not (info["unique"] or info["primary_key"])
    ]


def drop(apps: Any, schema_editor: Any) -> None:
    for name in _level2_indexes(apps.get_model("jixiao", "Indicator"), schema_editor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def make(apps: Any, schema_editor: Any) -> None:
    model = apps.get_model("jixiao", "Indicator")
    if not _level2_indexes(model, schema_editor):
        table = model._meta.db_table
        name = schema_editor._create_index_name(table, ["level2"], suffix="")
        schema_editor.execute(
            f"CREATE INDEX {schema_editor.quote_name(name)} "
            f"ON {schema_editor.quote_name(table)} ({schema_editor.quote_name('level2')})"
        )


LIBRARY = [
    "level2",
    "level3",
    "target_raw",
    "target_kind",
    "target_op",
    "target_value",
    "target_unit",
    "target_deadline",
]


class Migration(migrations.Migration):
    dependencies = [("jixiao", "0026_unused_indexes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop, make)],
            state_operations=[
                migrations.AlterField(
                    model_name="indicator",
                    name="level2",
                    field=models.CharField(max_length=50),
                )
            ],
        ),
        migrations.AddIndex(
            model_name="indicator",
            index=models.Index(fields=LIBRARY, include=("project", "id"), name="indicator_library"),
        ),
        migrations.AddIndex(
            model_name="indicatorresult",
            index=models.Index(
                fields=LIBRARY, include=("evaluation", "id"), name="indicator_result_library"
            ),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                condition=models.Q(("is_current", False)), fields=["id"], name="project_superseded"
            ),
        ),
        migrations.AddIndex(
            model_name="selfevaluation",
            index=models.Index(
                condition=models.Q(("is_current", False)),
                fields=["id"],
                name="evaluation_superseded",
            ),
        ),
    ]
