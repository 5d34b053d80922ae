"""The audit log's one writer: :func:`record`, and the :func:`action` decorator every action wears.

An action runs in a transaction; when it returns without having recorded an audit row, the
decorator raises :class:`NoAuditRow` and the transaction is rolled back — a state change without
its audit row cannot be committed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from django.db import transaction

from jixiao.web import bulk, models, permissions, totals, unsaved

__all__ = ["ACTIONS", "Actor", "NoAuditRow", "action", "entry_for", "record", "record_many"]

P = ParamSpec("P")
R = TypeVar("R")

#: every action by name (the audit meta-test calls each of them)
ACTIONS: dict[str, Callable[..., Any]] = {}

_recorded: ContextVar[int] = ContextVar("recorded", default=0)


class NoAuditRow(RuntimeError):
    """An action finished without writing its audit row (a programming error)."""


@dataclass(frozen=True)
class Actor:
    """Who acts: a user (None for the system, e.g. the demo loader) and the way in."""

    user: Any = None
    via: str = "web"  # web | api | cli | demo | system

    @property
    def account(self) -> Any:
        """The user to store on rows (None for anonymous and system actors)."""
        return self.user if getattr(self.user, "is_authenticated", False) else None


def action(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` in a transaction and insist that it recorded at least one audit row."""

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        token = _recorded.set(0)
        try:
            with transaction.atomic(), totals.collecting():  # totals recounted at the end
                result = func(*args, **kwargs)
                if _recorded.get() == 0:
                    raise NoAuditRow(f"action {func.__name__} wrote no audit row")
        finally:
            permissions.forget()  # roles, departments may have changed: read them again
            written = _recorded.get()
            _recorded.reset(token)
            _recorded.set(_recorded.get() + written)  # an action inside another counts for both
        return result

    ACTIONS[func.__name__] = run
    return run


def record(
    actor: Actor, kind: models.AuditEntry.Action, obj: Any, **values: Any
) -> models.AuditEntry:
    """Write one audit row: who (``actor``), what (``kind``), on which object, and the ``old`` and
    ``new`` values (keywords, as :func:`entry_for`).

    ``obj`` is a model instance (its type and primary key are stored) or a ``(type, id, label)``.
    """
    entry = entry_for(actor, kind, obj, **values)
    entry.save()
    _recorded.set(_recorded.get() + 1)
    return entry


def record_many(entries: Sequence[models.AuditEntry]) -> None:
    """Write audit rows made by :func:`entry_for` set-based (bulk imports; :func:`bulk.create`)."""
    bulk.create(entries)
    _recorded.set(_recorded.get() + len(entries))


def entry_for(
    actor: Actor,
    kind: models.AuditEntry.Action,
    obj: Any,
    *,
    old: Any = None,
    new: Any = None,
) -> models.AuditEntry:
    """The audit row :func:`record` writes, unsaved."""
    object_type, object_id, label = _describe(obj)
    user = actor.account
    return unsaved.new(
        models.AuditEntry,
        user=user,
        username=user.get_username() if user else "",
        via=actor.via,
        action=kind,
        object_type=object_type,
        object_id=str(object_id),
        object_label=label[:500],
        old=old,
        new=new,
    )


def _describe(obj: Any) -> tuple[str, str, str]:
    if isinstance(obj, tuple):
        object_type, object_id, label = obj
        return str(object_type), str(object_id), str(label)
    names = {
        models.SelfEvaluation: "evaluation",
        models.ImportBatch: "batch",
        models.MonitoringReport: "monitoring",
    }
    object_type = names.get(type(obj), type(obj).__name__.lower())
    return object_type, str(obj.pk), str(obj)
