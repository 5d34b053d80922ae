"""SQLite: the bulk import writes the bigram tokens of its search rows itself, with one
``executemany`` per batch, instead of the insert trigger calling a Python function row by row.

The table ``jixiao_searchtext_pairs_bulk`` is the switch: while it has a row, the trigger that
indexes an inserted search row does nothing (``WHEN NOT EXISTS``), and the writer that put the row
there writes the tokens itself (``jixiao.web.search.bigrams_written``), then removes the row — in
its own transaction, so no other connection ever sees the switch on. Updates and deletes are
indexed by their triggers as before (migration 0017). PostgreSQL: nothing (its generated column
is computed by the server).
"""

from typing import Any

from django.db import migrations

PAIRS = "jixiao_searchtext_pairs"  # jixiao.web.search.PAIRS_TABLE
SWITCH = "jixiao_searchtext_pairs_bulk"  # jixiao.web.search.PAIRS_SWITCH
INSERT = f"INSERT INTO {PAIRS}(rowid, pairs) VALUES (new.id, jixiao_bigrams(new.text))"
SWITCHED = [
    f"CREATE TABLE {SWITCH} (id integer NOT NULL PRIMARY KEY)",
    f"DROP TRIGGER {PAIRS}_insert",
    f"CREATE TRIGGER {PAIRS}_insert AFTER INSERT ON jixiao_searchtext "
    f"WHEN NOT EXISTS (SELECT 1 FROM {SWITCH}) BEGIN {INSERT}; END",
]
UNSWITCHED = [  # migration 0017's trigger
    f"DROP TRIGGER {PAIRS}_insert",
    f"CREATE TRIGGER {PAIRS}_insert AFTER INSERT ON jixiao_searchtext BEGIN {INSERT}; END",
    f"DROP TABLE {SWITCH}",
]


def _run(statements: list[str]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("jixiao", "0018_rule_totals_published_indexes"),
    ]

    operations = [migrations.RunPython(_run(SWITCHED), _run(UNSWITCHED))]
