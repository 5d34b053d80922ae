"""The import batch's foreign keys without a FOREIGN KEY constraint (``db_constraint=False``):
the versions' ``batch`` (PROTECT, set only by the import in the batch's transaction) and the
imported files' ``batch`` (CASCADE), which cost an import one deferred check per version and
file at COMMIT (docs/province-scale.md, branch ``fk19``).

As migration 0028: PostgreSQL drops each constraint (no scan, no rewrite; the columns' indexes
stay); SQLite changes the state only (its rebuild would copy the versions' tables).
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

from jixiao.web.migrations._postgresql import AlterOnPostgreSQL


def _batch(model: str, on_delete: Any, related_name: str, **options: Any) -> AlterOnPostgreSQL:
    """``model.batch`` (→ the import batch) without its constraint."""
    field = models.ForeignKey(
        db_constraint=False,
        on_delete=on_delete,
        related_name=related_name,
        to="jixiao.importbatch",
        **options,
    )
    return AlterOnPostgreSQL(model_name=model, name="batch", field=field)


VERSION: dict[str, Any] = {"on_delete": django.db.models.deletion.PROTECT, "related_name": "+"}
NULL: dict[str, Any] = {"blank": True, "null": True}


class Migration(migrations.Migration):
    dependencies = [("jixiao", "0031_child_rows_text")]

    operations = [
        _batch("importedfile", django.db.models.deletion.CASCADE, "files"),
        _batch("monitoringreport", **VERSION, **NULL),
        _batch("project", **VERSION, **NULL),
        _batch("selfevaluation", **VERSION, **NULL),
    ]
