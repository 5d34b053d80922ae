"""文档列: the JSON columns written with their rows and read whole, stored as PostgreSQL ``text``
— the versions' ``document`` (``json`` from migration ``0029_documents_json``, ``text`` since
``0034_documents_text``) and the child rows' JSON (the indicators' and indicator results'
``target``, the indicator results' ``actual``, the findings' ``data``: ``text`` since
``0031_child_rows_text``).

A version's document (the whole interchange JSON, 2–140 kB) is written once and read whole;
no index and no page looks inside it but the year's review, which extracts three keys. PostgreSQL
parses a ``jsonb`` value into its binary form on every write (≈ a third of the server's CPU to
``COPY`` a project row, two thirds of a department's self-evaluation); ``json`` still checked the
text's syntax on every write (≈ a fifth of a project row's, a quarter of a self-evaluation's);
``text`` keeps the compact text of :mod:`jixiao.web.json_text` as written, lz4-compressed like
before. The values come from the import's serializer or the ORM's, so the check found nothing.
Reading gives the same values (the text was made from them).

The field is Django's ``JSONField`` (SQLite: the same ``text`` column) with three differences on
PostgreSQL: the column type, the ORM's writes sent as ``json`` (stored as their text by the
assignment cast, as the import's ``COPY`` stores it), and a key looked up
(``document__department``) read from the text as ``json`` and given as ``jsonb`` — ``text`` and
``json`` have no equality, containment or key operators, so ``document__id="…"`` and the other
lookups on a key work as on a ``jsonb`` column (the text is parsed where it is looked into, which
only the tests and the year's review do). Lookups on the whole document (``document=``,
``document__contains``, ``document__has_key``) are not offered: nothing queries them. A ``json``
value (:class:`Keys`' array) is read as text (:func:`register`) and decoded by the field, as
Django does for ``jsonb``.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.fields.json import KeyTransform
from django.utils.functional import cached_property
from psycopg.types.json import Json, Jsonb
from psycopg.types.string import TextLoader

__all__ = ["DocumentField", "Keys", "TextJSONField", "register"]


class _Keyed(models.JSONField):
    """A JSON value whose keys are :class:`DocumentKey` (chained: ``document__project__name``)."""

    def get_transform(self, name: str) -> Any:
        transform = models.Field.get_transform(self, name)
        if transform:
            return transform
        return lambda *args, **kwargs: DocumentKey(name, *args, **kwargs)


class DocumentKey(KeyTransform):
    """A key of a document (``document -> 'department'``), given as ``jsonb`` on
    PostgreSQL: a value compared, contained or looked into like a key of a ``jsonb`` column."""

    @cached_property
    def output_field(self) -> Any:
        return _KEY

    def as_postgresql(self, compiler: Any, connection: Any) -> Any:
        sql, params = super().as_postgresql(compiler, connection)
        return f"({sql})::jsonb", params


_KEY = _Keyed()


class DocumentField(_Keyed):
    """Django's ``JSONField``, stored as ``json`` on PostgreSQL, its writes sent as ``json``
    (the state of migrations 0029–0033; :class:`TextJSONField` is stored as ``text``)."""

    def db_type(self, connection: Any) -> str | None:
        if connection.vendor == "postgresql":
            return "json"
        return super().db_type(connection)

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        adapted = super().get_db_prep_value(value, connection, prepared)
        if isinstance(adapted, Jsonb):
            return Json(adapted.obj, dumps=adapted.dumps)  # sent as json: stored as it is
        return adapted


class TextJSONField(DocumentField):
    """A JSON value written with its row and read whole, stored as ``text`` on PostgreSQL: the
    versions' documents (migration ``0034_documents_text``), the indicators' and indicator
    results' ``target``, the results' ``actual``, the findings' ``data`` (``0031_child_rows_text``).
    ``json`` checked every value's syntax on every write (≈ 10 % of the server's CPU to ``COPY``
    the child rows, ≈ 20 % the projects'); the values come from the import's serializer or the
    ORM's, so ``text`` keeps the same compact text without the check. A key looked up
    (:class:`DocumentKey`) parses the text; the ORM's writes, sent as ``json``
    (:class:`DocumentField`), are stored as their text (an assignment cast)."""

    def db_type(self, connection: Any) -> str | None:
        if connection.vendor == "postgresql":
            return "text"
        return super().db_type(connection)

    def get_transform(self, name: str) -> Any:
        transform = models.Field.get_transform(self, name)
        if transform:
            return transform
        return lambda column, *args, **kwargs: DocumentKey(name, _Parsed(column), *args, **kwargs)


class _Parsed(models.Func):
    """The stored text as ``json`` on PostgreSQL (``document::json``: ``text`` has no key
    operators), parsed where it is looked into; SQLite: the column as it is."""

    template = "(%(expressions)s)::json"
    output_field = _KEY

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return compiler.compile(self.get_source_expressions()[0])


class Keys(models.Func):
    """Top-level keys of a document read in one pass: a JSON array of their values (``null``
    for a missing key), ``Keys("document", "department", "title")``.

    On PostgreSQL ``document::json -> 'key'`` parses the text once per key; this parses it once
    (``json_to_record``, after the cast's check of the text), which ``jsonb`` did not need (the
    year's review reads three keys of every current document: the 5,000 projects of
    docs/province-scale.md's section ``pgsrv``, ≈ 4 s with a parse per key, ≈ 2 s so, ≈ 0.5 s
    from ``jsonb``, on a loaded machine; the cast's check, ``pgsrv5``).
    SQLite: ``json_array`` of the keys' JSON values."""

    output_field = models.JSONField()

    def __init__(self, column: str, *keys: str) -> None:
        if not all(key.isidentifier() for key in keys):
            raise ValueError(f"not a plain key: {keys}")
        super().__init__(models.F(column))
        self.keys = keys

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        document, params = compiler.compile(self.get_source_expressions()[0])
        names = ", ".join(f'r."{key}"' for key in self.keys)
        kinds = ", ".join(f'"{key}" json' for key in self.keys)
        row = f"json_to_record(({document})::json) AS r({kinds})"
        sql = f"(SELECT json_build_array({names}) FROM {row})"
        return sql, params

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        document, params = compiler.compile(self.get_source_expressions()[0])
        paths = ", ".join(f"{document} -> '$.\"{key}\"'" for key in self.keys)
        return f"json_array({paths})", list(params) * len(self.keys)


def register(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created``: read PostgreSQL's ``json`` values as text (the field decodes them),
    as Django reads ``jsonb``."""
    if connection.vendor == "postgresql":
        connection.connection.adapters.register_loader("json", TextLoader)
