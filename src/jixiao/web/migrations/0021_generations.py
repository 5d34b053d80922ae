"""世代: a token per kind of kept rows (the totals, the monitoring overview's rows), replaced by
every recount, under which the pages cache what they compute from those rows
(:mod:`jixiao.web.generations`). Each kind starts with a random token.

A partial index of the published target tables (the disclosure site's): each record's versions
by number with the columns its search orders by, so that the search reads the published
versions, and probes for a later one, from the index alone (PostgreSQL; the import writes no
published version, so it does not pay for it)."""

import uuid
from typing import Any

from django.db import migrations, models

NAMES = ("totals", "monitored")


def tokens(apps: Any, schema_editor: Any) -> None:
    generation = apps.get_model("jixiao", "Generation")
    generation.objects.bulk_create(generation(name=n, token=uuid.uuid4().hex) for n in NAMES)


class Migration(migrations.Migration):
    dependencies = [("jixiao", "0020_import_write_path")]

    operations = [
        migrations.CreateModel(
            name="Generation",
            fields=[
                ("name", models.CharField(max_length=20, primary_key=True, serialize=False)),
                ("token", models.CharField(max_length=32)),
            ],
        ),
        migrations.RunPython(tokens, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                condition=models.Q(("state", "published")),
                fields=["department", "year", "key", "version"],
                include=("id", "number", "department_code"),
                name="project_published_latest",
            ),
        ),
    ]
