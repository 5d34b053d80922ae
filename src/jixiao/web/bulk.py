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
(:func:`~jixiao.web.bulk_values.converter`): the field's own ``get_db_prep_save`` — what
``bulk_create`` calls — with the
cases where that returns its input (text, integers, ``None``) passed straight through, an
:class:`~jixiao.web.fields.ExactDecimalField` scaled by its own ``get_prep_value`` (the same integer
of millionths; each distinct amount once per statement; an ``int``, millionths already, as it
is) and JSON written as the text the driver would send (compact UTF-8, :mod:`jixiao.web.json_text`;
``COPY`` gets it encoded already, as the domain objects' serializer makes it). Version rows, whose primary
keys the caller needs, take them from the table's sequence first (``"copy"``) or from
``bulk_create``. ``COPY`` also writes the columns that are no model field but are computed from
one (:data:`_COMPUTED`: the search rows' bigrams, which the server would otherwise compute). The caller holds the transaction; every statement runs in it on its connection.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import itemgetter
from typing import Any, cast

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db import models as db
from django.db.backends.base.base import BaseDatabaseWrapper
from pydantic import BaseModel

from jixiao.web import bulk_values, models, search
from jixiao.web.bulk_values import How
from jixiao.web.storage import ORDERED, Child, Rows, columns_of, jsonable

__all__ = ["BATCH_SIZE", "How", "create", "insert", "write"]

#: rows per INSERT statement of ``bulk_create`` (SQLite's and PostgreSQL's parameter limits are
#: far above this)
BATCH_SIZE = 1000


def _default() -> How:
    return "copy" if connection.vendor == "postgresql" else "insert"


def insert(chunk: Sequence[Rows], *, how: How | None = None) -> None:
    """Write every row of ``chunk``; afterwards each version row has its primary key."""
    how = how or _default()
    create([rows.version for rows in chunk], how=how)
    if how == "orm":
        create([obj for rows in chunk for _, made in rows.instances() for obj in made], how=how)
        return
    by_model: dict[type[db.Model], list[tuple[str, int, Child]]] = defaultdict(list)
    for rows in chunk:
        owner, pk = rows.owner, rows.version.pk  # once a version, not once a child row
        for model, children in rows.children():
            by_model[model].extend((owner, pk, c) for c in children)
    for model, values in by_model.items():
        with search.bigrams_written(model):  # SQLite: the bigram index in one statement
            write(model, values, how=how, order=ORDERED.get(model))


def create(objects: Sequence[db.Model], *, how: How | None = None) -> None:
    """Write ``objects`` (new model instances, of one model or several) and give each its
    primary key (``COPY`` on PostgreSQL, multi-row ``INSERT … RETURNING`` elsewhere)."""
    how = how or _default()
    for model, rows in _by_model(objects).items():
        if how == "copy":
            _copy(model, rows)
        elif how == "insert":
            _returning(model, rows)
        else:
            for row in rows:  # a domain object in a JSON column (or its JSON text): its JSON,
                for field in model._meta.concrete_fields:  # as the model takes it
                    value = getattr(row, field.attname)
                    if isinstance(value, BaseModel):
                        setattr(row, field.attname, value.model_dump(mode="json"))
                    elif isinstance(value, bytes):
                        setattr(row, field.attname, json.loads(value))
            model._default_manager.bulk_create(rows, batch_size=BATCH_SIZE)


def write(
    model: type[db.Model],
    rows: Sequence[tuple[str, int, Child]],
    *,
    how: How | None = None,
    order: Sequence[str] | None = None,
) -> None:
    """Write new rows of ``model`` given as column values, each with the name of its foreign key
    to its version row and that row's primary key (their own primary keys are not read back).
    The values come by name (:data:`~jixiao.web.storage.Columns`), or, with ``order``, as a
    sequence in that order of field names (:data:`~jixiao.web.storage.ORDERED`).
    A column left out gets its field's default (worked out once per call); no field of the
    model may set its value on save (``auto_now``: use :func:`create`)."""
    if not rows:
        return
    how = how or _default()
    database = connections[DEFAULT_DB_ALIAS]  # not the proxy: no look-up for every value
    if how == "orm":
        model._default_manager.bulk_create(
            [
                model(**{f"{owner}_id": pk}, **jsonable(columns_of(columns, order)))
                for owner, pk, columns in rows
            ],
            batch_size=BATCH_SIZE,
        )
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            raise ValueError(f"{model.__name__}.{field.name} is set on save: use create()")
    names = [f.name for f in fields]
    defaults = [f.get_default() for f in fields]
    conform = bulk_values.conformer([bulk_values.converter(f, database, how) for f in fields])
    where = {f.name: i for i, f in enumerate(fields)}
    computed = [  # each distinct value once (a batch's search texts repeat)
        (where[source], bulk_values.remembered(compute))
        for _, source, compute in _COMPUTED.get(model, [])
    ]
    if how != "copy":
        computed = []

    laid: dict[str, Callable[[Any, int], list[Any]]] = {}  # by the name of the foreign key

    def prepared() -> Iterator[list[Any]]:
        for owner, pk, columns in rows:
            lay = laid.get(owner)
            if lay is None:
                lay = laid[owner] = _layout(names, defaults, where[owner], order)
            row = lay(columns, pk)
            conform(row)
            if computed:
                row += [compute(row[source]) for source, compute in computed]
            yield row

    table = database.ops.quote_name(model._meta.db_table)
    columns = [cast(str, f.column) for f in fields]
    if computed:
        columns += [name for name, _, _ in _COMPUTED[model]]
    quoted = ", ".join(map(database.ops.quote_name, columns))
    with database.cursor() as cursor:
        if how == "copy":  # each row sent as it is made: the server works on the ones before
            _copied(cursor.cursor, f"COPY {table} ({quoted}) FROM STDIN", prepared())
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", list(prepared()))


def _layout(
    names: list[str], defaults: list[Any], owner: int, order: Sequence[str] | None
) -> Callable[[Any, int], list[Any]]:
    """What makes a row's list of values (one per field of ``names``, the version row's primary
    key at position ``owner``) from its columns and that key: by name from
    :data:`~jixiao.web.storage.Columns`; or, with ``order``, picked by one ``itemgetter`` from
    the values as they come followed by the key and the other fields' defaults (a finding row,
    ≈ 34,000 per 5,000 tables, is made no dictionary)."""
    if order is None:

        def by_name(columns: Any, pk: int) -> list[Any]:
            row = list(map(columns.get, names, defaults))
            row[owner] = pk
            return row

        return by_name
    rest = [i for i, name in enumerate(names) if name not in order and i != owner]
    source = [*(names.index(name) for name in order), owner, *rest]
    pick = itemgetter(*(source.index(i) for i in range(len(names))))
    tail = tuple(defaults[i] for i in rest)
    return lambda values, pk: list(pick((*values, pk, *tail)))


#: columns that ``COPY`` writes although they are no model field, each computed from a field's
#: value (once per distinct value in a statement): the search rows' bigrams (migration 0020; the
#: database computes them for every other writer, from the text)
_COMPUTED: dict[type[db.Model], list[tuple[str, str, Callable[[Any], Any]]]] = {
    models.SearchText: [("bigrams", "text", search.bigram_keys)],
}


def _by_model(objects: Sequence[db.Model]) -> dict[type[db.Model], list[Any]]:
    """The objects grouped by model, in order of first appearance."""
    by_model: dict[type[db.Model], list[Any]] = defaultdict(list)
    for obj in objects:
        by_model[type(obj)].append(obj)
    return by_model


def _values(
    fields: list[Any], database: BaseDatabaseWrapper, how: How
) -> Callable[[Any], list[Any]]:
    """The values an instance's row stores in ``fields`` (each field's ``pre_save`` first, as
    ``bulk_create`` does: a creation time is set then; a field whose ``pre_save`` is Django's
    own, which reads the attribute, is read directly)."""
    read = [
        (None if type(f).pre_save is db.Field.pre_save else f.pre_save, f.attname) for f in fields
    ]
    conform = bulk_values.conformer([bulk_values.converter(f, database, how) for f in fields])

    def values(row: Any) -> list[Any]:
        out = [
            getattr(row, name) if pre_save is None else pre_save(row, True)
            for pre_save, name in read
        ]
        conform(out)
        return out

    return values


def _saved(row: Any, key: int, database: BaseDatabaseWrapper) -> None:
    row.pk = key
    row._state.adding, row._state.db = False, database.alias


def _returning(model: type[db.Model], rows: list[Any]) -> None:
    """``INSERT`` the instances, as many per statement as the database takes parameters, and
    read their primary keys back. Rows get their keys in the order of the ``VALUES`` (each row
    the next of the sequence), so the keys returned are taken in ascending order, whatever
    order ``RETURNING`` gives them in."""
    database = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    values = _values(fields, database, "insert")
    per = max(1, (database.features.max_query_params or BATCH_SIZE * len(fields)) // len(fields))
    quote = database.ops.quote_name
    columns = ", ".join(quote(cast(str, f.column)) for f in fields)
    mark = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with database.cursor() as cursor:
        for start in range(0, len(rows), per):
            part = rows[start : start + per]
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "
                + ", ".join([mark] * len(part))
                + f" RETURNING {quote(cast(str, meta.pk.column))}",
                [value for row in part for value in values(row)],
            )
            keys = sorted(key for (key,) in cursor.fetchall())
            for row, key in zip(part, keys, strict=True):
                _saved(row, key, database)


#: ``n`` primary keys taken from a table's sequence (parameters: table, key column, ``n``), its
#: name looked up once (a materialized ``WITH``: not once per key — ``pg_get_serial_sequence``
#: reads the catalogue's dependencies, ≈ 7 µs of the server's CPU a key, ≈ 11,000 keys per
#: 5,000 tables)
_RESERVED = (
    "WITH q (s) AS MATERIALIZED (SELECT pg_get_serial_sequence(%s, %s)::regclass) "
    "SELECT nextval(q.s) FROM q CROSS JOIN generate_series(1, %s)"
)


def _copy(model: type[db.Model], rows: list[Any]) -> None:
    """Take a primary key for each row from the table's sequence, then ``COPY`` every column."""
    database = connections[DEFAULT_DB_ALIAS]  # not the proxy: no look-up for every value
    meta = model._meta
    fields = list(meta.concrete_fields)
    names = [cast(str, f.column) for f in fields]  # a concrete field has a column
    table = database.ops.quote_name(meta.db_table)
    with database.cursor() as wrapper:
        cursor = wrapper.cursor  # psycopg 3's own cursor, in the caller's transaction
        cursor.execute(_RESERVED, [meta.db_table, meta.pk.column, len(rows)])
        for row, (key,) in zip(rows, cursor.fetchall(), strict=True):
            _saved(row, key, database)
        columns = ", ".join(database.ops.quote_name(name) for name in names)
        values = _values(fields, database, "copy")
        _copied(cursor, f"COPY {table} ({columns}) FROM STDIN", map(values, rows))


def _copied(cursor: Any, statement: str, rows: Iterable[Sequence[Any]]) -> None:
    """``COPY … FROM STDIN`` of ``rows`` on psycopg 3's own ``cursor``, each row sent as it
    comes (JSON already encoded among its values: :class:`~jixiao.web.bulk_values.Encoded`)."""
    cursor.adapters.register_dumper(bulk_values.Encoded, bulk_values.AsIs)
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
