"""The stored documents as domain objects: one query layer for downloads, batch export and open
data (the pages, files and data package of a department-year come from the same rows).

Only current versions count. A department includes its sub-units (as in the project list).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from jixiao.domain.model import Document
from jixiao.web import models, permissions, storage

_EVERYTHING = object()  # the command line: every document (the operator)


@dataclass(frozen=True)
class Selection:
    """Which documents: a department (its code, or its row id) and a budget year, both optional."""

    department: str | None = None  # 单位编码
    department_id: int | None = None
    year: int | None = None
    evaluations: bool = True  # include self-evaluations (绩效自评表)

    def _department(self) -> Q:
        if self.department_id is not None:
            return Q(department_id=self.department_id) | Q(department__parent_id=self.department_id)
        if self.department:
            return Q(department__code=self.department) | Q(department__parent__code=self.department)
        return Q()


def projects(selection: Selection) -> QuerySet[models.Project]:
    """Current target tables of the selection, in the order of the department's file."""
    rows = models.Project.objects.filter(selection._department(), is_current=True)
    if selection.year is not None:
        rows = rows.filter(year=selection.year)
    return rows.select_related("department").order_by("department__code", "number", "id")


def evaluations(selection: Selection) -> QuerySet[models.SelfEvaluation]:
    """Current self-evaluations of the selection."""
    rows = models.SelfEvaluation.objects.filter(selection._department(), is_current=True)
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
