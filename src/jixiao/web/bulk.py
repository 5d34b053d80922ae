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
from datetime import date, datetime
from operator import itemgetter
from typing import Any, Literal, cast

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db import models as db
from django.db.backends.base.base import BaseDatabaseWrapper
from psycopg.abc import Buffer
from psycopg.adapt import Dumper
from pydantic import BaseModel

from jixiao.web import json_text, models, search
from jixiao.web.fields import ExactDecimalField
from jixiao.web.storage import ORDERED, Child, Rows, columns_of, jsonable

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
    conform = _conformer([_converter(f, database, how) for f in fields])
    where = {f.name: i for i, f in enumerate(fields)}
    computed = [  # each distinct value once (a batch's search texts repeat)
        (where[source], _remembered(compute)) for _, source, compute in _COMPUTED.get(model, [])
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
#: Django's own text fields, which store any ``str`` as it is (an enumeration's member included)
_PLAIN = frozenset({db.CharField, db.TextField})


Converter = tuple[frozenset[type], Callable[[Any], Any]]
_NONE: frozenset[type] = frozenset({type(None)})


def _conformer(converters: Sequence[Converter]) -> Callable[[list[Any]], None]:
    """A function that converts, in place, each value of a row (one value per converter) whose
    type its column does not store as it is (:func:`_converter`).

    Which columns of a row need converting follows from the types of its values alone, and a
    model's rows come in few patterns of types (an amount or None, a date or None, a domain
    object in a JSON column…): the columns to convert are worked out once per pattern, so a row
    costs one look-up of its types instead of a test per column (≈ 2 µs of ≈ 7 µs for an
    indicator row, 120,000 child rows per 5,000 tables)."""
    kinds = [kept for kept, _ in converters]
    converts = [convert for _, convert in converters]
    plans: dict[tuple[type, ...], tuple[tuple[int, Callable[[Any], Any]], ...]] = {}

    def conform(row: list[Any]) -> None:
        types = tuple(map(type, row))
        plan = plans.get(types)
        if plan is None:
            chosen = [
                (i, _chosen(converts[i], t)) for i, t in enumerate(types) if t not in kinds[i]
            ]
            plan = plans[types] = tuple((i, c) for i, c in chosen if c is not None)
        for i, convert in plan:
            row[i] = convert(row[i])

    return conform


def _converter(field: Any, database: BaseDatabaseWrapper, how: How) -> Converter:
    """What ``field`` stores for a value: the types of the values it stores as they are, and the
    function that converts any other value — together what ``field.get_db_prep_save`` gives (as
    ``bulk_create`` writes it), without its machinery where it returns the value as it is.

    An integer column may get a plain ``int`` where Django wraps it for the driver (psycopg's
    ``Int8``): the driver sends the same number. JSON goes out as the text the driver would send
    (``json.dumps`` with the field's encoder); for the models' JSON fields, whose encoder writes
    compact UTF-8 (:mod:`jixiao.web.json_text`), SQLite and ``COPY`` get that text itself, a
    domain object's straight from its serializer (``COPY`` as its UTF-8 bytes). An exact decimal
    is scaled once per distinct value; an ``int`` there is its millionths, scaled already
    (:func:`jixiao.domain.row_values.row_values`' ``scaled``, as the reader workers send them)."""

    def slow(value: Any) -> Any:
        return field.get_db_prep_save(value, database)

    none = _NONE
    kind = field.get_internal_type()
    if isinstance(field, ExactDecimalField):  # an int: millionths already (a worker's row values)
        return none | {int}, _remembered(field.get_prep_value)
    if kind in _TEXT and not field.null:  # Django's own: a choice (a ``str`` subclass) as it is
        return frozenset({str}), _Shortcuts(slow, {}, kept=str if type(field) in _PLAIN else None)
    if isinstance(field, db.ForeignKey):
        integer = field.target_field.get_internal_type() in _INTEGER | _KEYS
        return (none | {int} if integer else frozenset()), slow
    if kind in _INTEGER | _KEYS:
        return none | {int}, slow
    if kind == "BooleanField":
        return none | {bool}, slow
    if kind == "JSONField":
        encoder = field.encoder
        if encoder is json_text.Encoder and how == "copy":  # the text itself, as UTF-8
            return none, _ByType(_encoded, _model_encoded)  # (jsonb keeps the value of any text)
        if encoder is json_text.Encoder and database.vendor == "sqlite":
            return none, _ByType(json_text.dumps, _model_text)

        def python(
            value: Any,
        ) -> Any:  # ``model_dump(mode="json")``, its serializer called directly; JSON text read
            if isinstance(value, BaseModel):
                return value.__pydantic_serializer__.to_python(value, mode="json")
            return json.loads(value) if isinstance(value, bytes) else value

        if how == "copy" and encoder is None:  # jsonb keeps the value, not the text
            return none, _ByType(_json_text, _model_text)
        if how == "copy":
            return none, lambda value: json.dumps(python(value), cls=encoder)
        # the field's adaptation: PostgreSQL jsonb, or json for a version's document
        return none, lambda value: field.get_db_prep_value(python(value), database)
    if kind in ("DateField", "DateTimeField"):  # None (not yet dismissed, changed) as it is
        return none, _Shortcuts(slow, _dated(field, database, slow))
    return frozenset(), slow


def _dated(
    field: Any, database: BaseDatabaseWrapper, slow: Callable[[Any], Any]
) -> dict[type, Callable[[Any], Any]]:
    """The shortcuts of a date or time column of Django's own field classes: a ``date`` in a
    ``DateField``, or a time zone aware ``datetime`` in a ``DateTimeField`` (a creation time,
    ``timezone.now()``: ≈ 3 values a table), is what the field's ``get_prep_value`` returns as
    it is, so it goes straight to the database's adaptation (PostgreSQL's returns it: ``COPY``
    sends it as psycopg does; SQLite's makes it UTC text). A naive ``datetime`` (which the field
    makes aware, with a warning) takes the field's way."""
    adapt_date, adapt_time = (
        database.ops.adapt_datefield_value,
        database.ops.adapt_datetimefield_value,
    )
    if type(field) is db.DateField:
        return {date: adapt_date}
    if type(field) is db.DateTimeField:
        return {
            datetime: lambda value: slow(value) if value.utcoffset() is None else adapt_time(value)
        }
    return {}


def _encoded(value: Any) -> _Encoded:
    """What ``COPY`` sends for a JSON column's value: its text as UTF-8."""
    return _Encoded(json_text.encoded(value))


Serializer = Callable[[BaseModel], bytes]


class _ByType:
    """A JSON column's conversion, made for the type of the value (:func:`_conformer` chooses
    once per pattern of a row's types): a domain object's by its class's serializer, called
    directly (``to_json``, what ``generic`` calls for it after asking whether the value is one:
    ≈ 135,000 JSON values per 5,000 tables, most of them domain objects), any other value's by
    ``generic``."""

    def __init__(
        self,
        generic: Callable[[Any], Any],
        of_model: Callable[[Serializer], Callable[[Any], Any]],
    ) -> None:
        self.generic, self.of_model = generic, of_model

    def __call__(self, value: Any) -> Any:
        return self.generic(value)

    def chosen(self, kind: type) -> Callable[[Any], Any]:
        """The conversion of a value of type ``kind``."""
        if issubclass(kind, BaseModel):
            return self.of_model(kind.__pydantic_serializer__.to_json)
        if kind is bytes:
            return _OF_TEXT.get(self.generic, self.generic)
        return self.generic


class _Shortcuts:
    """A column's conversion by its field (``slow``), with shortcuts chosen by the type of the
    value (:func:`_conformer` chooses once per pattern of a row's types): a function for a type
    of ``by_type`` (that type exactly), none for a subclass of ``kept`` (stored as it is)."""

    def __init__(
        self,
        slow: Callable[[Any], Any],
        by_type: dict[type, Callable[[Any], Any]],
        kept: type | None = None,
    ) -> None:
        self.slow, self.by_type, self.kept = slow, by_type, kept

    def __call__(self, value: Any) -> Any:
        return self.slow(value)

    def chosen(self, kind: type) -> Callable[[Any], Any] | None:
        """The conversion of a value of type ``kind`` (None: the value as it is)."""
        if self.kept is not None and issubclass(kind, self.kept):
            return None
        shortcut: Callable[[Any], Any] = self.by_type.get(kind, self.slow)
        return shortcut


def _chosen(convert: Callable[[Any], Any], kind: type) -> Callable[[Any], Any] | None:
    """``convert`` for a value of type ``kind`` (None: the value as it is)."""
    return convert.chosen(kind) if isinstance(convert, _ByType | _Shortcuts) else convert


def _model_encoded(to_json: Serializer) -> Callable[[Any], _Encoded]:
    """:func:`_encoded` of a domain object of the class whose serializer is ``to_json``."""
    return lambda value: _Encoded(to_json(value))


def _model_text(to_json: Serializer) -> Callable[[Any], str]:
    """:func:`jixiao.web.json_text.dumps` (and :func:`_json_text`) of a domain object of the class
    whose serializer is ``to_json``: its JSON as text."""
    return lambda value: to_json(value).decode()


def _remembered(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``convert``, each value converted once (a column of amounts or points holds few distinct
    values: ≈ 350 among ≈ 74,000 weights and target values of 5,000 tables; equal values, such
    as ``Decimal("2")`` and ``Decimal("2.0")``, convert alike; a search text's keys). Made for one
    statement's rows."""
    done: dict[Any, Any] = {}

    def remembered(value: Any) -> Any:
        converted = done.get(value, done)
        if converted is done:
            converted = done[value] = convert(value)
        return converted

    return remembered


def _json_text(value: Any) -> str:
    """The JSON text ``COPY`` sends for a JSON column's value: a domain object's
    ``model_dump_json()`` (its serializer called directly, without the method's keyword
    arguments: the same text, ≈ 1 µs less of ≈ 4 µs for an indicator's target, ≈ 25 values a
    table), else ``json.dumps``."""
    if isinstance(value, BaseModel):
        return value.__pydantic_serializer__.to_json(value).decode()
    return json.dumps(value)


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
    conform = _conformer([_converter(f, database, how) for f in fields])

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


class _Encoded(bytes):
    """A JSON column's text as UTF-8 (:func:`jixiao.web.json_text.encoded`), which ``COPY``
    sends as it is (:class:`_AsIs`): psycopg would encode a ``str`` again."""


#: a JSON text made already (UTF-8 bytes: a worker's, :mod:`jixiao.domain.row_values`) converted
#: as the generic conversion converts it, without its Python calls (≈ 134,000 values per 5,000
#: tables): ``COPY``'s bytes as they are (:func:`_encoded`), SQLite's decoded
#: (:func:`jixiao.web.json_text.dumps`)
_OF_TEXT: dict[Callable[[Any], Any], Callable[[bytes], Any]] = {
    _encoded: _Encoded,
    json_text.dumps: bytes.decode,
}


class _AsIs(Dumper):
    """psycopg's dumper of :class:`_Encoded` in ``COPY``'s text format: its bytes (``COPY``
    escapes them as it does a text's)."""

    def dump(self, obj: Any) -> Buffer:
        return cast(_Encoded, obj)


def _copied(cursor: Any, statement: str, rows: Iterable[Sequence[Any]]) -> None:
    """``COPY … FROM STDIN`` of ``rows`` on psycopg 3's own ``cursor``, each row sent as it
    comes (JSON already encoded among its values: :class:`_Encoded`)."""
    cursor.adapters.register_dumper(_Encoded, _AsIs)
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
