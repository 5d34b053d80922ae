"""批量写入: the rows of many stored versions written with set-based inserts.

:func:`insert` writes the :class:`~jixiao.web.storage.Rows` of a chunk of documents with one
``bulk_create`` per table (version rows first, so that their primary keys are known, then goals,
indicators and findings of all the chunk's documents together). The caller holds the transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import models as db

from jixiao.web.storage import Rows

__all__ = ["BATCH_SIZE", "insert"]

#: rows per INSERT statement (SQLite's and PostgreSQL's parameter limits are far above this)
BATCH_SIZE = 1000


def insert(chunk: Sequence[Rows]) -> None:
    """Write every row of ``chunk``; afterwards each version row has its primary key."""
    _create([rows.version for rows in chunk])
    children: list[db.Model] = []
    for rows in chunk:
        rows.attach()
        children.extend((*rows.goals, *rows.indicators, *rows.findings, *rows.search))
    _create(children)


def _create(objects: Sequence[db.Model]) -> None:
    """``bulk_create`` per model, in order of first appearance."""
    by_model: dict[type[db.Model], list[Any]] = defaultdict(list)
    for obj in objects:
        by_model[type(obj)].append(obj)
    for model, rows in by_model.items():
        model._default_manager.bulk_create(rows, batch_size=BATCH_SIZE)
