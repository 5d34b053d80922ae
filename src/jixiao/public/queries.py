"""What the public sees (公开): the published documents, through the one door of access.

Every read of the disclosure site and of the anonymous open data goes through
:func:`jixiao.web.permissions.visible` for the public (:data:`jixiao.web.documents.PUBLIC`, the
role that sees published documents only) over the latest published version of each record
(``Selection(published=True)``) — whoever is signed in, the site shows what the public sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from jixiao.domain.model import Document
from jixiao.domain.records import normalise_name
from jixiao.web import models, permissions
from jixiao.web import search as search_text
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


def search(words: str, year: int | None = None) -> QuerySet[models.Project]:
    """The published target tables whose text or unit contains ``words``: the project name, its
    资金用途 and indicator text (三级指标, 指标值, 指标描述) — the rows of the internal search
    (:mod:`jixiao.web.search`), found through the same index (PostgreSQL: the GIN of bigram keys;
    SQLite: the FTS5 trigram and pair tables) — or the name
    of its unit. Compared as the internal search compares (NFKC, white space ignored on both
    sides, lower case: "大气 污染" finds 大气污染). The tables only — never another version's text
    or an unpublished row."""
    needle = normalise_name(words)
    rows = tables(year)
    if not needle:
        return rows
    units = models.Department.objects.filter(name_key__contains=needle)  # a few thousand rows
    named = list(units.values_list("pk", flat=True))  # read first: mostly none
    if not named:  # the tables with a matching search row
        return search_text.among(rows, needle)
    texts = models.SearchText.objects.filter(search_text.matching(needle)).values("project_id")
    return rows.filter(Q(pk__in=texts) | Q(department_id__in=named))
