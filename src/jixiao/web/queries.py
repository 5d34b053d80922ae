"""Queries shared by the pages and the API: project filters, the department tree, chart data.

Lists show the current version of each record the user may see (:func:`jixiao.web.permissions.visible`:
department scope and state); finding counts come from the stored
``findings_count`` (maintained by the actions) and from :func:`open_findings`, one query for the
queue, the dashboard and the project page alike. Sums of money are exact (scaled integers in the
database, Decimal in Python).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from jixiao.web import models, params, permissions, search

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


def current_projects(user: Any) -> QuerySet[models.Project]:
    """The current version of every project ``user`` may see (without its document JSON: lists
    do not need it)."""
    current = (
        models.Project.objects.filter(is_current=True)
        .select_related("department")
        .defer("document")
    )
    return permissions.visible(user, current)


def current_evaluations(user: Any) -> QuerySet[models.SelfEvaluation]:
    """The current version of every self-evaluation ``user`` may see."""
    current = models.SelfEvaluation.objects.filter(is_current=True).select_related("department")
    return permissions.visible(user, current)


def open_findings(user: Any) -> QuerySet[models.Finding]:
    """Findings not dismissed, on the current version of the tables ``user`` may see."""
    return permissions.visible_findings(
        user,
        models.Finding.objects.filter(dismissed_at=None).filter(
            Q(project__is_current=True) | Q(evaluation__is_current=True)
        ),
    )


def projects(f: ProjectFilter, user: Any) -> QuerySet[models.Project]:
    """Projects matching ``f`` (current versions); a department includes its sub-units."""
    qs = current_projects(user)
    if f.department is not None:
        qs = qs.filter(Q(department_id=f.department) | Q(department__parent_id=f.department))
    if f.year is not None:
        qs = qs.filter(year=f.year)
    if f.grade:
        qs = qs.filter(grade=f.grade)
    if f.rule:
        qs = qs.filter(pk__in=open_findings(user).filter(rule=f.rule).values("project_id"))
    if f.q:
        qs = search.search(qs, f.q)
    return qs.order_by(*rank(f), "department_code", "number", "id")


def rank(f: ProjectFilter) -> tuple[str, ...]:
    """The ordering that puts the best search hits first (name before indicator text)."""
    return ("search_rank",) if search.normalise_name(f.q) else ()


def choices(user: Any) -> dict[str, list[Any]]:
    """The values the project filters offer (distinct values read by the database's indexes)."""
    current = permissions.visible(user, models.Project.objects.filter(is_current=True))
    return {
        "departments": list(permissions.visible_departments(user)),
        "years": list(
            current.exclude(year=None).order_by("-year").values_list("year", flat=True).distinct()
        ),
        "grades": list(
            current.exclude(grade="").order_by("grade").values_list("grade", flat=True).distinct()
        ),
        "rules": list(
            open_findings(user).order_by("rule").values_list("rule", flat=True).distinct()
        ),
    }


def department_tree(user: Any) -> list[dict[str, Any]]:
    """Top-level departments, each ``{"department", "projects", "budget", "children": [...]}``."""
    stats: dict[int, Mapping[str, Any]] = {
        row["department_id"]: row
        for row in current_projects(user)
        .values("department_id")
        .annotate(n=Count("id"), budget=Sum("budget_total"))
    }
    departments = list(permissions.visible_departments(user))
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


def chart_data(user: Any) -> dict[str, list[dict[str, Any]]]:
    """The dashboard series: budget by department, indicators by 二级, findings by rule, grades."""
    current = current_projects(user)
    budget = (
        current.values("department__name").annotate(value=Sum("budget_total")).order_by("-value")
    )
    level2 = (
        models.Indicator.objects.filter(project__in=current.values("pk"))
        .values("level1", "level2")
        .annotate(value=Count("id"))
    )
    rules = open_findings(user).values("rule").annotate(value=Count("id")).order_by("rule")
    grades = current.exclude(grade="").values("grade").annotate(value=Count("id"))
    return {
        "budget": [{"name": r["department__name"], "value": str(r["value"] or 0)} for r in budget],
        "level2": [
            {"name": f"{r['level1']}·{r['level2']}", "value": r["value"]}
            for r in level2.order_by("level1", "level2")
        ],
        "rules": [{"name": r["rule"], "value": r["value"]} for r in rules],
        "grades": [{"name": r["grade"], "value": r["value"]} for r in grades.order_by("grade")],
    }
