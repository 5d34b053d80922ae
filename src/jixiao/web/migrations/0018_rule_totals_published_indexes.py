"""The kept totals of target tables per rule (``project_rule``) by grade too (their ``detail``),
so that the project list filtered by rule and grade counts from them; partial indexes of the
published versions' columns that the disclosure site's stamp sums on every request."""

from typing import Any

from django.db import migrations, models

from jixiao.web import totals


def recount_rules(apps: Any, schema_editor: Any) -> None:
    """The target tables per rule, counted again by grade."""
    total = apps.get_model("jixiao", "Total")
    total.objects.filter(kind="project_rule").delete()
    found = totals.recount(None, apps, kinds=["project_rule"])
    total.objects.bulk_create(found, batch_size=1000)


def _published(name: str) -> models.Index:
    fields = ["id", "department", "version", "state_changed_at"]
    return models.Index(fields=fields, condition=models.Q(state="published"), name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("jixiao", "0017_search_bigrams"),
    ]

    operations = [
        migrations.RunPython(recount_rules, migrations.RunPython.noop),
        migrations.AddIndex(model_name="project", index=_published("project_published")),
        migrations.AddIndex(model_name="selfevaluation", index=_published("evaluation_published")),
    ]
