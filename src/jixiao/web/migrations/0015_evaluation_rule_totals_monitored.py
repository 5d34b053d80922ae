from typing import Any

import django.db.models.deletion
from django.db import migrations, models

import jixiao.web.fields
from jixiao.web import monitored, totals


def count_evaluation_rules(apps: Any, schema_editor: Any) -> None:
    """The new kind of totals (self-evaluations with an open finding of a rule), counted."""
    total = apps.get_model("jixiao", "Total")
    total.objects.filter(kind="evaluation_rule").delete()
    found = totals.recount(None, apps, kinds=["evaluation_rule"])
    total.objects.bulk_create(found, batch_size=1000)


def fill_monitored(apps: Any, schema_editor: Any) -> None:
    """The monitoring overview's row of every approved project record, from the stored rows."""
    monitored.refresh(None, apps)


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
        migrations.CreateModel(
            name="Monitored",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.IntegerField(blank=True, null=True)),
                ("key", models.CharField(max_length=500)),
                ("name", models.CharField(max_length=500)),
                ("state", models.CharField(max_length=20)),
                ("report_state", models.CharField(blank=True, max_length=20)),
                ("risk", models.IntegerField(default=0)),
                ("submitted", models.BooleanField(default=False)),
                ("rate", jixiao.web.fields.ExactDecimalField(blank=True, null=True)),
                ("month", models.IntegerField(blank=True, null=True)),
                ("alarm", models.BooleanField(default=False)),
                (
                    "department",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="jixiao.department",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="jixiao.project",
                    ),
                ),
                (
                    "report",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="jixiao.monitoringreport",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["year", "-risk", "submitted", "name", "id"], name="monitored_risk"
                    ),
                    models.Index(fields=["year", "rate", "name", "id"], name="monitored_rate"),
                    models.Index(fields=["year", "name", "id"], name="monitored_name"),
                ],
            },
        ),
        migrations.RunPython(fill_monitored, migrations.RunPython.noop),
    ]
