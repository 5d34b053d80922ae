"""The kept totals of target tables per rule (``project_rule``) by grade too (their ``detail``),
so that the project list filtered by rule and grade counts from them."""

from typing import Any

from django.db import migrations

from jixiao.web import totals


def recount_rules(apps: Any, schema_editor: Any) -> None:
    """The target tables per rule, counted again by grade."""
    total = apps.get_model("jixiao", "Total")
    total.objects.filter(kind="project_rule").delete()
    found = totals.recount(None, apps, kinds=["project_rule"])
    total.objects.bulk_create(found, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("jixiao", "0017_search_bigrams"),
    ]

    operations = [
        migrations.RunPython(recount_rules, migrations.RunPython.noop),
    ]
