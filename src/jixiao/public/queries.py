"""What the public sees (公开): the published documents, through the one door of access.

Every read of the disclosure site and of the anonymous open data goes through
:func:`jixiao.web.permissions.visible` for the public (:data:`jixiao.web.documents.PUBLIC`, the
role that sees published documents only) over the latest published version of each record
(``Selection(published=True)``) — whoever is signed in, the site shows what the public sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Func, Q, QuerySet, Sum, TextField, Value
from django.db.models.functions import Replace

from jixiao.domain.model import Document
from jixiao.web import models, permissions
from jixiao.web.documents import PUBLIC, Selection, documents, evaluations, projects


def tables(year: int | None = None, department: int | None = None) -> QuerySet[models.Project]:
    """The published target tables (of a year, of one department itself — not its sub-units)."""
    rows = permissions.visible(PUBLIC, projects(Selection(year=year, published=True)))
    return rows if department is None else rows.filter(department_id=department)


def reports(
    year: int | None = None, department: int | None = None
) -> QuerySet[models.SelfEvaluation]:
    """The published self-evaluations (of a year, of one department itself)."""
    rows = permissions.visible(PUBLIC, evaluations(Selection(year=year, published=True)))
    return rows if department is None else rows.filter(department_id=department)


def published(year: int) -> list[Document]:
    """The year's published documents as domain objects (the anonymous open data)."""
    return documents(Selection(year=year, published=True), PUBLIC)


def years() -> list[int]:
    """The budget years with something published, newest first."""
    found = set(tables().values_list("year", flat=True))
    found |= set(reports().values_list("year", flat=True))
    return sorted((y for y in found if y is not None), reverse=True)


@dataclass(frozen=True)
class Entry:
    """A department on a year's page: how many tables and self-evaluations, the budget total."""

    department: models.Department
    tables: int
    budget: Decimal  # 预算数 of its published target tables, 万元
    reports: int


_NONE = (0, Decimal(0))


def departments(year: int) -> list[Entry]:
    """The departments with something published in ``year``, by code."""
    by_department = tables(year).order_by().values("department_id")
    counted: dict[int, tuple[int, Decimal]] = {
        row["department_id"]: (row["n"], row["budget"] or Decimal(0))
        for row in by_department.annotate(n=Count("pk"), budget=Sum("budget_total"))
    }
    evaluated: dict[int, int] = dict(
        reports(year)
        .values("department_id")
        .annotate(n=Count("pk"))
        .values_list("department_id", "n")
    )
    found = models.Department.objects.filter(pk__in=set(counted) | set(evaluated))
    return [
        Entry(d, *counted.get(d.pk, _NONE), evaluated.get(d.pk, 0))
        for d in found.order_by("code", "name")
    ]


#: the spaces a search ignores, in the query and in the stored text (ASCII and 全角)
_SPACES = (" ", "\u3000")
#: the indicator columns a search reads
INDICATOR_TEXT = ("level1", "level2", "level3", "target_raw", "description")


def search(words: str, year: int | None = None) -> QuerySet[models.Project]:
    """The published target tables whose project name, unit or indicator text (一级/二级/三级
    指标, 指标值, 指标描述) contains ``words``, spaces ignored on both sides ("大气 污染" finds
    大气污染). The tables only — never another version's indicators or an unpublished row."""
    squeezed = "".join(words.split())
    names = ("name", "department__name", *(f"indicators__{f}" for f in INDICATOR_TEXT))
    annotated = tables(year).annotate(**{_alias(n): _without_spaces(n) for n in names})
    match = Q()
    for name in names:
        match |= Q(**{f"{_alias(name)}__icontains": squeezed})
    found = annotated.filter(match).values("pk")
    return tables(year).filter(pk__in=found)


def _alias(name: str) -> str:
    return f"squeezed_{name.replace('__', '_')}"


def _without_spaces(name: str) -> F | Func:
    text: F | Func = F(name)
    for space in _SPACES:
        text = Replace(text, Value(space), Value(""), output_field=TextField())
    return text
