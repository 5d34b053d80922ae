"""检索: search projects by Chinese text with an index, whitespace-insensitive, ranked.

The text of each project version is kept normalised in :class:`~jixiao.web.models.SearchText`
(one row for its name, one for its purpose and indicator text), so that “大气 污染” and
“大气污染” are the same query. Substrings are found by short pieces of the text — no word
segmenter is needed for Chinese:

- PostgreSQL: one GIN index on the column ``bigrams``, an ``int4[]`` of the text's *keys*
  (migration 0033): for each UTF-16 code unit, the unit with the next unit's low byte
  (:func:`bigram_keys`; the SQL function ``jixiao_bigrams(text)`` gives the same). A character
  is found by ``&&`` of its 256 keys, a longer needle by ``@>`` of its rarest key and rechecked
  by ``strpos`` (:func:`matching`). Integers, not ``pg_trgm``'s trigrams and a ``tsvector``'s
  lexemes (two GIN indexes until then): the server extracts nothing and compares integers,
  ≈ 65 % less of its CPU to store the rows. The column is not a model field: the import's
  ``COPY`` (:mod:`jixiao.web.bulk`) writes it with the text, computed in Python, and for every
  other writer, which leaves it out, a trigger computes it (migration 0020);
- SQLite: an FTS5 table with the ``trigram`` tokenizer, and for queries of one or two
  characters (too short for a trigram, and common: “培训”, “监测”) a contentless FTS5 table
  ``jixiao_searchtext_pairs`` (``detail=none``: which rows, no positions) of the text's
  *bigrams* — every pair of adjacent characters, and the last character alone, so that a pair is
  in the index exactly when it is a substring of the text, and a single character exactly when
  some entry starts with it —, kept by triggers on ``jixiao_searchtext`` that call
  ``jixiao_bigrams(text)``, a deterministic Python function registered on every connection
  (:func:`register`; the bigrams are written as ASCII tokens, ``0000592700006c14`` for 大气, so
  that no tokenizer splits or folds them). The bulk import (:mod:`jixiao.web.bulk`) writes the
  tokens of its rows itself, one ``executemany`` per batch, with the insert trigger switched off
  in its transaction (:func:`bigrams_written`, migration 0019): the trigger's call into Python
  for every row was most of the index's cost to the import.

The indexes are kept whatever writes the rows (the ORM, ``executemany``, PostgreSQL ``COPY``:
:mod:`jixiao.web.bulk`); migrations 0017 (SQLite) and 0033 (PostgreSQL) build them for the rows
already stored. A SQLite connection opened outside Django needs :func:`add_functions` before it writes search
rows. :func:`search` keeps the matching projects and annotates
``search_rank``: 0 when the name matches, 1 when only the other text does.

The match runs once: the projects are joined to their matching rows and grouped, each keeping
its best rank (``MIN``), so a common phrase that matches thousands of projects is neither matched
again per project to rank it nor a second time to count it (the lists count with the page:
:class:`jixiao.web.paging.Counted`).
"""

from __future__ import annotations

import functools
import sqlite3
import sys
import time
from array import array
from collections.abc import Collection, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any

from django.db import connection
from django.db.models import Lookup, Min, Q, QuerySet
from django.db.models.expressions import RawSQL

from jixiao.domain.records import normalise_name
from jixiao.domain.row_values import NAME, TEXT
from jixiao.domain.row_values import search_rows as rows
from jixiao.web import models

__all__ = [
    "FTS_TABLE",
    "NAME",
    "PAIRS_SWITCH",
    "PAIRS_TABLE",
    "TEXT",
    "add_functions",
    "among",
    "bigram_keys",
    "bigrams_written",
    "matching",
    "normalise_name",
    "pair_tokens",
    "register",
    "rows",
    "search",
]

#: PostgreSQL: a character whose keys are in more of the rows than this is matched by ``strpos``
#: alone, every row read (项: 87 % of the rows at 50,000 tables; through its keys, estimated at
#: 0.5 %, the projects were joined one by one, 970–990 ms against 510–540)
_COMMON = 0.2
FTS_TABLE = "jixiao_searchtext_fts"  # SQLite only (migration 0009)
PAIRS_TABLE = "jixiao_searchtext_pairs"  # SQLite only (migration 0017)
PAIRS_SWITCH = "jixiao_searchtext_pairs_bulk"  # SQLite only (migration 0019)
BIGRAMS = "jixiao_bigrams"  # the SQL function of the bigram index (both databases)


def search(projects: QuerySet[models.Project], query: str) -> QuerySet[models.Project]:
    """The projects among ``projects`` whose text contains ``query``, with ``search_rank``."""
    needle = normalise_name(query)
    if not needle:
        return projects
    # filter, then annotate: the minimum is over the joined rows that match (one join, grouped)
    hits = projects.filter(matching(needle, "search_texts__"))
    return hits.annotate(search_rank=Min("search_texts__rank"))


def matching(needle: str, via: str = "") -> Q:
    """The condition on search rows that they contain ``needle`` (normalised, not empty), found
    through the index of the text's keys (PostgreSQL) or the trigram and bigram tables (SQLite:
    the former from three characters); ``via`` is the
    path to the rows (``"search_texts__"`` from a project, ``""`` on the rows themselves: the
    disclosure site's search, :func:`jixiao.public.queries.search`)."""
    if connection.vendor != "sqlite":
        keys = _keys(needle)
        if len(keys) == 1:  # one unit (its key's low byte 0): any of its 256 keys, exactly
            unit = [keys[0] | i for i in range(256)]
            if _share(unit) > _COMMON:  # in most rows: read them all, joined as many
                return Q(**{f"{via}text__holds": needle})
            return Q(**{f"{via}text__any_bigram": _array(unit)})
        # the rarest of its keys (the last is followed by the needle's next unit, not the
        # row's), then the needle itself: another unit with the same low byte makes a key too
        rarest = _rarest(keys[:-1])
        return Q(**{f"{via}text__bigrams": _array({rarest}), f"{via}text__holds": needle})
    if len(needle) >= 3:  # a phrase of trigrams: the index finds it
        sql, param = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", _phrase(needle)
    else:  # a bigram, or a character: the prefix of the bigrams that start with it
        token = pair_tokens(needle).split()[0]  # of the needle's first character
        param = f'"{token}"' if len(needle) == 2 else f'"{token}" *'
        sql = f"SELECT rowid FROM {PAIRS_TABLE} WHERE {PAIRS_TABLE} MATCH %s"
    return Q(**{f"{via}id__in": RawSQL(sql, [param])})


def among(projects: QuerySet[models.Project], needle: str) -> QuerySet[models.Project]:
    """The projects among ``projects`` with a search row containing ``needle`` (normalised, not
    empty), unranked (the disclosure site's search orders as its lists do).

    On PostgreSQL the rows are matched first, planned on their own (``OFFSET 0`` keeps the
    subquery from being merged into the join), then the projects kept by id: joined to the
    published tables, the planner scanned every search row for a common phrase (``LIKE`` on
    100,000 long texts, 150–220 ms at 50,000 tables) where the index finds the 15 % that match in
    ≈ 25 ms. On SQLite the projects are joined to their matching rows (:func:`search`): its
    planner starts from the few projects, where the rows matched first would be all of them."""
    if connection.vendor != "postgresql":
        return search(projects, needle)
    hits = models.SearchText.objects.filter(matching(needle)).values("project_id")
    sql, params = hits.query.sql_with_params()
    return projects.filter(pk__in=RawSQL(f"SELECT project_id FROM ({sql} OFFSET 0) hits", params))


def _phrase(needle: str) -> str:
    """An FTS5 query matching ``needle`` literally (a quoted string, quotes doubled)."""
    return '"' + needle.replace('"', '""') + '"'


class _Bigrams(Lookup[Any]):
    """``text__bigrams=<keys>`` (PostgreSQL): the row's ``bigrams`` column (its text's keys,
    migration 0033) holds all the keys (an ``int4[]``'s text), in the row of the join the lookup
    is on. The planner estimates the rows from the column's statistics of each key."""

    lookup_name = "bigrams"
    template = "{column} @> ({keys})::int4[]"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[str | int, ...]]:
        column = f"{compiler.quote_name_unless_alias(self.lhs.alias)}.bigrams"
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return self.template.format(column=column, keys=rhs), tuple(rhs_params)


class _AnyBigram(_Bigrams):
    """``text__any_bigram=<keys>``: the row's keys include one of these — a character's 256,
    given to the planner as a subquery's value: from the keys themselves, none in its statistics
    of the most common, it estimated most rows and read the whole table comparing each row's keys
    with the 256 (10 s at 50,000 tables, against 20 ms through the index)."""

    lookup_name = "any_bigram"
    template = "{column} && (SELECT ({keys})::int4[])"


class _Holds(Lookup[Any]):
    """``text__holds=<needle>`` (PostgreSQL): the text contains the needle (``strpos``, no
    wildcards). The planner takes such a condition as true for nearly every row, so that it
    estimates the rows a needle finds from its rarest key alone (:func:`_rarest`) — about as
    many as hold it, where ``LIKE``'s estimate times the key's counted the needle twice, and
    the projects were then joined one by one."""

    lookup_name = "holds"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[str | int, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"strpos({lhs}, {rhs}) <> 0", (*lhs_params, *rhs_params)


for _lookup in (_Bigrams, _AnyBigram, _Holds):
    models.SearchText._meta.get_field("text").register_lookup(_lookup)


def pair_tokens(text: str) -> str:
    """SQLite's ``jixiao_bigrams(text)``: the text's bigrams and its last character, as FTS5
    tokens separated by spaces — each character as the 8 hex digits of its code point (UTF-32), a
    bigram as its two characters' 16 and the last character alone as its 8 (``大气`` →
    ``0000592700006c14 00006c14``), so that the tokens of one character are the tokens starting
    with its 8 digits. Built from one hex string by slicing: the triggers call it for every search
    row written (a loop per character took 70 µs for a 320-character text, this slicing 29 µs).

    The triggers delete a row's tokens by computing them again: changing this encoding needs a
    migration that rebuilds the table."""
    digits = text.encode("utf-32-be").hex()
    return " ".join([digits[i : i + 16] for i in range(0, len(digits), 8)])


def bigram_keys(text: str) -> str:
    """PostgreSQL's ``jixiao_bigrams(text)`` (migration 0033) as the text of an ``int4[]``, what
    ``COPY`` sends for the column ``bigrams``: the keys of :func:`_keys`, once each, in order (as
    the function gives them: the same value whoever writes the row)."""
    return _array(sorted(set(_keys(text))))


def _keys(text: str) -> array[int]:
    """A key for each UTF-16 code unit of the text (a character outside the BMP is two): the
    unit shifted by 8 bits, and in the low 8 bits the next unit's low byte (0 after the last), so
    that the keys of a unit are 256 and a pair of units has one. Built in C: the 4 bytes of each
    key (little-endian) placed from the UTF-16 bytes by slices, read as 32-bit integers."""
    data = text.encode("utf-16-le")
    low = data[0::2]
    placed = bytearray(2 * len(data))
    placed[0::4] = (low + b"\0")[1:]  # the next unit's low byte
    placed[1::4] = low
    placed[2::4] = data[1::2]
    keys = array("i", placed)
    if sys.byteorder == "big":  # the array reads its items in the machine's order
        keys.byteswap()
    return keys


def _share(keys: Sequence[int]) -> float:
    """The shares of the rows holding ``keys`` added (by the column's statistics, as
    :func:`_rarest`): at least the share holding one of them, if not many hold two."""
    shares = _statistics(connection.settings_dict["NAME"], int(time.monotonic() // 600))
    return sum(shares.get(key, 0.0) for key in keys)


def _rarest(keys: Sequence[int]) -> int:
    """The key of ``keys`` in the fewest rows by the planner's statistics of the column (its most
    common keys and their shares: a key not among them is rarer than those that are), the first
    of equals."""
    shares = _statistics(connection.settings_dict["NAME"], int(time.monotonic() // 600))
    return min(keys, key=lambda key: shares.get(key, 0.0))


@functools.lru_cache(maxsize=1)
def _statistics(database: str, period: int) -> dict[int, float]:
    """The most common keys of the column ``bigrams`` and their shares of the rows, as the last
    ``ANALYZE`` of database ``database`` counted them, read once in each ten minutes' ``period``
    (empty before any)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::int4[], most_common_elem_freqs FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = %s AND attname = 'bigrams'",
            [models.SearchText._meta.db_table],
        )
        row = cursor.fetchone()
    return dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}


def _array(keys: Collection[int]) -> str:
    """An ``int4[]``'s text: the list's ``repr`` between braces (≈ 15 % faster than joining)."""
    return "{" + repr(list(keys))[1:-1] + "}"


def register(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created``: give a SQLite connection the function ``jixiao_bigrams`` that the
    triggers of the bigram table call (:func:`add_functions`).

    And let it group by a model's primary key alone, as PostgreSQL does (SQLite takes the other
    columns of a group as they are, the same in every row of a group by primary key): the search
    groups the matching rows by project, and grouping by every column of the project, its
    document JSON included, made SQLite sort those documents — 250 → 154 ms for “培训”,
    3.4 → 0.7 s for “项目” (18,848 projects) at 20,000 tables under load."""
    if connection.vendor == "sqlite":
        add_functions(connection.connection)
        connection.features.allows_group_by_selected_pks = True


def add_functions(database: sqlite3.Connection) -> None:
    """Give a SQLite connection ``jixiao_bigrams`` (:func:`pair_tokens`; deterministic: the same
    tokens to delete as to insert). Django's connections get it from :func:`register`; any other
    connection that writes, changes or deletes search rows (``sqlite3.connect`` of the data file)
    needs it first, or the triggers fail with “no such function: jixiao_bigrams”."""
    database.create_function(BIGRAMS, 1, pair_tokens, deterministic=True)


def bigrams_written(model: type[Any]) -> AbstractContextManager[None]:
    """Around a bulk ``INSERT`` of ``model``'s rows on the default connection (:mod:`jixiao.web.
    bulk`): on SQLite, for the search rows, the bigram tokens of the rows inserted inside are
    written after them with one ``executemany`` instead of by the insert trigger row by row
    (which called :func:`pair_tokens` from SQLite for each row: ≈ 60 µs a row of the importing
    process's CPU). Anything else: nothing to do. The caller holds the transaction."""
    if model is not models.SearchText or connection.vendor != "sqlite":
        return nullcontext()
    return _pairs_after()


@contextmanager
def _pairs_after() -> Iterator[None]:
    """Switch the insert trigger off (a row in ``PAIRS_SWITCH``, migration 0019: seen by this
    transaction only), let the rows be inserted, then index every row newer than the newest
    before (the switch's write took the database's write lock: no other connection inserts
    meanwhile) from its stored text, and switch the trigger on again — also when the insert
    failed, so that the rows it did write are indexed as the trigger would have."""
    table = models.SearchText._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {PAIRS_SWITCH} (id) VALUES (1)")
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
        (newest,) = cursor.fetchone()
        try:
            yield
        finally:
            cursor.execute(f"SELECT id, text FROM {table} WHERE id > %s", [newest])
            tokens = [(key, pair_tokens(text)) for key, text in cursor.fetchall()]
            cursor.executemany(f"INSERT INTO {PAIRS_TABLE} (rowid, pairs) VALUES (%s, %s)", tokens)
            cursor.execute(f"DELETE FROM {PAIRS_SWITCH}")
