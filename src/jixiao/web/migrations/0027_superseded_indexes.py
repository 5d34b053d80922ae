"""The 指标库's indexes of the few versions no longer current, ``project_superseded`` and
``evaluation_superseded``, which its count of every current row leaves out (docs/province-scale.md,
branches ``lib2`` and ``lib3``: no index of the rows' columns, which the import would pay for)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("jixiao", "0026_unused_indexes")]

    operations = [
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
