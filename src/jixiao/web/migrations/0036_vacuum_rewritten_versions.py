"""``VACUUM (ANALYZE)`` of the version tables migration 0034 rewrote (PostgreSQL only).

0034's change of the documents' type rewrites ``jixiao_project``, ``jixiao_selfevaluation`` and
``jixiao_monitoringreport``: their visibility maps start empty, and autovacuum does not come back
to a table nobody changes, so the lists' index-only scans read the heap for every row until a
``VACUUM`` (measured at 50,000 tables: the project list's last pages 112 ms p50 with one client
and 616 ms p95 with eight before it, 56 and 346 ms after; docs/deploy.md). This migration runs it
as part of the upgrade: under a second at 50,000 tables, on an empty database nothing. ``VACUUM``
cannot run in a transaction, hence ``atomic = False``. SQLite has no visibility map: nothing to
do. Going back does nothing.
"""

from typing import Any

from django.db import migrations

#: the tables 0034 rewrote
TABLES = ("jixiao_project", "jixiao_selfevaluation", "jixiao_monitoringreport")


def _vacuum(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"VACUUM (ANALYZE) {', '.join(TABLES)}", params=None)


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("jixiao", "0035_finding_keys_not_null")]

    operations = [migrations.RunPython(_vacuum, migrations.RunPython.noop)]
