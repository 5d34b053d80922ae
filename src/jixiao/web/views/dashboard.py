"""The dashboard (看板): ECharts charts over the stored tables, filtered by year and department;
every bar and slice drills down to the project list filtered to it. The charts' data is also a
table on the page (accessibility) and a CSV file."""

from __future__ import annotations

import copy
import csv
import io
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from jixiao.web import generations, menus, params, queries

SCOPE: params.Spec = {name: queries.FILTER_PARAMS[name] for name in ("year", "department")}
#: the charts, in page order: series key, title, type
CHARTS = (
    ("budget", gettext_lazy("Budget by department (10k yuan)"), "bar"),
    ("level2", gettext_lazy("Projects by level 2 indicator"), "bar"),
    ("rules", gettext_lazy("Tables by review rule"), "bar"),
    ("grades", gettext_lazy("Grade distribution"), "pie"),
)
#: the budget chart's title when each bar sums a 主管部门 with its units (queries.budget_grouped)
GROUPED_TITLE = gettext_lazy("Budget by supervising department, with its units (10k yuan)")


def _figures(request: HttpRequest, f: queries.ProjectFilter, menu: menus.DepartmentMenu) -> Any:
    """The charts' data and the counts, computed once per state of the kept totals
    (:func:`jixiao.web.generations.cached`) for the user's scope, the filter, the language and
    the department tree (the budget bars name departments)."""
    user = request.user

    def compute() -> dict[str, Any]:
        return {
            "data": queries.chart_data(user, f),
            "grouped": queries.budget_grouped(user, f),
            "projects": queries.project_count(f, user),
            "evaluations": queries.total(queries.totals(user, "evaluation")),
            "findings": queries.total(
                queries.totals(user, "project_finding", "evaluation_finding")
            ),
            "years": queries.years(user),
        }

    scopes = [generations.scope(queries.totals(user, k)) for k in ("project", "evaluation")]
    key = ("dashboard", scopes, f.year, f.department, get_language(), menu.stamp[0])
    return generations.cached("totals", key, compute)


def _charts(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """Each chart with its data, every item with the URL of the projects behind it."""
    data = copy.deepcopy(figures["data"])  # the cached value stays as it is
    for items in data.values():
        for item in items:
            base, drill = reverse(item.pop("list", "projects")), item.pop("drill")
            item["link"] = f"{base}?{urlencode(drill)}" if drill else base
    titles = {"budget": GROUPED_TITLE} if figures["grouped"] else {}
    return [
        {"key": key, "title": titles.get(key, title), "type": kind, "items": data[key]}
        for key, title, kind in CHARTS
    ]


@params.query(**SCOPE)
def dashboard(request: HttpRequest, query: dict[str, Any]) -> HttpResponse:
    """The charts and counts over what the user may see, in the chosen year and department."""
    f = queries.ProjectFilter(year=query["year"], department=query["department"])
    menu = menus.DepartmentMenu(request.user)
    figures = _figures(request, f, menu)
    charts = _charts(figures)
    context = {
        "chart_list": charts,
        "charts": {c["key"]: c["items"] for c in charts},
        "filter": f,
        "scope": urlencode({k: v for k, v in query.items() if v}),
        "projects": figures["projects"],
        "departments": len(menu),
        "evaluations": figures["evaluations"],
        "findings": figures["findings"],
        "department_choices": menu,
        "years": figures["years"],
    }
    return render(request, "jixiao/dashboard.html", context)


@params.query(**SCOPE)
def dashboard_csv(request: HttpRequest, query: dict[str, Any]) -> HttpResponse:
    """The charts' data as CSV (UTF-8 with BOM, so that Excel reads the Chinese)."""
    f = queries.ProjectFilter(year=query["year"], department=query["department"])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Chart"), _("Item"), _("Value")])
    for chart in _charts(_figures(request, f, menus.DepartmentMenu(request.user))):
        for item in chart["items"]:
            writer.writerow([chart["title"], item["name"], item["value"]])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="dashboard.csv"'
    return response
