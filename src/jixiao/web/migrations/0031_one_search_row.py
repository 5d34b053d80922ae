"""One search row per project version: its name, the separator, then its other text.

Each project version had two rows (``rank`` 0: the name; 1: the purpose and indicator text). A
GIN index's work on the import is per row and per key, and the trigram index's per character
of the text: one row a project, with each piece once (:func:`jixiao.web.search.rows`), costs the
server less (docs/province-scale.md, branch ``pgsrv3``). ``name_length`` takes the place of
``rank``: a match ending within the name ranks before one in the rest (:func:`jixiao.web.
search.search`).

The stored rows are merged in SQL that both databases run (their triggers keep the bigram
column on PostgreSQL, the FTS5 tables on SQLite, as for any other ``UPDATE`` or ``DELETE``); the
merged rows are marked by a negative ``rank`` while both kinds are in the table. Going back
splits each row at its name's end.
"""

from typing import Any

from django.db import migrations

T = "jixiao_searchtext"
NAME = f"(SELECT n.text FROM {T} n WHERE n.project_id = {T}.project_id AND n.rank = 0)"
MERGE = [
    f"UPDATE {T} SET text = {NAME} || '|' || text, rank = -1 - length({NAME}) "
    f"WHERE rank = 1 AND {NAME} IS NOT NULL",
    f"DELETE FROM {T} WHERE rank = 0",
    f"UPDATE {T} SET rank = -1 - rank WHERE rank < 0",
]
SPLIT = [
    f"UPDATE {T} SET rank = -1 - rank",
    f"INSERT INTO {T} (project_id, rank, text) SELECT project_id, 0, substr(text, 1, -1 - rank) "
    f"FROM {T} WHERE rank < 0",
    f"UPDATE {T} SET text = substr(text, 1 - rank), rank = 1 WHERE rank < 0",
]


def _run(statements: list[str]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("jixiao", "0030_child_rows_json")]

    operations = [
        migrations.RunPython(_run(MERGE), _run(SPLIT)),
        migrations.RenameField("searchtext", "rank", "name_length"),
    ]
