"""The lists' sort keys (排序) and exports (导出) of exactly what a list shows: the project list
(``/projects/export.csv|xlsx``) and the self-evaluation list (``/self-evaluations/export.…``),
with the list's filters and sort, every matching row the user may see."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from jixiao.web import listing, params, queries
from jixiao.web.templatetags.jixiao import state_label
from jixiao.web.templatetags.numbers import AMOUNT_DECIMALS, score_decimals

#: sort key → column of the project list and the review queue
PROJECT_SORT = {
    "name": "name",
    "department": "department_code",
    "year": "year",
    "budget": "budget_total",
    "grade": "grade",
    "findings": "findings_count",
}
#: sort key → column of the self-evaluation list
EVALUATION_SORT = {
    "name": "title",
    "department": "department__code",
    "year": "year",
    "total": "total",
    "grade": "grade",
}
PROJECT_PARAMS: params.Spec = {**queries.FILTER_PARAMS, "sort": listing.sort_param(PROJECT_SORT)}
EVALUATION_PARAMS: params.Spec = {
    "department": params.ID,
    "year": queries.FILTER_PARAMS["year"],
    "grade": queries.FILTER_PARAMS["grade"],
    "rule": queries.FILTER_PARAMS["rule"],
    "sort": listing.sort_param(EVALUATION_SORT),
}
_MONEY = "#,##0.00"

PROJECT_COLUMNS = (
    listing.Column(_("Project"), lambda p: p.name),
    listing.Column(_("Department"), lambda p: p.department.name),
    listing.Column(_("Year"), lambda p: p.year),
    listing.Column(
        _("Budget (10k yuan)"), lambda p: listing.rounded(p.budget_total, AMOUNT_DECIMALS), _MONEY
    ),
    listing.Column(_("Grade"), lambda p: p.grade),
    listing.Column(_("Findings"), lambda p: p.findings_count),
    listing.Column(_("State"), lambda p: state_label(p.state)),
)
EVALUATION_COLUMNS = (
    listing.Column(_("Department"), lambda e: e.department.name),
    listing.Column(_("Year"), lambda e: e.year),
    listing.Column(_("Title"), lambda e: e.title),
    listing.Column(_("Project"), lambda e: e.project_name),
    listing.Column(
        _("Total (reported)"), lambda e: listing.rounded(e.total, score_decimals()), _MONEY
    ),
    listing.Column(_("Grade (reported)"), lambda e: e.grade),
)


def project_filter(query: dict[str, Any]) -> queries.ProjectFilter:
    """The filter of the project list's parameters."""
    return queries.ProjectFilter(**{name: query[name] for name in queries.FILTER_PARAMS})


def evaluation_filter(query: dict[str, Any]) -> queries.ProjectFilter:
    """The filter of the self-evaluation list's parameters (department, year, grade, rule)."""
    return queries.ProjectFilter(
        department=query["department"],
        year=query["year"],
        grade=query["grade"],
        rule=query["rule"],
    )


@params.query(**PROJECT_PARAMS)
def projects(request: HttpRequest, format: str, query: dict[str, Any]) -> HttpResponse:
    rows = queries.projects(project_filter(query), request.user)
    sorted_rows = listing.ordered(rows, PROJECT_SORT, query["sort"])
    return listing.export(sorted_rows, PROJECT_COLUMNS, format, "projects")


@params.query(**EVALUATION_PARAMS)
def evaluations(request: HttpRequest, format: str, query: dict[str, Any]) -> HttpResponse:
    rows = queries.evaluations(evaluation_filter(query), request.user)
    sorted_rows = listing.ordered(rows, EVALUATION_SORT, query["sort"])
    return listing.export(sorted_rows, EVALUATION_COLUMNS, format, "self-evaluations")
