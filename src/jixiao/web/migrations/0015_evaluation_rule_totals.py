from typing import Any

from django.db import migrations, models

from jixiao.web import totals


def count_evaluation_rules(apps: Any, schema_editor: Any) -> None:
    """The new kind of totals (self-evaluations with an open finding of a rule), counted."""
    total = apps.get_model("jixiao", "Total")
    total.objects.filter(kind="evaluation_rule").delete()
    found = totals.recount(None, apps, kinds=["evaluation_rule"])
    total.objects.bulk_create(found, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("jixiao", "0014_totals_per_project"),
    ]

    operations = [
        migrations.AlterField(
            model_name="total",
            name="kind",
            field=models.CharField(
                choices=[
                    ("project", "Project"),
                    ("evaluation", "Evaluation"),
                    ("project_finding", "Project Finding"),
                    ("evaluation_finding", "Evaluation Finding"),
                    ("project_rule", "Project Rule"),
                    ("evaluation_rule", "Evaluation Rule"),
                    ("indicator", "Indicator"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(count_evaluation_rules, migrations.RunPython.noop),
    ]
