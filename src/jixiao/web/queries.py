"""Queries shared by the pages and the API: project filters, the department tree, chart data.

Lists show the current version of each record; finding counts come from the stored
``findings_count`` (maintained by the actions) and from :func:`open_findings`, one query for the
queue, the dashboard and the project page alike. Sums of money are exact (scaled integers in the
database, Decimal in Python).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from jixiao.web import models, search


@dataclass(frozen=True)
class ProjectFilter:
    """Filters of the project list. ``q`` searches project names and indicator text."""

    department: int | None = None
    year: int | None = None
    grade: str = ""
    rule: str = ""
    q: str = ""

    @classmethod
    def from_params(cls, params: Any) -> ProjectFilter:
        """From a query dict (blank or malformed numbers are ignored)."""
        return cls(
            department=_int(params.get("department")),
            year=_int(params.get("year")),
            grade=params.get("grade", "").strip(),
            rule=params.get("rule", "").strip(),
            q=params.get("q", "").strip(),
        )


def _int(text: str | None) -> int | None:
    return int(text) if text and text.strip().isdigit() else None


def current_projects() -> QuerySet[models.Project]:
    """The current version of every project (without its document JSON: lists do not need it)."""
    return (
        models.Project.objects.filter(is_current=True)
        .select_related("department")
        .defer("document")
    )


def open_findings() -> QuerySet[models.Finding]:
    """Findings not dismissed, on the current version of their table."""
    return models.Finding.objects.filter(dismissed_at=None).filter(
        Q(project__is_current=True) | Q(evaluation__is_current=True)
    )


def projects(f: ProjectFilter) -> QuerySet[models.Project]:
    """Projects matching ``f`` (current versions); a department includes its sub-units."""
    qs = current_projects()
    if f.department is not None:
        qs = qs.filter(Q(department_id=f.department) | Q(department__parent_id=f.department))
    if f.year is not None:
        qs = qs.filter(year=f.year)
    if f.grade:
        qs = qs.filter(grade=f.grade)
    if f.rule:
        qs = qs.filter(pk__in=open_findings().filter(rule=f.rule).values("project_id"))
    if f.q:
        qs = search.search(qs, f.q)
    return qs.order_by(*rank(f), "department_code", "number", "id")


def rank(f: ProjectFilter) -> tuple[str, ...]:
    """The ordering that puts the best search hits first (name before indicator text)."""
    return ("search_rank",) if search.normalise_name(f.q) else ()


def choices() -> dict[str, list[Any]]:
    """The values the project filters offer (distinct values read by the database's indexes)."""
    current = models.Project.objects.filter(is_current=True)
    return {
        "departments": list(models.Department.objects.all()),
        "years": list(
            current.exclude(year=None).order_by("-year").values_list("year", flat=True).distinct()
        ),
        "grades": list(
            current.exclude(grade="").order_by("grade").values_list("grade", flat=True).distinct()
        ),
        "rules": list(open_findings().order_by("rule").values_list("rule", flat=True).distinct()),
    }


def department_tree() -> list[dict[str, Any]]:
    """Top-level departments, each ``{"department", "projects", "budget", "children": [...]}``."""
    stats = {
        row["department_id"]: row
        for row in current_projects()
        .values("department_id")
        .annotate(n=Count("id"), budget=Sum("budget_total"))
    }
    departments = list(models.Department.objects.all())
    nodes = {
        d.pk: {
            "department": d,
            "projects": stats.get(d.pk, {}).get("n", 0),
            "budget": stats.get(d.pk, {}).get("budget"),
            "children": [],
        }
        for d in departments
    }
    roots = []
    for d in departments:
        parent = nodes.get(d.parent_id) if d.parent_id else None
        (parent["children"] if parent else roots).append(nodes[d.pk])
    return roots


def chart_data() -> dict[str, list[dict[str, Any]]]:
    """The dashboard series: budget by department, indicators by 二级, findings by rule, grades."""
    budget = (
        current_projects()
        .values("department__name")
        .annotate(value=Sum("budget_total"))
        .order_by("-value")
    )
    level2 = (
        models.Indicator.objects.filter(project__is_current=True)
        .values("level1", "level2")
        .annotate(value=Count("id"))
    )
    rules = open_findings().values("rule").annotate(value=Count("id")).order_by("rule")
    grades = current_projects().exclude(grade="").values("grade").annotate(value=Count("id"))
    return {
        "budget": [{"name": r["department__name"], "value": str(r["value"] or 0)} for r in budget],
        "level2": [
            {"name": f"{r['level1']}·{r['level2']}", "value": r["value"]}
            for r in level2.order_by("level1", "level2")
        ],
        "rules": [{"name": r["rule"], "value": r["value"]} for r in rules],
        "grades": [{"name": r["grade"], "value": r["value"]} for r in grades.order_by("grade")],
    }
