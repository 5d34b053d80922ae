"""Frozen models: the base of the domain's records, pickled compactly.

A file's answer from a reader worker is tens of thousands of small frozen models (a ``Source`` per
row, an indicator, its ``Target``, the findings), built by the readers and the rules, pickled in
the worker and unpickled by the reviewing process. Pydantic's own pickling sends each model as a
state dictionary (its ``__dict__``, its fields set, its extra and private values) through a
Python ``__getstate__`` and ``__setstate__``. Here

:class:`Frozen` pickles a model as its *shape* — its class and the names of its fields set, one
tuple sent once per answer (pickle's memo) however many models share it — and its ``__dict__``
(field names and values, as pydantic sends it), unpickled by :func:`_rebuilt` in one call into
the same instance (the same ``__dict__``, a fields set of its own, no extra, no private values)
with the slots' own setters. It takes about a third fewer instructions both ways than pydantic's
(docs/province-scale.md, branch ``lean``). Each plain class (no extra, no private values) is
registered with :mod:`copyreg` when pydantic has built it, so pickle finds its reduction in its
dispatch table by the model's class (:func:`_reduced`: the same answer as
:meth:`Frozen.__reduce_ex__`) instead of looking ``__reduce_ex__`` up through pydantic's
attribute hook and binding it for every model (branch ``rd5``).

``tests/test_frozen.py`` compares it with pydantic's own way.

The same one call makes the models a reader or the review builds in bulk from values it made
itself, of its fields' types already (a line's ``Source``, an indicator row, a finding):
:func:`unchecked` with a :func:`shape` skips pydantic's validation of values that cannot fail it
(about a tenth of the instructions; docs/province-scale.md, branch ``rd``).
"""

from __future__ import annotations

import copyreg
from collections import deque
from collections.abc import Callable, Iterable
from itertools import repeat
from typing import Any, SupportsIndex, TypeVar

from pydantic import BaseModel, ConfigDict

__all__ = ["Frozen", "Shape", "defaults", "replaced", "shape", "unchecked", "unchecked_all"]

_new = object.__new__
# the setters of BaseModel's slots, called directly (``object.__setattr__`` looks each name up)
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__
# and their getters (a read through ``BaseModel``'s ``__getattr__`` hook costs several times more)
_get_dict = BaseModel.__dict__["__dict__"].__get__
_get_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__get__

M = TypeVar("M", bound="Frozen")

#: (class, *its fields set in the set's order) → the shape sent with each model of that plain
#: class and fields set: (class, the fields set)
_shapes: dict[tuple[Any, ...], tuple[type[Frozen], frozenset[str]]] = {}

#: a class of plain frozen models and the names of the fields set of the models made with it
Shape = tuple[type[M], frozenset[str]]


class Frozen(BaseModel):
    """Immutable, no field the schema does not name; pickled compactly (see the module)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        if _plain(cls):  # pickle's dispatch table goes by the exact class: each registers
            copyreg.pickle(cls, _reduced)

    def __reduce_ex__(self, protocol: SupportsIndex) -> str | tuple[Any, ...]:
        if not _plain(type(self)):  # a subclass with extra or private values: pydantic's way
            return super().__reduce_ex__(protocol)
        return _reduced(self)


def _reduced(model: Frozen) -> tuple[Any, ...]:
    """A plain model's reduction for pickle: :func:`_rebuilt` of its shape and ``__dict__``."""
    key = (type(model), *_get_fields_set(model))  # no frozenset to build and hash
    shape = _shapes.get(key)
    if shape is None:
        shape = _shapes.setdefault(key, (key[0], frozenset(key[1:])))
    return _rebuilt, (shape, _get_dict(model))


def _plain(cls: type[Frozen]) -> bool:
    """Whether ``cls``'s models hold nothing but their fields (no extra, no private values)."""
    return not cls.__private_attributes__ and cls.model_config.get("extra") == "forbid"


def _rebuilt(shape: tuple[type[M], frozenset[str]], values: dict[str, Any]) -> M:
    """The model :meth:`Frozen.__reduce_ex__` sent (unpickling): pydantic's ``__setstate__``
    with no extra and no private values, in one call."""
    self = _new(shape[0])
    _set_dict(self, values)
    _set_fields_set(self, set(shape[1]))
    _set_extra(self, None)
    _set_private(self, None)
    return self


#: a class made unchecked → its ``mode="after"`` model validators (:func:`shape`'s ``after``)
_after: dict[type[Frozen], tuple[Callable[[Any], Any], ...]] = {}


def shape(cls: type[M], fields_set: Iterable[str], *, after: bool = False) -> Shape[M]:
    """The shape of the models of ``cls`` whose fields set is ``fields_set``, for
    :func:`unchecked`: a plain class only (no private values, no extra, no validators) — with
    ``after``, also one whose only validators are model validators of ``mode="after"`` (checks of
    the whole model, such as a table's goal sources matching its goals), which :func:`unchecked`
    then runs on each model it makes."""
    names = frozenset(fields_set)
    decorators = cls.__pydantic_decorators__
    checked = (decorators.validators, decorators.field_validators, decorators.root_validators)
    modes = {d.info.mode for d in decorators.model_validators.values()}
    if (
        cls.__private_attributes__
        or cls.model_config.get("extra") != "forbid"
        or any(checked)
        or (modes and not (after and modes == {"after"}))
        or not names <= cls.model_fields.keys()
    ):
        raise TypeError(f"{cls.__name__} with {sorted(names)} cannot be made unchecked")
    if modes:
        _after[cls] = tuple(d.func for d in decorators.model_validators.values())
    return (cls, names)


def unchecked(of: Shape[M], values: dict[str, Any]) -> M:
    """A model of the shape ``of`` made of ``values`` without validating them: ``values`` must
    name every field of the class in the class's order, each of its field's type exactly (as
    validation would leave it), and the fields not in the shape's fields set at their defaults
    (:func:`defaults`). For the models a reader or the review makes in bulk from values it built
    itself; anything else goes through the class (validated). A class's ``mode="after"`` model
    validators (a shape made with ``after``) are run on the model: a ValueError as they raise it."""
    model = _rebuilt(of, values)
    if of[0] in _after:
        for check in _after[of[0]]:
            check(model)
    return model


def unchecked_all(of: Shape[M], many: list[dict[str, Any]]) -> list[M]:
    """:func:`unchecked` of each of ``many`` (the rows of a table): the same models, made by C
    loops over them (``map`` of the calls :func:`_rebuilt` makes) — no Python frame per model."""
    cls, names = of
    if cls in _after:
        return [unchecked(of, values) for values in many]
    models = list(map(_new, repeat(cls, len(many))))
    _consume(map(_set_dict, models, many))
    _consume(map(_set_fields_set, models, map(set, repeat(names, len(many)))))
    _consume(map(_set_extra, models, repeat(None)))
    _consume(map(_set_private, models, repeat(None)))
    return models


#: runs an iterator of calls to its end (keeping nothing)
_consume: Callable[[Iterable[object]], None] = deque[object](maxlen=0).extend


def defaults(cls: type[Frozen]) -> dict[str, Any]:
    """Each field of ``cls`` and its default, in the class's order: the start of the values of a
    model made :func:`unchecked` that sets only some fields (a required field's default is a
    marker: the values must name it)."""
    return {name: field.default for name, field in cls.model_fields.items()}


def replaced(model: M, name: str, value: Any) -> M:
    """``model.model_copy(update={name: value})`` (``name`` a field of its class, ``value`` of its
    type: not validated, as ``model_copy`` does not) in one call for a plain model — no extra,
    no private values: about a quarter of ``model_copy``'s time (the reader registry gives every
    document its identity so); ``model_copy`` itself for any other."""
    cls = type(model)
    if cls.__private_attributes__ or cls.model_config.get("extra") != "forbid":
        return model.model_copy(update={name: value})
    copy = _rebuilt((cls, _NONE_SET), {**model.__dict__, name: value})
    fields_set = set(model.__pydantic_fields_set__)  # model_copy's copy, then its update
    fields_set.add(name)
    _set_fields_set(copy, fields_set)
    return copy


_NONE_SET: frozenset[str] = frozenset()
