"""Every JSON column written as compact UTF-8 text (:mod:`jixiao.web.json_text`).

Only the fields' encoder changes, which is no change of the database: the columns stay what they
are (SQLite ``text`` with its ``JSON_VALID`` check, PostgreSQL ``jsonb``), and the rows written
before keep their text (escaped, with spaces), which reads back the same values. So the field
changes are made in the migration state alone: Django's SQLite backend would otherwise copy every
table with a JSON column (versions, indicators, findings, audit rows) to alter a Python setting.
"""

from typing import Any

from django.db import migrations, models

import jixiao.web.json_text

#: (model, field, options besides the encoder)
FIELDS: list[tuple[str, str, dict[str, Any]]] = [
    ("auditentry", "new", {"blank": True, "null": True}),
    ("auditentry", "old", {"blank": True, "null": True}),
    ("draftrevision", "document", {}),
    ("evaluationrevision", "document", {}),
    ("finding", "data", {}),
    ("indicator", "target", {}),
    ("indicatorresult", "actual", {}),
    ("indicatorresult", "target", {}),
    ("job", "outcome", {"blank": True, "null": True}),
    ("job", "params", {"default": dict}),
    ("monitoringreport", "document", {}),
    ("project", "document", {}),
    ("selfevaluation", "adjustments", {"blank": True, "null": True}),
    ("selfevaluation", "budget_source", {"blank": True, "null": True}),
    ("selfevaluation", "document", {}),
]


class Migration(migrations.Migration):
    dependencies = [("jixiao", "0022_no_pattern_indexes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name=model,
                    name=name,
                    field=models.JSONField(encoder=jixiao.web.json_text.Encoder, **options),
                )
                for model, name, options in FIELDS
            ]
        )
    ]
