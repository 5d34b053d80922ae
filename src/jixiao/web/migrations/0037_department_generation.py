"""世代 of the department tree: a token replaced by every change of the departments (an import
creating some, an administrator's create, move or merge), under which the permissions keep the
tree's parents and the departments each role reaches (:mod:`jixiao.web.permissions`). It starts
with a random token."""

import uuid
from typing import Any

from django.db import migrations


def token(apps: Any, schema_editor: Any) -> None:
    generation = apps.get_model("jixiao", "Generation")
    generation.objects.get_or_create(name="departments", defaults={"token": uuid.uuid4().hex})


class Migration(migrations.Migration):
    dependencies = [("jixiao", "0036_vacuum_rewritten_versions")]

    operations = [migrations.RunPython(token, migrations.RunPython.noop)]
