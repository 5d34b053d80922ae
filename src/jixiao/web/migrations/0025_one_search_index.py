"""One index for the search rows on PostgreSQL: the bigram index (migration 0017) finds every query
(:mod:`jixiao.web.search`), so the trigram index of migration 0009 goes — the import no longer
maintains it for every search row it writes (≈ 1.6 s of the server's CPU per 5,000 tables, 44 MB at
50,000 tables; docs/province-scale.md, branch ``srch``). The ``pg_trgm`` extension stays (nothing
uses it; dropping an extension is the database owner's call). Going back builds the index again.
SQLite is unchanged."""

from importlib import import_module
from typing import Any

from django.db import migrations

SEARCH_TEXT = import_module("jixiao.web.migrations.0009_search_text")


def drop_trigram_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS searchtext_trgm", params=None)


def trigram_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for sql in SEARCH_TEXT.POSTGRESQL:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("jixiao", "0024_pending_file_reading"),
    ]

    operations = [migrations.RunPython(drop_trigram_index, trigram_index)]
