"""The bigram index of the search text (jixiao.web.search): queries of one or two characters
found through an index instead of a scan of every search row.

PostgreSQL: ``jixiao_bigrams(text)``, the text's bigrams and its last character as a ``tsvector``
(the strings as they are: ``array_to_tsvector``, no parser), stored in the generated column
``bigrams`` (computed by PostgreSQL for the rows already stored and for every row written after,
whatever writes it) with a GIN index. Stored rather than an index on the expression: a plan that
reads the rows (a recheck, or a scan when a pair is in most rows) reads the column instead of
computing the bigrams again, and the planner's estimates stay those of a column (an expensive
function in them made PostgreSQL JIT-compile a plain search, 0.7 s).

SQLite: a contentless FTS5 table of the bigram tokens (``jixiao.web.search.pair_tokens``, the
function ``jixiao_bigrams`` each connection gets from ``jixiao.web.search.register``), kept by
triggers like the trigram table of migration 0009, and filled here for the rows already stored.
"""

from typing import Any

from django.db import migrations

PAIRS = "jixiao_searchtext_pairs"  # jixiao.web.search.PAIRS_TABLE
SQLITE = [
    f"CREATE VIRTUAL TABLE {PAIRS} USING fts5(pairs, content='', detail='none', tokenize='ascii')",
    f"CREATE TRIGGER {PAIRS}_insert AFTER INSERT ON jixiao_searchtext BEGIN "
    f"INSERT INTO {PAIRS}(rowid, pairs) VALUES (new.id, jixiao_bigrams(new.text)); END",
    f"CREATE TRIGGER {PAIRS}_delete AFTER DELETE ON jixiao_searchtext BEGIN "
    f"INSERT INTO {PAIRS}({PAIRS}, rowid, pairs) "
    "VALUES ('delete', old.id, jixiao_bigrams(old.text)); END",
    f"CREATE TRIGGER {PAIRS}_update AFTER UPDATE ON jixiao_searchtext BEGIN "
    f"INSERT INTO {PAIRS}({PAIRS}, rowid, pairs) "
    "VALUES ('delete', old.id, jixiao_bigrams(old.text)); "
    f"INSERT INTO {PAIRS}(rowid, pairs) VALUES (new.id, jixiao_bigrams(new.text)); END",
    f"INSERT INTO {PAIRS}(rowid, pairs) SELECT id, jixiao_bigrams(text) FROM jixiao_searchtext",
]
POSTGRESQL = [
    # each character zipped with the next (the last with nothing): the bigrams, the last alone
    "CREATE FUNCTION jixiao_bigrams(text) RETURNS tsvector "
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ "
    "SELECT array_to_tsvector(ARRAY(SELECT a || coalesce(b, '') FROM unnest("
    "string_to_array($1, NULL), string_to_array(substr($1, 2), NULL)) AS pair(a, b))) $$",
    "ALTER TABLE jixiao_searchtext ADD COLUMN bigrams tsvector "
    "GENERATED ALWAYS AS (jixiao_bigrams(text)) STORED",
    "CREATE INDEX searchtext_bigrams ON jixiao_searchtext USING gin (bigrams)",
]
SQLITE_DROP = [
    *(f"DROP TRIGGER IF EXISTS {PAIRS}_{event}" for event in ("insert", "delete", "update")),
    f"DROP TABLE IF EXISTS {PAIRS}",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS searchtext_bigrams",
    "ALTER TABLE jixiao_searchtext DROP COLUMN IF EXISTS bigrams",
    "DROP FUNCTION IF EXISTS jixiao_bigrams(text)",
]


def bigram_index(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, []):
        schema_editor.execute(sql, params=None)


def drop_bigram_index(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}.get(vendor, []):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("jixiao", "0016_search_relation_menu_indexes"),
    ]

    operations = [migrations.RunPython(bigram_index, drop_bigram_index)]
