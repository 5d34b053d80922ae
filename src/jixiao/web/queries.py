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
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from jixiao.web import models, params, permissions
from jixiao.web.rules import rule_label, rule_severity
from jixiao.web.templatetags.numbers import AMOUNT_DECIMALS, grouped

#: the filters' query parameters (jixiao.web.params), shared by the project page and the API
FILTER_PARAMS: params.Spec = {
    "department": params.ID,
    "year": params.Integer(1900, 2100),
    "grade": params.Text(10),
    "rule": params.Text(30),
    "level2": params.Text(100),
    "q": params.Text(params.MAX_SEARCH),
}


#: grades best first (优 良 中 差), as charts and tables list them
GRADE_ORDER = {grade: i for i, grade in enumerate("优良中差")}


@dataclass(frozen=True)
class ProjectFilter:
    """Filters of the project list. ``q`` searches project names and indicator text."""

    department: int | None = None
    year: int | None = None
    grade: str = ""
    rule: str = ""
    level2: str = ""  # 二级指标: projects with an indicator under it (the dashboard's drill-down)
    q: str = ""


def current_projects(user: Any) -> QuerySet[models.Project]:
    """The current version of every project ``user`` may see."""
    current = models.Project.objects.filter(is_current=True).select_related("department")
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
    if f.level2:
        qs = qs.filter(pk__in=models.Indicator.objects.filter(level2=f.level2).values("project_id"))
    if f.q:
        text = (
            Q(level3__icontains=f.q) | Q(target_raw__icontains=f.q) | Q(description__icontains=f.q)
        )
        matching = models.Indicator.objects.filter(text).values("project_id")
        qs = qs.filter(Q(name__icontains=f.q) | Q(purpose__icontains=f.q) | Q(pk__in=matching))
    return qs


def choices(user: Any) -> dict[str, list[Any]]:
    """The values the project filters offer."""
    current = current_projects(user)
    return {
        "departments": list(permissions.visible_departments(user)),
        "years": sorted({y for y in current.values_list("year", flat=True) if y}, reverse=True),
        "grades": sorted(set(current.exclude(grade="").values_list("grade", flat=True))),
        "rules": sorted(set(open_findings(user).values_list("rule", flat=True))),
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


def _amount(value: Decimal | None) -> dict[str, str]:
    """A value in 万元 for a chart: rounded to two decimals (no float artefacts of a database
    sum) and its label as the pages show it (thousands separators) for tooltip and table."""
    shown = grouped(value or Decimal(0), AMOUNT_DECIMALS)
    return {"value": shown.replace(",", ""), "label": f"{shown} 万元"}


def _bar(name: str, value: int, drill: dict[str, Any]) -> dict[str, Any]:
    """One bar or slice: its name, value, label and the project list filtered to it (drill-down)."""
    return {"name": name, "value": value, "label": str(value), "drill": drill}


def chart_data(user: Any, f: ProjectFilter = ProjectFilter()) -> dict[str, list[dict[str, Any]]]:
    """The dashboard series over the projects of ``f`` (year, department): budget by department,
    indicators by 二级, findings by rule, grades; each item links to the projects behind it."""
    current = projects(f, user)
    scope = {k: v for k, v in (("year", f.year), ("department", f.department)) if v}
    budget = (
        current.values("department_id", "department__name")
        .annotate(value=Sum("budget_total"))
        .order_by("-value")
    )
    level2 = (
        models.Indicator.objects.filter(project__in=current.values("pk"))
        .values("level1", "level2")
        .annotate(value=Count("project_id", distinct=True))
    )
    rules = (
        open_findings(user)
        .filter(project__in=current.values("pk"))
        .values("rule")
        .annotate(value=Count("project_id", distinct=True))
        .order_by("rule")
    )
    grades = current.exclude(grade="").values("grade").annotate(value=Count("id"))
    return {
        "budget": [
            {
                "name": r["department__name"],
                **_amount(r["value"]),
                "drill": {**scope, "department": r["department_id"]},
            }
            for r in budget
        ],
        "level2": [
            _bar(f"{r['level1']}·{r['level2']}", r["value"], {**scope, "level2": r["level2"]})
            for r in level2.order_by("level1", "level2")
        ],
        "rules": [
            {
                **_bar(rule_label(r["rule"]), r["value"], {**scope, "rule": r["rule"]}),
                "severity": rule_severity(r["rule"]),
            }
            for r in rules
        ],
        "grades": sorted(
            (_bar(r["grade"], r["value"], {**scope, "grade": r["grade"]}) for r in grades),
            key=lambda bar: GRADE_ORDER.get(bar["name"], len(GRADE_ORDER)),
        ),
    }
