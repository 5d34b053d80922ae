"""未保存的行: unsaved model instances made the way Django makes the rows it reads.

``Model(**values)`` looks every field up among the keywords and assigns each related object
through its descriptor (a type check, the database routers), which made Django's
``Model.__init__`` the largest single cost of building an import's rows: a version row (≈ 40
columns) and its audit row a document. :func:`new` makes the same instance — each field's value
or its default, the related objects cached — through the positional constructor that Django's
``Model.from_db`` uses (one value per concrete field, in order), the fields' order and defaults
taken once per model from its ``_meta``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from django.db.models import Model

__all__ = ["new"]

M = TypeVar("M", bound=Model)


def new(model: type[M], **values: Any) -> M:
    """``model(**values)``, unsaved: ``values`` by field name (a foreign key given as the related
    instance or None, or as its key by the attribute name ``…_id``), every other field its
    default."""
    plan = _plan(model)
    if not plan.names.issuperset(values):
        unknown = sorted(set(values) - plan.names)
        raise TypeError(f"{model.__name__}() got unexpected keyword arguments: {unknown}")
    args = list(map(values.get, plan.keys, plan.defaults))
    for i, default in plan.called:  # a callable default: called for each instance, as Django does
        if plan.keys[i] not in values:
            args[i] = default()
    related = []
    for i, field, target in plan.relations:
        if field.name in values:
            value = values[field.name]
            if value is not None and not isinstance(value, field.remote_field.model):
                raise ValueError(f"{model.__name__}.{field.name} must be a {field.related_model}")
            related.append((field, value))
            args[i] = None if value is None else getattr(value, target)
    made = model(*args)
    for field, value in related:  # cached as the descriptor leaves it: no query to read it back
        field.set_cached_value(made, value)
    return made


@dataclass(frozen=True)
class _Plan:
    """A model's concrete fields, in order: the keyword each is given by (a foreign key's
    attribute ``…_id``), its default (a constant, as ``Field.get_default`` gives it) and the
    names accepted."""

    keys: list[str]
    defaults: list[Any]
    called: list[tuple[int, Callable[[], Any]]]  # fields whose default is a callable
    relations: list[tuple[int, Any, str]]  # foreign keys: position, field, related attribute
    names: frozenset[str]


@cache
def _plan(model: type[Model]) -> _Plan:
    fields: list[Any] = list(model._meta.concrete_fields)
    called = [
        (i, f.default) for i, f in enumerate(fields) if f.has_default() and callable(f.default)
    ]
    per_instance = {i for i, _ in called}
    relations = [(i, f, f.target_field.attname) for i, f in enumerate(fields) if f.is_relation]
    return _Plan(
        keys=[f.attname for f in fields],
        defaults=[None if i in per_instance else f.get_default() for i, f in enumerate(fields)],
        called=called,
        relations=relations,
        names=frozenset(f.attname for f in fields) | {f.name for f in fields},
    )
