"""世代 (generations): what the pages compute from the kept rows, cached until they change.

The dashboard's charts and counts sum the kept totals (:mod:`jixiao.web.totals`: tens of thousands
of rows in a province's year) and the monitoring overview groups and counts its kept rows
(:mod:`jixiao.web.monitored`) on every request, although those rows change only when an action
recounts them. Each kind of kept rows has a token (:class:`~jixiao.web.models.Generation`), a new
random one written by every recount (:func:`bump`) in the recount's transaction; :func:`cached`
keeps a computed value in Django's cache framework under the token read first and the value's own
key (the user's scope, the filter, the language …). The department tree has one too
(``departments``: its parents and the departments each role reaches, :mod:`jixiao.web.permissions`),
written by every change of the departments before it. So:

- a page computes a value once per state of the kept rows, and every app server agrees (each with
  its own local cache, or one shared cache): a recount committed elsewhere changes the token that
  the next request reads, and nothing has to be invalidated by hand;
- a value computed while a recount commits may already hold the new rows under the old token:
  no request reads the old token once the new one is committed, so it is never served stale;
- a recount rolled back leaves the old token, and its new token, random, is never used again
  (a counter would come back with other rows behind it);
- without its row (a database migrated by hand) nothing is cached.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Collection, Hashable
from typing import Any, TypeVar

from django.apps import apps as installed
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet

__all__ = [
    "DEPARTMENTS",
    "NAMES",
    "bump",
    "cached",
    "cached_parts",
    "cached_under",
    "scope",
    "token",
]

DEPARTMENTS = "departments"  # the department tree's: bumped by every writer, before it writes
NAMES = ("totals", "monitored", DEPARTMENTS)  # the kinds of kept rows with a token
PREFIX = "jixiao.generations:"
TIMEOUT = 24 * 3600  # a value of a token no longer current just ages out
Value = TypeVar("Value")
Part = TypeVar("Part", bound=Hashable)


def bump(name: str, registry: Any = installed) -> None:
    """Give the kept rows ``name`` a new token (in the running transaction). ``registry``: the
    app registry (a migration's historical one, which may predate the tokens: nothing to do)."""
    try:
        generation = registry.get_model("jixiao", "Generation")
    except LookupError:
        return
    new = uuid.uuid4().hex
    if not generation.objects.filter(name=name).update(token=new):
        generation.objects.update_or_create(name=name, defaults={"token": new})


def token(name: str) -> str | None:
    """The current token of the kept rows ``name`` (None: it has none)."""
    generation = installed.get_model("jixiao", "Generation")
    found: str | None = generation.objects.filter(name=name).values_list("token", flat=True).first()
    return found


def cached(name: str, key: object, compute: Callable[[], Value]) -> Value:
    """``compute()``, kept while the kept rows ``name`` are unchanged; ``key`` (its ``repr``)
    tells apart the values computed from the same rows (the scope, the filter, the language)."""
    return cached_under(token(name), name, key, compute)


def cached_under(
    current: str | None, name: str, key: object, compute: Callable[[], Value]
) -> Value:
    """:func:`cached` under the token ``current`` of ``name`` already read (a request that keeps
    several values of the same rows reads it once)."""
    if current is None:
        return compute()
    entry = f"{PREFIX}{name}:{current}:{_digest(key)}"
    found = cache.get(entry)
    if found is not None:
        return found  # type: ignore[no-any-return]
    value = compute()
    cache.set(entry, value, TIMEOUT)
    return value


def cached_parts(
    name: str,
    key: object,
    parts: Collection[Part] | None,
    compute: Callable[[], dict[Part, Value]],
) -> dict[Part, Value]:
    """The ``parts`` (None: all) of ``compute()``, a value per part computed together (one scan
    of the rows for every part), kept like :func:`cached`: each part under its own entry, so a
    request reads (and unpickles) only the parts it asks for; a part ``compute()`` did not give
    is absent (it had no rows), without computing again."""
    current = token(name)
    if current is None:
        return _some(compute(), parts)
    prefix = f"{PREFIX}{name}:{current}:{_digest(key)}:"
    known: list[Part] | None = cache.get(prefix)  # the parts computed under this token
    if known is not None:
        wanted = known if parts is None else [p for p in known if p in parts]
        entries = {part: f"{prefix}{_digest(part)}" for part in wanted}
        found = cache.get_many(list(entries.values()))
        if len(found) == len(entries):
            return {part: found[entry] for part, entry in entries.items()}
    value = compute()
    cache.set_many({f"{prefix}{_digest(part)}": v for part, v in value.items()}, TIMEOUT)
    cache.set(prefix, list(value), TIMEOUT)
    return _some(value, parts)


def _some(value: dict[Part, Value], parts: Collection[Part] | None) -> dict[Part, Value]:
    return value if parts is None else {p: value[p] for p in parts if p in value}


def _digest(key: object) -> str:
    return hashlib.sha256(repr(key).encode()).hexdigest()[:32]


def scope(rows: QuerySet[Any]) -> str:
    """A key of the rows a query selects (its SQL and parameters; "" when it selects nothing):
    the rows a user may see, for :func:`cached`."""
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:
        return ""
    return f"{sql}|{params!r}"
