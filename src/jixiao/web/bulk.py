"""批量写入: the rows of many stored versions written with set-based inserts.

:func:`insert` writes the :class:`~jixiao.web.storage.Rows` of a chunk of documents: the version
rows first with one ``bulk_create`` per table (so that their primary keys are known), then the
goals, indicators, findings and search text of all the chunk's documents together — on
PostgreSQL with ``COPY … FROM STDIN`` through psycopg 3 (a profile put 60% of the write in
Django's ``bulk_create`` machinery: per-value preparation and SQL assembly), elsewhere with
``bulk_create``. Both write the same values: each column's value is prepared by its field
(``pre_save`` then ``get_db_prep_save``, as ``bulk_create`` does), so an
:class:`~jixiao.web.fields.ExactDecimalField` stores the same integer of millionths. The caller
holds the transaction; ``COPY`` runs in it on the same connection.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, cast

from django.db import connection
from django.db import models as db

from jixiao.web.storage import Rows

__all__ = ["BATCH_SIZE", "insert"]

#: rows per INSERT statement (SQLite's and PostgreSQL's parameter limits are far above this)
BATCH_SIZE = 1000


def insert(chunk: Sequence[Rows], *, copy: bool | None = None) -> None:
    """Write every row of ``chunk``; afterwards each version row has its primary key.

    ``copy`` says whether the child rows go in by ``COPY``; by default when the database is
    PostgreSQL (the only one that has it).
    """
    _create([rows.version for rows in chunk])
    children: list[db.Model] = []
    for rows in chunk:
        rows.attach()
        children.extend((*rows.goals, *rows.indicators, *rows.findings, *rows.search))
    if connection.vendor == "postgresql" if copy is None else copy:
        _copy(children)
    else:
        _create(children)


def _by_model(objects: Sequence[db.Model]) -> dict[type[db.Model], list[Any]]:
    """The objects grouped by model, in order of first appearance."""
    by_model: dict[type[db.Model], list[Any]] = defaultdict(list)
    for obj in objects:
        by_model[type(obj)].append(obj)
    return by_model


def _create(objects: Sequence[db.Model]) -> None:
    """``bulk_create`` per model."""
    for model, rows in _by_model(objects).items():
        model._default_manager.bulk_create(rows, batch_size=BATCH_SIZE)


def _copy(objects: Sequence[db.Model]) -> None:
    """``COPY`` per model of every column but the generated primary key (PostgreSQL only)."""
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor  # psycopg 3's own cursor, in the caller's transaction
        for model, rows in _by_model(objects).items():
            fields = [f for f in model._meta.concrete_fields if not f.primary_key]
            names = [cast(str, f.column) for f in fields]  # a concrete field has a column
            columns = ", ".join(connection.ops.quote_name(name) for name in names)
            table = connection.ops.quote_name(model._meta.db_table)
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(
                        [f.get_db_prep_save(f.pre_save(row, True), connection) for f in fields]
                    )
