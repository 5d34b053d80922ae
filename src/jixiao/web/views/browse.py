"""Browse: department tree → project list → project page; self-evaluations; the review queue."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from jixiao.domain.diff import diff
from jixiao.domain.targets import Target
from jixiao.web import (
    generations,
    listing,
    menus,
    models,
    params,
    permissions,
    queries,
    scored,
    storage,
)
from jixiao.web.meanings import hover
from jixiao.web.paging import Counted
from jixiao.web.templatetags.departments import department_tree
from jixiao.web.templatetags.evaluation_rows import recomputed
from jixiao.web.views import guard, lists, selfeval
from jixiao.web.views.workflow import workflow_context

PAGE_SIZE = 50


def departments(request: HttpRequest) -> HttpResponse:
    """单位: the department tree with each department's projects and budget, rendered once per
    state of the kept totals and of the department tree (thousands of departments in a province:
    ≈ 40 ms of Python each time) for the user's scope and language."""
    user = request.user
    reached = permissions.visible_departments(user)
    scopes = [generations.scope(rows) for rows in (queries.totals(user, "project"), reached)]
    key = ("departments", scopes, menus.stamp()[0], get_language())
    tree = generations.cached("totals", key, lambda: _tree(user))
    return render(request, "jixiao/departments.html", {"tree": mark_safe(tree)})


def _tree(user: Any) -> str:
    """The department tree's HTML ("" without a department)."""
    return str(department_tree(queries.department_tree(user)))


@params.query(**lists.PROJECT_PARAMS, page=params.PAGE)
def projects(request: HttpRequest, query: dict[str, Any]) -> HttpResponse:
    """The project list (sortable by its column headers); an HTMX request gets only the table
    (filters update it in place)."""
    f = lists.project_filter(query)
    rows = listing.ordered(queries.projects(f, request.user), lists.PROJECT_SORT, query["sort"])
    count = queries.project_count(f, request.user)
    page = Counted(rows, PAGE_SIZE, count, queries.current_projects(request.user))
    context = {
        "page": page.get_page(query["page"]),
        "max_search": params.MAX_SEARCH,
        "filter": f,
        "query": query_without_page(request),
        **queries.choices(request.user),
    }
    template = (
        "jixiao/_project_rows.html" if request.headers.get("HX-Request") else "jixiao/projects.html"
    )
    return render(request, template, context)


def query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return str(params.urlencode())


@params.query(compare=params.ID)
def project(request: HttpRequest, pk: int, query: dict[str, Any]) -> HttpResponse:
    """A target table in the official layout, findings inline on their rows; its versions, and
    the changes between two of them (``?compare=<id of another version>``)."""
    stored = guard.get(request, models.Project, pk, select=["department"])
    findings = list(stored.findings.select_related("dismissed_by"))
    rows = []
    for indicator in stored.indicators.all():
        rows.append(
            {
                "indicator": indicator,
                "meaning": hover(Target.model_validate(indicator.target)),
                "findings": [f for f in findings if f.indicator_position == indicator.position],
            }
        )
    _merge_cells(rows, 1)
    _merge_cells(rows, 2)
    context = {
        "project": stored,
        "document": storage.target_table(stored),
        "goals": stored.goals.all(),
        "rows": rows,
        "table_findings": [f for f in findings if f.indicator_position is None],
        **_versions(stored, query["compare"]),
        **workflow_context(request, stored, rows, findings),
        **selfeval.start_link(request, stored),
    }
    return render(request, "jixiao/project.html", context)


def _versions(
    stored: models.Project | models.SelfEvaluation, compare: int | None
) -> dict[str, Any]:
    """The version history of a record and, if asked for, the changes from another version."""
    versions: list[models.Project | models.SelfEvaluation]
    versions = list(stored.versions().defer("document"))  # read again only to compare two
    other = next((v for v in versions if v.pk == compare), None)
    changes = []
    if other is not None:
        old, new = sorted([other, stored], key=lambda v: v.version)
        changes = diff(storage.load(old), storage.load(new))
    return {"versions": versions, "compare": other, "changes": changes}


def _merge_cells(rows: list[dict[str, Any]], depth: int) -> None:
    """Set ``level<depth>_span`` as in the official layout: a run of equal cells is one cell."""
    start = 0
    for i, row in enumerate(rows):
        row[f"level{depth}_span"] = 0
        if _levels(row, depth) != _levels(rows[start], depth):
            start = i
        rows[start][f"level{depth}_span"] += 1


def _levels(row: dict[str, Any], depth: int) -> tuple[str, ...]:
    indicator = row["indicator"]
    return (indicator.level1, indicator.level2)[:depth]


@params.query(**lists.EVALUATION_PARAMS, page=params.PAGE)
def evaluations(request: HttpRequest, query: dict[str, Any]) -> HttpResponse:
    """Self-evaluations: unit, year, total and grade, filtered and sortable like the projects."""
    f = lists.evaluation_filter(query)
    rows = listing.ordered(
        queries.evaluations(f, request.user), lists.EVALUATION_SORT, query["sort"]
    )
    context = {
        "page": Counted(rows, PAGE_SIZE, None, None).get_page(query["page"]),
        "filter": f,
        "query": query_without_page(request),
        **queries.evaluation_choices(request.user),
    }
    return render(request, "jixiao/evaluations.html", context)


@params.query(page=params.PAGE, sort=lists.PROJECT_PARAMS["sort"])
def queue(request: HttpRequest, query: dict[str, Any]) -> HttpResponse:
    """Target tables by grade and number of findings, most findings first (or as sorted)."""
    rows = queries.current_projects(request.user).order_by(
        "-findings_count", "grade", "department_code", "number", "id"
    )
    rows = listing.ordered(rows, lists.PROJECT_SORT, query["sort"])
    count = queries.project_count(queries.ProjectFilter(), request.user)
    load = queries.current_projects(request.user)
    page = Counted(rows, PAGE_SIZE, count, load).get_page(query["page"])
    context = {"page": page, "query": query_without_page(request)}
    return render(request, "jixiao/queue.html", context)


@params.query(compare=params.ID)
def evaluation(request: HttpRequest, pk: int, query: dict[str, Any]) -> HttpResponse:
    """A self-evaluation: reported scores beside the recomputed ones, differences highlighted."""
    # the stored document is read only when its scores are not kept (jixiao.web.scored)
    stored = guard.get(
        request, models.SelfEvaluation, pk, select=["department"], defer=["document"]
    )
    kept = scored.scored(stored)
    report = kept.report
    findings = list(stored.findings.select_related("dismissed_by"))
    rows = [
        {
            "indicator": indicator,
            "findings": [f for f in findings if f.indicator_position == indicator.position],
            "score": shown,
            "cells": cells,
        }
        for indicator, shown, cells in zip(kept.indicators, kept.scores, kept.cells, strict=True)
    ]
    totals = report.totals
    scores = {
        "budget": recomputed(
            report.budget.recomputed, report.budget.reported, report.budget.explanation
        ),
        "total": recomputed(totals.recomputed_total, totals.stated_total, totals.recomputed_grade),
    }
    context = {
        "evaluation": stored,
        "goals": stored.goals.all(),
        "rows": rows,
        "scores": scores,
        "report": report,
        "findings": [f for f in findings if f.indicator_position is None],
        **_versions(stored, query["compare"]),
        **workflow_context(request, stored, rows, findings),
        **selfeval.panel(request, stored, kept, rows),
    }
    return render(request, "jixiao/evaluation.html", context)
