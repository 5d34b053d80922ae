"""The findings' foreign-key indexes without their NULL keys (PostgreSQL only).

A finding is on a project or on a self-evaluation: ``project_id`` is NULL in ≈ 14 % of the rows,
``evaluation_id`` in ≈ 86 %. Django's index of each foreign key held every row; each becomes
partial (``WHERE … IS NOT NULL``, the same name), so the import's ``COPY`` inserts no NULL key
into them: ≈ −0.034 of the ≈ 0.35 server CPU-s of ``COPY``ing the findings of 5,000 tables
(docs/province-scale.md, branch ``pgsrv5``). Every query on them compares them with a value
(``=``, ``IN``, a join), which implies ``IS NOT NULL``: the plans are the same. The models' state
is unchanged (the foreign keys keep ``db_index``). SQLite keeps its full indexes. Going back
makes them full again.
"""

from typing import Any

from django.db import migrations

#: the findings' foreign-key columns whose index leaves the NULLs out
COLUMNS = ("project_id", "evaluation_id")


def _indexes(partial: bool) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for column in COLUMNS:
            name = schema_editor._create_index_name("jixiao_finding", [column])  # Django's
            where = f" WHERE {column} IS NOT NULL" if partial else ""
            schema_editor.execute(f"DROP INDEX {name}", params=None)
            schema_editor.execute(
                f"CREATE INDEX {name} ON jixiao_finding ({column}){where}", params=None
            )

    return run


class Migration(migrations.Migration):
    dependencies = [("jixiao", "0034_documents_text")]

    operations = [migrations.RunPython(_indexes(True), _indexes(False))]
