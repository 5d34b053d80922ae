"""The search rows' one index on PostgreSQL: their text's characters, each with a byte of the
next, as integer keys (PostgreSQL only; SQLite keeps its FTS5 tables).

Before, two GIN indexes: the trigram index of the text (``pg_trgm``, migration 0009: the server
extracts every character's trigram of each row it writes) and the bigram ``tsvector`` (migration
0017). Now one: the column ``bigrams`` is an ``int4[]`` of the text's keys
(``jixiao.web.search.bigram_keys``) — for each UTF-16 code unit (a character of the BMP; one
outside it is two units) the unit shifted by 8 bits with the next unit's low byte below — with a
GIN index (``array_ops``). A character is found by ``&&`` of its 256 keys; a longer needle by
``@>`` of its rarest key, its rows rechecked by ``strpos``. As many keys as units, integers instead of
trigrams and lexemes: no extraction by the server, integer comparisons, ≈ 64 % less of the
server's CPU to store the rows (docs/province-scale.md, branch ``gin20``).

``jixiao_bigrams(text)`` gives the same keys in SQL: the trigger of migration 0020 fills the
column with it for every writer but the import's ``COPY`` (which sends the keys computed in
Python), and here for the rows already stored. Going back restores the trigram index and the
``tsvector`` column (migrations 0009, 0017 and 0020).
"""

from importlib import import_module

from django.db import migrations

from jixiao.web.migrations._postgresql import on_postgresql

TRIGRAMS = import_module("jixiao.web.migrations.0009_search_text")
VECTOR = import_module("jixiao.web.migrations.0017_search_bigrams")
WRITTEN = import_module("jixiao.web.migrations.0020_import_write_path")

# the keys of a text within the BMP: each character's code shifted by 8 bits, the next one's low
# byte in the low 8 bits (0 after the last), in order
_CHARACTERS = (
    "SELECT ARRAY(SELECT DISTINCT (ascii(a) << 8) | (coalesce(ascii(b), 0) & 255) "
    "FROM unnest(string_to_array($1, NULL), string_to_array(substr($1, 2), NULL)) AS p(a, b) "
    "ORDER BY 1)"
)
# the same of the text's UTF-16 code units (a character outside the BMP is two): slower
_UNITS = (
    "WITH units AS (SELECT ARRAY(SELECT unit FROM unnest(string_to_array($1, NULL)) "
    "WITH ORDINALITY AS c(ch, n), LATERAL (SELECT ascii(c.ch) - 65536 AS above) b, "
    "LATERAL (VALUES (1, CASE WHEN b.above < 0 THEN ascii(c.ch) "
    "ELSE 55296 + (b.above >> 10) END), (2, CASE WHEN b.above >= 0 "
    "THEN 56320 + (b.above & 1023) END)) AS u(part, unit) "
    "WHERE unit IS NOT NULL ORDER BY n, part) AS u) "
    "SELECT ARRAY(SELECT DISTINCT (u[i] << 8) | (coalesce(u[i + 1], 0) & 255) "
    "FROM units, generate_subscripts(u, 1) AS i ORDER BY 1)"
)
DROP_TRIGGERS = WRITTEN.GENERATED[:3]
KEYS = [
    "DROP INDEX searchtext_trgm",
    *DROP_TRIGGERS,
    *VECTOR.POSTGRESQL_DROP,  # the tsvector index, column and function
    "CREATE FUNCTION jixiao_bigrams(text) RETURNS int4[] "
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ "
    f"SELECT CASE WHEN $1 ~ '[^\\u0001-\\uFFFF]' THEN ({_UNITS}) ELSE ({_CHARACTERS}) END $$",
    # computed for the rows stored as the table is rewritten once (an UPDATE of every row would
    # leave the table twice its size), then written by the import and the trigger
    "ALTER TABLE jixiao_searchtext ADD COLUMN bigrams int4[] "
    "GENERATED ALWAYS AS (jixiao_bigrams(text)) STORED",
    "CREATE INDEX searchtext_bigrams ON jixiao_searchtext USING gin (bigrams)",
    *WRITTEN.WRITTEN,  # the column written, its triggers (0020)
]
VECTORS = [
    *DROP_TRIGGERS,
    *VECTOR.POSTGRESQL_DROP,  # the integer keys' index, column and function
    *VECTOR.POSTGRESQL,  # the tsvector function, its generated column and index (0017)
    *WRITTEN.WRITTEN,  # the column written, its triggers (0020)
    *TRIGRAMS.POSTGRESQL,
]


class Migration(migrations.Migration):
    dependencies = [
        ("jixiao", "0032_batch_rows_unchecked"),
    ]

    operations = [migrations.RunPython(on_postgresql(KEYS), on_postgresql(VECTORS))]
