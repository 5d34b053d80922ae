"""转换 (conversion for the bulk writer): what a model field stores for a value, worked out once
per column and per pattern of a row's types, without Django's per-value machinery where it
returns the value as it is — what :mod:`jixiao.web.bulk` writes with ``COPY`` or one
``INSERT`` run (tests/web/test_bulk_copy.py compares the three ways)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, Literal, cast

from django.db import models as db
from django.db.backends.base.base import BaseDatabaseWrapper
from psycopg.abc import Buffer
from psycopg.adapt import Dumper
from pydantic import BaseModel

from jixiao.web import json_text
from jixiao.web.fields import ExactDecimalField

__all__ = ["AsIs", "Converter", "Encoded", "How", "chosen", "conformer", "converter", "remembered"]

#: how :mod:`jixiao.web.bulk` writes: PostgreSQL ``COPY``, one ``INSERT`` run, or ``bulk_create``
How = Literal["copy", "insert", "orm"]

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


def conformer(converters: Sequence[Converter]) -> Callable[[list[Any]], None]:
    """A function that converts, in place, each value of a row (one value per converter) whose
    type its column does not store as it is (:func:`converter`).

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
            picked = [(i, chosen(converts[i], t)) for i, t in enumerate(types) if t not in kinds[i]]
            plan = plans[types] = tuple((i, c) for i, c in picked if c is not None)
        for i, convert in plan:
            row[i] = convert(row[i])

    return conform


def converter(field: Any, database: BaseDatabaseWrapper, how: How) -> Converter:
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
        return none | {int}, remembered(field.get_prep_value)
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


def _encoded(value: Any) -> Encoded:
    """What ``COPY`` sends for a JSON column's value: its text as UTF-8."""
    return Encoded(json_text.encoded(value))


Serializer = Callable[[BaseModel], bytes]


class _ByType:
    """A JSON column's conversion, made for the type of the value (:func:`conformer` chooses
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
    value (:func:`conformer` chooses once per pattern of a row's types): a function for a type
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


def chosen(convert: Callable[[Any], Any], kind: type) -> Callable[[Any], Any] | None:
    """``convert`` for a value of type ``kind`` (None: the value as it is)."""
    return convert.chosen(kind) if isinstance(convert, _ByType | _Shortcuts) else convert


def _model_encoded(to_json: Serializer) -> Callable[[Any], Encoded]:
    """:func:`_encoded` of a domain object of the class whose serializer is ``to_json``."""
    return lambda value: Encoded(to_json(value))


def _model_text(to_json: Serializer) -> Callable[[Any], str]:
    """:func:`jixiao.web.json_text.dumps` (and :func:`_json_text`) of a domain object of the class
    whose serializer is ``to_json``: its JSON as text."""
    return lambda value: to_json(value).decode()


def remembered(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``convert``, each value converted once (a column of amounts or points holds few distinct
    values: ≈ 350 among ≈ 74,000 weights and target values of 5,000 tables; equal values, such
    as ``Decimal("2")`` and ``Decimal("2.0")``, convert alike; a search text's keys). Made for one
    statement's rows."""
    done: dict[Any, Any] = {}

    def once(value: Any) -> Any:
        converted = done.get(value, done)
        if converted is done:
            converted = done[value] = convert(value)
        return converted

    return once


def _json_text(value: Any) -> str:
    """The JSON text ``COPY`` sends for a JSON column's value: a domain object's
    ``model_dump_json()`` (its serializer called directly, without the method's keyword
    arguments: the same text, ≈ 1 µs less of ≈ 4 µs for an indicator's target, ≈ 25 values a
    table), else ``json.dumps``."""
    if isinstance(value, BaseModel):
        return value.__pydantic_serializer__.to_json(value).decode()
    return json.dumps(value)


class Encoded(bytes):
    """A JSON column's text as UTF-8 (:func:`jixiao.web.json_text.encoded`), which ``COPY``
    sends as it is (:class:`AsIs`): psycopg would encode a ``str`` again."""


#: a JSON text made already (UTF-8 bytes: a worker's, :mod:`jixiao.domain.row_values`) converted
#: as the generic conversion converts it, without its Python calls (≈ 134,000 values per 5,000
#: tables): ``COPY``'s bytes as they are (:func:`_encoded`), SQLite's decoded
#: (:func:`jixiao.web.json_text.dumps`)
_OF_TEXT: dict[Callable[[Any], Any], Callable[[bytes], Any]] = {
    _encoded: Encoded,
    json_text.dumps: bytes.decode,
}


class AsIs(Dumper):
    """psycopg's dumper of :class:`Encoded` in ``COPY``'s text format: its bytes (``COPY``
    escapes them as it does a text's)."""

    def dump(self, obj: Any) -> Buffer:
        return cast(Encoded, obj)
