"""The import batch's foreign keys without a FOREIGN KEY constraint (``db_constraint=False``):
the versions' ``batch`` (PROTECT, set only by the import in the batch's transaction) and the
imported files' ``batch`` (CASCADE), which cost an import one deferred check per version and
file at COMMIT (docs/province-scale.md, branch ``fk19``).

As migration 0028: PostgreSQL drops each constraint (no scan, no rewrite; the columns' indexes
stay); SQLite changes the state only (its rebuild would copy the versions' tables).
"""

import django.db.models.deletion
from django.db import migrations, models

from jixiao.web.migrations._postgresql import AlterOnPostgreSQL


def _version_batch(model: str) -> AlterOnPostgreSQL:
    field = models.ForeignKey(
        blank=True,
        db_constraint=False,
        null=True,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="jixiao.importbatch",
    )
    return AlterOnPostgreSQL(model_name=model, name="batch", field=field)


class Migration(migrations.Migration):
    dependencies = [("jixiao", "0031_child_rows_text")]

    operations = [
        AlterOnPostgreSQL(
            model_name="importedfile",
            name="batch",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="files",
                to="jixiao.importbatch",
            ),
        ),
        _version_batch("monitoringreport"),
        _version_batch("project"),
        _version_batch("selfevaluation"),
    ]
