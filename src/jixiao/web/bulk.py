"""批量写入: the rows of many stored versions written with set-based inserts.

:func:`insert` writes the :class:`~jixiao.web.storage.Rows` of a chunk of documents: the version
rows first (so that their primary keys are known), then the goals, indicators, findings and search
text of all the chunk's documents together, one statement per table.

Three ways to write, the same values stored (tests/web/test_bulk_copy.py compares them):

- ``"copy"`` (PostgreSQL's default): ``COPY … FROM STDIN`` through psycopg 3;
- ``"insert"`` (the default elsewhere): one ``INSERT`` run for many rows (``executemany``);
- ``"orm"``: Django's ``bulk_create`` of model instances, the reference the others must match.

A profile of a 1,000-table import put most of the importing process's time in Django's model
machinery: building a model instance per row, and ``bulk_create``'s per-value preparation and SQL
assembly (and on PostgreSQL, Django 5.2's ``UNNEST`` arrays, which psycopg quotes in Python
character by character for the documents' JSON). So the child rows stay plain column values
(:data:`~jixiao.web.storage.Columns`) and each value is converted by its field's converter
(:func:`_converter`): the field's own ``get_db_prep_save`` — what ``bulk_create`` calls — with the
cases where that returns its input (text, integers, ``None``) passed straight through, an
:class:`~jixiao.web.fields.ExactDecimalField` scaled by its own ``get_prep_value`` (the same integer
of millionths) and JSON written as the text the driver would send. Version rows, whose primary
keys the caller needs, take them from the table's sequence first (``"copy"``) or from
``bulk_create``. The caller holds the transaction; every statement runs in it on its connection.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, Literal, cast

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db import models as db
from django.db.backends.base.base import BaseDatabaseWrapper

from jixiao.web.fields import ExactDecimalField
from jixiao.web.storage import Columns, Rows

__all__ = ["BATCH_SIZE", "How", "create", "insert", "write"]

#: rows per INSERT statement of ``bulk_create`` (SQLite's and PostgreSQL's parameter limits are
#: far above this)
BATCH_SIZE = 1000

How = Literal["copy", "insert", "orm"]


def _default() -> How:
    return "copy" if connection.vendor == "postgresql" else "insert"


def insert(chunk: Sequence[Rows], *, how: How | None = None) -> None:
    """Write every row of ``chunk``; afterwards each version row has its primary key."""
    how = how or _default()
    create([rows.version for rows in chunk], copy=how == "copy")
    if how == "orm":
        create([obj for rows in chunk for _, made in rows.instances() for obj in made], copy=False)
        return
    by_model: dict[type[db.Model], list[tuple[str, int, Columns]]] = defaultdict(list)
    for rows in chunk:
        for model, children in rows.children():
            owner = rows.owner
            by_model[model].extend((owner, cast(int, rows.version.pk), c) for c in children)
    for model, values in by_model.items():
        write(model, values, how=how)


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


def write(
    model: type[db.Model], rows: Sequence[tuple[str, int, Columns]], *, how: How | None = None
) -> None:
    """Write new rows of ``model`` given as column values, each with the name of its foreign key
    to its version row and that row's primary key (their own primary keys are not read back)."""
    if not rows:
        return
    how = how or _default()
    database = connections[DEFAULT_DB_ALIAS]  # not the proxy: no look-up for every value
    if how == "orm":
        model._default_manager.bulk_create(
            [model(**{f"{owner}_id": pk}, **columns) for owner, pk, columns in rows],
            batch_size=BATCH_SIZE,
        )
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            raise ValueError(f"{model.__name__}.{field.name} is set on save: use create()")
    spec = [(f.name, f.get_default(), *_converter(f, database, how)) for f in fields]
    where = {f.name: i for i, f in enumerate(fields)}
    values = []
    for owner, pk, columns in rows:
        get = columns.get
        row = []
        for name, default, kept, convert in spec:
            value = get(name, default)
            row.append(value if type(value) in kept else convert(value))
        row[where[owner]] = pk
        values.append(row)
    table = database.ops.quote_name(model._meta.db_table)
    columns = ", ".join(database.ops.quote_name(cast(str, f.column)) for f in fields)
    with database.cursor() as cursor:
        if how == "copy":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)


_TEXT = frozenset({"CharField", "TextField"})
_INTEGER = frozenset(
    {
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveBigIntegerField",
        "PositiveSmallIntegerField",
    }
)
_KEYS = frozenset({"AutoField", "BigAutoField", "SmallAutoField"})


Converter = tuple[frozenset[type], Callable[[Any], Any]]


def _converter(field: Any, database: BaseDatabaseWrapper, how: How) -> Converter:
    """What ``field`` stores for a value: the types of the values it stores as they are, and the
    function that converts any other value — together what ``field.get_db_prep_save`` gives (as
    ``bulk_create`` writes it), without its machinery where it returns the value as it is.

    An integer column may get a plain ``int`` where Django wraps it for the driver (psycopg's
    ``Int8``): the driver sends the same number. JSON goes out as the text the driver would send
    (``json.dumps`` with the field's encoder)."""

    def slow(value: Any) -> Any:
        return field.get_db_prep_save(value, database)

    none: frozenset[type] = frozenset({type(None)})
    kind = field.get_internal_type()
    if isinstance(field, ExactDecimalField):
        return none, field.get_prep_value
    if kind in _TEXT and not field.null:
        return frozenset({str}), slow
    if isinstance(field, db.ForeignKey):
        integer = field.target_field.get_internal_type() in _INTEGER | _KEYS
        return (none | {int} if integer else frozenset()), slow
    if kind in _INTEGER:
        return none | {int}, slow
    if kind == "BooleanField":
        return none | {bool}, slow
    if kind == "JSONField":
        encoder = field.encoder
        if how == "copy":
            return none, lambda value: json.dumps(value, cls=encoder)
        return none, lambda value: database.ops.adapt_json_value(value, encoder)
    if kind == "DateField":
        return none, slow
    return frozenset(), slow


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
        spec = [(f, *_converter(f, database, "copy")) for f in fields]
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                values = []
                for field, kept, convert in spec:
                    value = field.pre_save(row, True)
                    values.append(value if type(value) in kept else convert(value))
                copy.write_row(values)
