"""批量写入: the rows of many stored versions written with set-based inserts.

:func:`insert` writes the :class:`~jixiao.web.storage.Rows` of a chunk of documents: the version
rows first (so that their primary keys are known), then the goals, indicators, findings and search
text of all the chunk's documents together, each table with :func:`create`.

:func:`create` writes rows of any model: on PostgreSQL with ``COPY … FROM STDIN`` through psycopg 3,
elsewhere with ``bulk_create``. A profile of a 1,000-table import on PostgreSQL put most of the
write in Django's ``bulk_create`` machinery (per-value preparation, SQL assembly, and Django 5.2's
``UNNEST`` arrays, which psycopg quotes in Python character by character for the documents' JSON).
Both write the same values: each column's value is prepared by its field (``pre_save`` then
``get_db_prep_save``, as ``bulk_create`` does), so an :class:`~jixiao.web.fields.ExactDecimalField`
stores the same integer of millionths; the primary keys are taken from the table's sequence first,
so every object has its key afterwards, as after ``bulk_create``. The caller holds the
transaction; ``COPY`` runs in it on the same connection.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, cast

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db import models as db

from jixiao.web.storage import Rows

__all__ = ["BATCH_SIZE", "create", "insert"]

#: rows per INSERT statement (SQLite's and PostgreSQL's parameter limits are far above this)
BATCH_SIZE = 1000


def insert(chunk: Sequence[Rows], *, copy: bool | None = None) -> None:
    """Write every row of ``chunk``; afterwards each version row has its primary key."""
    create([rows.version for rows in chunk], copy=copy)
    children: list[db.Model] = []
    for rows in chunk:
        rows.attach()
        children.extend((*rows.goals, *rows.indicators, *rows.findings, *rows.search))
    create(children, copy=copy)


def create(objects: Sequence[db.Model], *, copy: bool | None = None) -> None:
    """Write ``objects`` (new rows, of one model or several) and give each its primary key.

    ``copy`` says whether they go in by ``COPY``; by default when the database is PostgreSQL
    (the only one that has it), else by ``bulk_create``.
    """
    use_copy = connection.vendor == "postgresql" if copy is None else copy
    for model, rows in _by_model(objects).items():
        if use_copy:
            _copy(model, rows)
        else:
            model._default_manager.bulk_create(rows, batch_size=BATCH_SIZE)


def _by_model(objects: Sequence[db.Model]) -> dict[type[db.Model], list[Any]]:
    """The objects grouped by model, in order of first appearance."""
    by_model: dict[type[db.Model], list[Any]] = defaultdict(list)
    for obj in objects:
        by_model[type(obj)].append(obj)
    return by_model


def _copy(model: type[db.Model], rows: list[Any]) -> None:
    """Take a primary key for each row from the table's sequence, then ``COPY`` every column."""
    database = connections[DEFAULT_DB_ALIAS]  # not the proxy: no look-up for every value
    meta = model._meta
    fields = list(meta.concrete_fields)
    names = [cast(str, f.column) for f in fields]  # a concrete field has a column
    table = database.ops.quote_name(meta.db_table)
    with database.cursor() as wrapper:
        cursor = wrapper.cursor  # psycopg 3's own cursor, in the caller's transaction
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        for row, (key,) in zip(rows, cursor.fetchall(), strict=True):
            row.pk = key
            row._state.adding, row._state.db = False, database.alias
        columns = ", ".join(database.ops.quote_name(name) for name in names)
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(
                    [f.get_db_prep_save(f.pre_save(row, True), database) for f in fields]
                )
