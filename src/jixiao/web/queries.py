"""Queries shared by the pages and the API: project filters, the department tree, chart data.

Lists show the current version of each record the user may see (:func:`jixiao.web.permissions.visible`:
department scope and state); finding counts come from the stored
``findings_count`` (maintained by the actions) and from :func:`open_findings`, one query for the
queue, the dashboard and the project page alike. The dashboard and the list counts read the kept
totals (:mod:`jixiao.web.totals`), narrowed like the lists. Sums of money are exact (scaled
integers in the database, Decimal in Python).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jixiao.domain.workflow.states import DocKind
from jixiao.web import generations, menus, models, params, permissions, search
from jixiao.web.rules import rule_label, rule_severity
from jixiao.web.templatetags.numbers import AMOUNT_DECIMALS, grouped

Narrowed = TypeVar("Narrowed", models.Project, models.Total, models.SelfEvaluation)

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
#: the budget chart's bars: the departments with the largest budgets; the rest are one bar
BUDGET_BARS = 20


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


def evaluations(f: ProjectFilter, user: Any) -> QuerySet[models.SelfEvaluation]:
    """Self-evaluations of ``f``'s department (with its sub-units), year, grade (自评等级) and
    rule (an open finding of it: the dashboard's drill-down)."""
    qs = _narrowed(current_evaluations(user).defer("document"), f, grade="grade")
    if f.rule:
        qs = qs.filter(pk__in=open_findings(user).filter(rule=f.rule).values("evaluation_id"))
    return qs


def evaluation_choices(user: Any) -> dict[str, Any]:
    """The values the self-evaluation filters offer."""
    found = totals(user, "evaluation_rule").order_by("key")  # kept totals, not every finding
    return {
        "departments": menus.DepartmentMenu(user),
        **_years_and_grades(current_evaluations(user)),
        "rules": list(found.values_list("key", flat=True).distinct()),
    }


def _years_and_grades(current: QuerySet[Any]) -> dict[str, list[Any]]:
    """The distinct years (latest first) and grades of ``current`` (read by the indexes)."""
    return {
        "years": list(
            current.exclude(year=None).order_by("-year").values_list("year", flat=True).distinct()
        ),
        "grades": list(
            current.exclude(grade="").order_by("grade").values_list("grade", flat=True).distinct()
        ),
    }


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
    qs = _narrowed(current_projects(user), f, grade="grade")
    if f.rule:  # the projects are visible and current already: their open findings of the rule
        rule = models.Finding.objects.filter(dismissed_at=None, rule=f.rule)
        qs = qs.filter(pk__in=rule.values("project_id"))
    if f.level2:
        qs = qs.filter(pk__in=models.Indicator.objects.filter(level2=f.level2).values("project_id"))
    if f.q:
        qs = search.search(qs, f.q)
    return qs.order_by(*rank(f), "department_code", "number", "id")


def project_count(f: ProjectFilter, user: Any) -> int | None:
    """How many projects match ``f``, from the kept totals (a rule: the target tables with an
    open finding of it, by grade); None when ``f`` searches or asks for a 二级指标 (the database
    counts the matches then).

    Counting a rule's projects in the database meant matching every one of them (48,900 of
    50,000 for a common rule) to count them, and for a rule that no target table has (one of the
    self-evaluations' rules in the same menu) probing every project of the year for a finding;
    with the count known, the page reads its 50 ids in the list's order and stops there, and an
    empty result reads nothing."""
    if f.q or f.level2:
        return None
    if f.rule:
        return total(_narrowed(totals(user, "project_rule"), f, grade="detail").filter(key=f.rule))
    return total(_narrowed(totals(user, "project"), f, grade="key"))


def _narrowed(rows: QuerySet[Narrowed], f: ProjectFilter, grade: str) -> QuerySet[Narrowed]:
    """``rows`` of ``f``'s department (with its sub-units), year and grade (the column ``grade``)."""
    if f.department is not None:
        rows = rows.filter(Q(department_id=f.department) | Q(department__parent_id=f.department))
    if f.year is not None:
        rows = rows.filter(year=f.year)
    if f.grade:
        rows = rows.filter(**{grade: f.grade})
    return rows


def totals(user: Any, *kinds: str) -> QuerySet[models.Total]:
    """The kept totals of ``kinds`` (models.Total.Kind) over what ``user`` may see."""
    rows = models.Total.objects.none()
    for kind in kinds:
        family: DocKind = "self_evaluation" if kind.startswith("evaluation") else "target_table"
        rows |= permissions.visible_totals(user, models.Total.objects.filter(kind=kind), family)
    return rows


def total(rows: QuerySet[models.Total]) -> int:
    """The sum of the counts of ``rows``."""
    return int(rows.aggregate(n=Sum("count"))["n"] or 0)


def rank(f: ProjectFilter) -> tuple[str, ...]:
    """The ordering that puts the best search hits first (name before indicator text)."""
    return ("search_rank",) if search.normalise_name(f.q) else ()


def choices(user: Any) -> dict[str, Any]:
    """The values the project filters offer, read from the kept totals (a few rows per
    department, whatever the number of projects and findings) once per state of them
    (:func:`jixiao.web.generations.cached`) for the user's scope."""
    scope = generations.scope(totals(user, "project", *_FINDING_KINDS))
    kept = generations.cached("totals", ("choices", scope), lambda: _offered(user))
    return {"departments": menus.DepartmentMenu(user), **kept}


def _offered(user: Any) -> dict[str, list[Any]]:
    """The years, grades and rules of :func:`choices`."""
    kept = totals(user, "project")
    return {
        "years": years(user),
        "grades": list(
            kept.exclude(key="").order_by("key").values_list("key", flat=True).distinct()
        ),
        "rules": rules_found(user),
    }


#: the kept totals of open findings, by rule (their ``key``)
_FINDING_KINDS: dict[str, DocKind] = {
    "project_finding": "target_table",
    "evaluation_finding": "self_evaluation",
}


def rules_found(user: Any) -> list[str]:
    """The rules of the open findings ``user`` may see, in order (the rule menu of the lists).

    A ``DISTINCT`` over the kept totals of findings reads every one of them (44,000 rows in a
    province's year, 10–20 ms on every list page); for a user who sees every department and state
    the database skips from one rule to the next through the index (kind, key) instead — a few
    dozen index probes (a "loose index scan"). Other users' totals are narrowed first.
    """
    if not all(permissions.sees_everything(user, kind) for kind in _FINDING_KINDS.values()):
        kept = totals(user, *_FINDING_KINDS)
        return list(kept.order_by("key").values_list("key", flat=True).distinct())
    table = models.Total._meta.db_table
    step = f'SELECT MIN("key") FROM {table} WHERE kind = %s'
    scans = ", ".join(
        f'k{i}("key") AS ({step} UNION ALL SELECT ({step} AND "key" > k{i}."key") FROM k{i} '
        f'WHERE k{i}."key" IS NOT NULL)'
        for i in range(len(_FINDING_KINDS))
    )
    found = " UNION ".join(
        f'SELECT "key" FROM k{i} WHERE "key" IS NOT NULL' for i in range(len(_FINDING_KINDS))
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE {scans} {found} ORDER BY 1",
            [kind for kind in _FINDING_KINDS for _ in range(2)],
        )
        return [key for (key,) in cursor.fetchall()]


def years(user: Any) -> list[int]:
    """The years of the projects ``user`` may see, latest first (from the kept totals)."""
    kept = totals(user, "project").exclude(year=None).order_by("-year")
    return [year for year in kept.values_list("year", flat=True).distinct() if year is not None]


def department_tree(user: Any) -> list[dict[str, Any]]:
    """Top-level departments, each ``{"department": menus.Unit, "projects", "budget", "children":
    [...]}`` (the counts and budgets from the kept totals)."""
    stats: dict[int, tuple[int, Decimal | None]] = {
        pk: (n, budget)
        for pk, n, budget in totals(user, "project")
        .values("department_id")
        .annotate(n=Sum("count"), budget=Sum("amount"))
        .order_by()
        .values_list("department_id", "n", "budget")
    }
    departments = menus.units(user)
    none: tuple[int, Decimal | None] = (0, None)
    nodes: dict[int, dict[str, Any]] = {}
    for d in departments:
        n, budget = stats.get(d.pk, none)
        nodes[d.pk] = {"department": d, "projects": n, "budget": budget, "children": []}
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


def _rule_bars(
    counted: Iterable[tuple[str, int]], scope: dict[str, Any], which: str
) -> list[dict[str, Any]]:
    """A bar per (rule, how many tables have an open finding of it); ``which`` names the tables
    after the rule when they are not projects (self-evaluations: their list is linked)."""
    return [
        {
            **_bar(
                f"{rule_label(rule)}（{which}）" if which else rule_label(rule),
                value,
                {**scope, "rule": rule},
            ),
            "severity": rule_severity(rule),
            **({"list": "evaluations"} if which else {}),
        }
        for rule, value in counted
    ]


def _bar(name: str, value: int, drill: dict[str, Any]) -> dict[str, Any]:
    """One bar or slice: its name, value, label and the project list filtered to it (drill-down)."""
    return {"name": name, "value": value, "label": str(value), "drill": drill}


def budget_grouped(user: Any, f: ProjectFilter) -> bool:
    """Whether the budget chart sums each 主管部门 with its units (one bar per top of the tree):
    for the roles that see every department, when no department is chosen. A chosen department
    shows itself and its units, and a user who sees only some departments sees each of them
    (never the name of a parent outside their scope)."""
    return f.department is None and permissions.sees_all(user)


def budget_bars(user: Any, f: ProjectFilter, bars: int = BUDGET_BARS) -> list[dict[str, Any]]:
    """The budget chart: the ``bars`` (:data:`BUDGET_BARS`) departments (or 主管部门 with their units:
    :func:`budget_grouped`) with the largest budget, then one bar “其他 N 个部门” with the sum of
    the rest (linked to the department tree, which lists each of them). A bar of a department
    links to its projects — the list filtered to a department includes its units, exactly what
    a grouped bar sums."""
    scope = {k: v for k, v in (("year", f.year), ("department", f.department)) if v}
    rows = _by_key(totals(user, "project"), f)
    if budget_grouped(user, f):
        rows = rows.annotate(
            unit=Coalesce("department__parent_id", "department_id"),
            unit_name=Coalesce("department__parent__name", "department__name"),
        )
    else:
        rows = rows.annotate(unit=F("department_id"), unit_name=F("department__name"))
    largest = list(
        rows.values("unit", "unit_name")
        .annotate(value=Sum("amount"))
        .order_by(F("value").desc(nulls_last=True), "unit")
        .values_list("unit", "unit_name", "value")[:bars]
    )
    shown = [
        {"name": name, **_amount(value), "drill": {**scope, "department": unit}}
        for unit, name, value in largest
    ]
    if len(largest) == bars:
        everything = rows.aggregate(budget=Sum("amount"), units=Count("unit", distinct=True))
        others = everything["units"] - bars
        if others > 0:
            drawn = sum((value for _, _, value in largest if value is not None), Decimal(0))
            name = ngettext("%(n)s other department", "%(n)s other departments", others)
            rest = (everything["budget"] or Decimal(0)) - drawn
            shown.append(
                {"name": name % {"n": others}, **_amount(rest), "drill": {}, "list": "departments"}
            )
    return shown


def chart_data(user: Any, f: ProjectFilter = ProjectFilter()) -> dict[str, list[dict[str, Any]]]:
    """The dashboard series over ``f``'s year and department: budget by department
    (:func:`budget_bars`), projects by 二级, findings by rule (the projects with one, then the
    self-evaluations with one, both from the kept totals), grades; each item links to the
    projects (or another list: ``list``) behind it."""
    kept = totals(user, "project")
    scope = {k: v for k, v in (("year", f.year), ("department", f.department)) if v}
    level2 = _by_key(totals(user, "indicator"), f).values("key", "detail")
    rules = _by_key(totals(user, "project_rule"), f).values("key").annotate(value=Sum("count"))
    grades = _by_key(kept.exclude(key=""), f).values("key")
    evaluated = (
        _by_key(totals(user, "evaluation_rule"), f).values("key").annotate(value=Sum("count"))
    )
    return {
        "budget": budget_bars(user, f),
        "level2": [
            _bar(f"{r['key']}·{r['detail']}", r["value"], {**scope, "level2": r["detail"]})
            for r in level2.annotate(value=Sum("count")).order_by("key", "detail")
        ],
        "rules": [
            *_rule_bars(rules.order_by("key").values_list("key", "value"), scope, ""),
            *_rule_bars(
                evaluated.order_by("key").values_list("key", "value"),
                scope,
                _("self-evaluations"),
            ),
        ],
        "grades": sorted(
            (
                _bar(r["key"], r["value"], {**scope, "grade": r["key"]})
                for r in grades.annotate(value=Sum("count"))
            ),
            key=lambda bar: GRADE_ORDER.get(bar["name"], len(GRADE_ORDER)),
        ),
    }


def _by_key(rows: QuerySet[models.Total], f: ProjectFilter) -> QuerySet[models.Total]:
    """Kept totals of ``f``'s year and department, to be summed by their key."""
    return _narrowed(rows, ProjectFilter(f.department, f.year), grade="key").order_by()
