"""导入计划: what committing each document of a batch would do — a new record (第 1 版), a new
version of a stored record (with the changes, field by field), or nothing.

A document's record is found by its card (:mod:`jixiao.domain.cards`: department, year, scope and
record key), the stored current versions fetched in bulk; a document is made only to compare it
with another version of its record (a record stored before or read twice in one batch).
:mod:`jixiao.web.importing` plans its preview's documents here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Literal

from django.db.models import Max

from jixiao.domain.cards import Card
from jixiao.domain.diff import Change, diff
from jixiao.domain.model import Document
from jixiao.web import models, storage
from jixiao.web.directory import Directory

__all__ = ["Plan", "plan"]


@dataclass(frozen=True)
class Plan:
    """What committing a document would do: a new record (第 1 版), a new version, or nothing.

    ``previous`` is the stored version it replaces or equals; ``earlier`` the position in the
    batch of an earlier reading of the same record that it replaces or equals (a record read twice
    in one batch is a new version of its earlier reading). ``key`` is the record key's name
    (:func:`~jixiao.domain.records.record_key`: the normalised project name), which the version
    row stores: worked out once here, not again when the rows are built.
    """

    status: Literal["new", "version", "unchanged"]
    version: int
    key: str
    previous: storage.Stored | None = None
    changes: tuple[Change, ...] = ()
    earlier: int | None = None


@dataclass(frozen=True)
class _Identity:
    """Which record a document is a version of, with its department resolved (its stored id, or
    its key when the department is not stored yet)."""

    model: type[models.Project] | type[models.SelfEvaluation]
    department: int | str
    year: int | None
    scope: str  # '' for projects
    key: str


@dataclass
class _State:
    """The latest version of a record while a batch is planned (``document`` makes it: only a
    record read again is compared with it)."""

    document: Callable[[], Document]
    version: int
    previous: storage.Stored | None
    position: int | None


def plan(
    cards: Sequence[Card], document: Callable[[int], Document], departments: Directory
) -> list[Plan]:
    """Plan every document of a batch, by its card, against the current stored versions,
    fetched in bulk; ``document`` makes the document at a position of the batch, asked for only
    to compare it with another version of its record (:func:`documents_at`)."""
    identities = [_identity(c, departments) for c in cards]
    stored, latest = _stored(  # a department created by this batch has no stored version yet
        [
            i
            for i in identities
            if isinstance(i.department, int) and not departments.created(i.department)
        ]
    )
    state = {
        identity: _State(partial(storage.load, row), row.version, row, None)
        for identity, row in stored.items()
    }
    plans = []
    for position, identity in enumerate(identities):
        now = state.get(identity)
        if now is None:
            plans.append(Plan("new", 1, identity.key))
            state[identity] = _State(partial(document, position), 1, None, position)
            continue
        changes = tuple(diff(now.document(), document(position)))
        if not changes:
            plans.append(
                Plan("unchanged", now.version, identity.key, now.previous, (), now.position)
            )
            continue
        version = max(now.version, latest.get(identity, 0)) + 1
        plans.append(Plan("version", version, identity.key, now.previous, changes, now.position))
        state[identity] = _State(partial(document, position), version, None, position)
    return plans


def _identity(card: Card, departments: Directory) -> _Identity:
    key = card.key
    stored = departments.find(card.department)
    if card.kind == "target_table":
        model: type[models.Project] | type[models.SelfEvaluation] = models.Project
        scope = ""
    else:
        model, scope = models.SelfEvaluation, key.scope
    return _Identity(model, stored.pk if stored else key.department, key.year, scope, key.name)


_CHUNK = 500  # records looked up per query


def _stored(
    identities: list[_Identity],
) -> tuple[dict[_Identity, storage.Stored], dict[_Identity, int]]:
    """The current stored version of each record, and its latest version number."""
    current: dict[_Identity, storage.Stored] = {}
    latest: dict[_Identity, int] = {}
    wanted = sorted(set(identities), key=repr)
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        for model in (models.Project, models.SelfEvaluation):
            mine = {i for i in chunk if i.model is model}
            if not mine:
                continue
            rows = model.objects.filter(
                department_id__in={i.department for i in mine}, key__in={i.key for i in mine}
            )
            for row in rows.filter(is_current=True):
                identity = _row_identity(row)
                if identity in mine:
                    current[identity] = row
            fields = ["department_id", "year", "key"] + (
                ["scope"] if model is models.SelfEvaluation else []
            )
            for found in rows.values(*fields).annotate(latest=Max("version")):
                identity = _Identity(
                    model,
                    found["department_id"],
                    found["year"],
                    found.get("scope", ""),
                    found["key"],
                )
                latest[identity] = found["latest"]
    return current, latest


def _row_identity(row: storage.Stored) -> _Identity:
    scope = row.scope if isinstance(row, models.SelfEvaluation) else ""
    return _Identity(type(row), row.department_id, row.year, scope, row.key)
