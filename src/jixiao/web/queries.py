"""Queries shared by the pages and the API: project filters, the department tree, chart data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum  # type: ignore[import-untyped]

from jixiao.web import models, params

#: the filters' query parameters (jixiao.web.params), shared by the project page and the API
FILTER_PARAMS: params.Spec = {
    "department": params.ID,
    "year": params.Integer(1900, 2100),
    "grade": params.Text(10),
    "rule": params.Text(30),
    "q": params.Text(params.MAX_SEARCH),
}


@dataclass(frozen=True)
class ProjectFilter:
    """Filters of the project list. ``q`` searches project names and indicator text."""

    department: int | None = None
    year: int | None = None
    grade: str = ""
    rule: str = ""
    q: str = ""


def projects(f: ProjectFilter) -> QuerySet[models.Project]:
    """Projects matching ``f``; a department includes its sub-units."""
    qs = models.Project.objects.select_related("department")
    if f.department is not None:
        qs = qs.filter(Q(department_id=f.department) | Q(department__parent_id=f.department))
    if f.year is not None:
        qs = qs.filter(year=f.year)
    if f.grade:
        qs = qs.filter(grade=f.grade)
    if f.rule:
        qs = qs.filter(pk__in=models.Finding.objects.filter(rule=f.rule).values("project_id"))
    if f.q:
        text = (
            Q(level3__icontains=f.q) | Q(target_raw__icontains=f.q) | Q(description__icontains=f.q)
        )
        matching = models.Indicator.objects.filter(text).values("project_id")
        qs = qs.filter(Q(name__icontains=f.q) | Q(purpose__icontains=f.q) | Q(pk__in=matching))
    return qs


def choices() -> dict[str, list[Any]]:
    """The values the project filters offer."""
    return {
        "departments": list(models.Department.objects.all()),
        "years": sorted(
            {y for y in models.Project.objects.values_list("year", flat=True) if y}, reverse=True
        ),
        "grades": sorted(
            set(models.Project.objects.exclude(grade="").values_list("grade", flat=True))
        ),
        "rules": sorted(set(models.Finding.objects.values_list("rule", flat=True))),
    }


def department_tree() -> list[dict[str, Any]]:
    """Top-level departments, each ``{"department", "projects", "budget", "children": [...]}``."""
    stats = {
        row["department_id"]: row
        for row in models.Project.objects.values("department_id").annotate(
            n=Count("id"), budget=Sum("budget_total")
        )
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
    roots: list[dict[str, Any]] = []
    for d in departments:
        parent = nodes.get(d.parent_id) if d.parent_id else None
        (parent["children"] if parent else roots).append(nodes[d.pk])
    return roots


def chart_data() -> dict[str, list[dict[str, Any]]]:
    """The dashboard series: budget by department, indicators by 二级, findings by rule, grades."""
    budget = (
        models.Project.objects.values("department__name")
        .annotate(value=Sum("budget_total"))
        .order_by("-value")
    )
    level2 = models.Indicator.objects.values("level1", "level2").annotate(value=Count("id"))
    rules = models.Finding.objects.values("rule").annotate(value=Count("id")).order_by("rule")
    grades = models.Project.objects.exclude(grade="").values("grade").annotate(value=Count("id"))
    return {
        "budget": [{"name": r["department__name"], "value": str(r["value"] or 0)} for r in budget],
        "level2": [
            {"name": f"{r['level1']}·{r['level2']}", "value": r["value"]}
            for r in level2.order_by("level1", "level2")
        ],
        "rules": [{"name": r["rule"], "value": r["value"]} for r in rules],
        "grades": [{"name": r["grade"], "value": r["value"]} for r in grades.order_by("grade")],
    }
