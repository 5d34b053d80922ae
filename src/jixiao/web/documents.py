"""The stored documents as domain objects: one query layer for downloads, batch export and open
data (the pages, files and data package of a department-year come from the same rows).

Only current versions count — except for the public (``Selection(published=True)``, 公开): of each
record its latest published version, which stays disclosed while an adjustment (调整) of it is
under way. A department includes its sub-units (as in the project list).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet

from jixiao.domain.model import Document
from jixiao.domain.workflow import State
from jixiao.web import models, permissions, storage

_EVERYTHING = object()  # the command line: every document (the operator)
PUBLIC = AnonymousUser()  # the public (公众): sees published documents only
Row = TypeVar("Row", models.Project, models.SelfEvaluation)
_RECORD = ("department_id", "year", "key")  # the columns a record's versions share


@dataclass(frozen=True)
class Selection:
    """Which documents: a department (its code, or its row id) and a budget year, both optional."""

    department: str | None = None  # 单位编码
    department_id: int | None = None
    year: int | None = None
    evaluations: bool = True  # include self-evaluations (绩效自评表)
    published: bool = False  # the latest published version of each record instead of the current

    def _department(self) -> Q:
        if self.department_id is not None:
            return Q(department_id=self.department_id) | Q(department__parent_id=self.department_id)
        if self.department:
            return Q(department__code=self.department) | Q(department__parent__code=self.department)
        return Q()

    def versions(self, rows: QuerySet[Row], same: tuple[str, ...]) -> QuerySet[Row]:
        """The current versions of ``rows``, or (``published``) of each record (the versions
        equal on ``same``) its latest published one."""
        if not self.published:
            return rows.filter(is_current=True)
        match = {name: OuterRef(name) for name in same}
        later = rows.model._default_manager.filter(
            **match, state=State.PUBLISHED, version__gt=OuterRef("version")
        )
        return rows.filter(state=State.PUBLISHED).exclude(Exists(later))


def projects(selection: Selection) -> QuerySet[models.Project]:
    """Current target tables of the selection, in the order of the department's file."""
    rows = selection.versions(models.Project.objects.filter(selection._department()), _RECORD)
    if selection.year is not None:
        rows = rows.filter(year=selection.year)
    return rows.select_related("department").order_by("department__code", "number", "id")


def evaluations(selection: Selection) -> QuerySet[models.SelfEvaluation]:
    """Current self-evaluations of the selection."""
    rows = models.SelfEvaluation.objects.filter(selection._department())
    rows = selection.versions(rows, (*_RECORD, "scope"))
    if selection.year is not None:
        rows = rows.filter(year=selection.year)
    return rows.select_related("department").order_by("department__code", "scope", "id")


def documents(selection: Selection, user: Any = _EVERYTHING) -> list[Document]:
    """The domain documents of the selection: target tables, then self-evaluations; for a
    ``user`` (the web app), only those the user may see."""
    tables, reports = projects(selection), evaluations(selection)
    if user is not _EVERYTHING:
        tables, reports = permissions.visible(user, tables), permissions.visible(user, reports)
    found = [storage.load(row) for row in tables]
    if selection.evaluations:
        found += [storage.load(row) for row in reports]
    return found
