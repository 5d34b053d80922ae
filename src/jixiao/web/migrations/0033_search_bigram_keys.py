"""The search rows' one index on PostgreSQL: their text's bigrams as integer keys (PostgreSQL
only; SQLite keeps its FTS5 tables).

Before, two GIN indexes: the trigram index of the text (``pg_trgm``, migration 0009: the server
extracts every character's trigram of each row it writes) and the bigram ``tsvector`` (migration
0017). Now one: the column ``bigrams`` is an ``int4[]`` of the text's keys
(``jixiao.web.search.bigram_keys``) — each UTF-16 code unit (a character of the BMP; one outside
it is two units) and each pair of adjacent units (the second in the high 16 bits, as a signed
32-bit integer) — with a GIN index (``array_ops``). A needle is found by ``@>`` of its own keys,
then, from three units on, its rows rechecked by ``LIKE`` (its pairs in a row are not yet the
needle). Integers instead of trigrams and lexemes: no extraction by the server, an integer
comparison per key (docs/province-scale.md, branch ``gin20``).

``jixiao_bigrams(text)`` gives the same keys in SQL: the trigger of migration 0020 fills the
column with it for every writer but the import's ``COPY`` (which sends the keys computed in
Python), and here for the rows already stored. Going back restores the trigram index and the
``tsvector`` column (migrations 0009, 0017 and 0020).
"""

from importlib import import_module
from typing import Any

from django.db import migrations

TRIGRAMS = import_module("jixiao.web.migrations.0009_search_text")
VECTOR = import_module("jixiao.web.migrations.0017_search_bigrams")
WRITTEN = import_module("jixiao.web.migrations.0020_import_write_path")

# the keys of a text within the BMP: each character's code and each pair of adjacent characters'
# (the second's 16 bits above the first's, taken as a signed 32-bit integer)
_CHARACTERS = (
    "SELECT ARRAY(SELECT DISTINCT k FROM unnest(string_to_array($1, NULL), "
    "string_to_array(substr($1, 2), NULL)) AS p(a, b), LATERAL (VALUES (ascii(a)), "
    "(((ascii(b)::int8 << 16) | ascii(a))::bit(32)::int4)) AS key(k) WHERE k IS NOT NULL)"
)
# the same of the text's UTF-16 code units (a character outside the BMP is two): slower
_UNITS = (
    "WITH units AS (SELECT ARRAY(SELECT unit FROM unnest(string_to_array($1, NULL)) "
    "WITH ORDINALITY AS c(ch, n), LATERAL (SELECT ascii(c.ch) - 65536 AS above) b, "
    "LATERAL (VALUES (1, CASE WHEN b.above < 0 THEN ascii(c.ch) "
    "ELSE 55296 + (b.above >> 10) END), (2, CASE WHEN b.above >= 0 "
    "THEN 56320 + (b.above & 1023) END)) AS u(part, unit) "
    "WHERE unit IS NOT NULL ORDER BY n, part) AS u) "
    "SELECT ARRAY(SELECT DISTINCT k FROM units, LATERAL (SELECT unnest(u) AS k "
    "UNION ALL SELECT ((u[i + 1]::int8 << 16) | u[i])::bit(32)::int4 "
    "FROM generate_subscripts(u, 1) AS i WHERE i < cardinality(u)) AS keys)"
)
TRIGGERS = WRITTEN.WRITTEN[1:]  # the trigger function and its two triggers (0020)
DROP_TRIGGERS = WRITTEN.GENERATED[:3]
KEYS = [
    "DROP INDEX searchtext_trgm",
    *DROP_TRIGGERS,
    *VECTOR.POSTGRESQL_DROP,  # the tsvector index, column and function
    "CREATE FUNCTION jixiao_bigrams(text) RETURNS int4[] "
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ "
    f"SELECT CASE WHEN $1 ~ '[^\\u0001-\\uFFFF]' THEN ({_UNITS}) ELSE ({_CHARACTERS}) END $$",
    "ALTER TABLE jixiao_searchtext ADD COLUMN bigrams int4[]",
    *TRIGGERS,
    "UPDATE jixiao_searchtext SET bigrams = jixiao_bigrams(text)",
    "CREATE INDEX searchtext_bigrams ON jixiao_searchtext USING gin (bigrams)",
]
VECTORS = [
    *DROP_TRIGGERS,
    *VECTOR.POSTGRESQL_DROP,  # the integer keys' index, column and function
    *VECTOR.POSTGRESQL,  # the tsvector function, its generated column and index (0017)
    *WRITTEN.WRITTEN,  # the column written, its triggers (0020)
    *TRIGRAMS.POSTGRESQL,
]


def _run(statements: list[str]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("jixiao", "0032_batch_rows_unchecked"),
    ]

    operations = [migrations.RunPython(_run(KEYS), _run(VECTORS))]
