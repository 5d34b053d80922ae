"""The owned rows' foreign keys without a FOREIGN KEY constraint (``db_constraint=False``,
:data:`jixiao.web.models.base.OWNED`): the rows of a stored version and the kept totals, which
cost an import one deferred check per row at COMMIT (docs/province-scale.md, branch ``fk``).

PostgreSQL drops each constraint (``ALTER TABLE … DROP CONSTRAINT``: no scan, no rewrite; the
columns' indexes stay). SQLite changes the state only: it cannot drop a constraint but by
rebuilding the table, which copies every row of the largest tables and drops the triggers that
keep the search's FTS5 tables (``jixiao_searchtext``, migrations 0009, 0017 and 0019); its check
is a lookup in the writing process, not a statement, and stays.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

from jixiao.web.migrations._postgresql import AlterOnPostgreSQL


def _owned(model: str, name: str, to: str, related_name: str, **options: Any) -> AlterOnPostgreSQL:
    return AlterOnPostgreSQL(
        model_name=model,
        name=name,
        field=models.ForeignKey(
            db_constraint=False,
            on_delete=django.db.models.deletion.CASCADE,
            related_name=related_name,
            to=to,
            **options,
        ),
    )


NULL = {"blank": True, "null": True}


class Migration(migrations.Migration):
    dependencies = [("jixiao", "0027_superseded_indexes")]

    operations = [
        _owned("finding", "evaluation", "jixiao.selfevaluation", "findings", **NULL),
        _owned("finding", "project", "jixiao.project", "findings", **NULL),
        _owned("goal", "project", "jixiao.project", "goals"),
        _owned("goalresult", "evaluation", "jixiao.selfevaluation", "goals"),
        _owned("indicator", "project", "jixiao.project", "indicators"),
        _owned("indicatorresult", "evaluation", "jixiao.selfevaluation", "indicators"),
        _owned("searchtext", "project", "jixiao.project", "search_texts"),
        _owned("total", "department", "jixiao.department", "+"),
    ]
