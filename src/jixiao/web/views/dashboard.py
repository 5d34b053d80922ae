"""The dashboard (看板): ECharts charts over the stored tables, filtered by year and department;
every bar and slice drills down to the project list filtered to it. The charts' data is also a
table on the page (accessibility) and a CSV file."""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jixiao.web import menus, params, queries

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


def _charts(request: HttpRequest, f: queries.ProjectFilter) -> list[dict[str, Any]]:
    """Each chart with its data, every item with the URL of the projects behind it."""
    data = queries.chart_data(request.user, f)
    for items in data.values():
        for item in items:
            base, drill = reverse(item.pop("list", "projects")), item.pop("drill")
            item["link"] = f"{base}?{urlencode(drill)}" if drill else base
    titles = {"budget": GROUPED_TITLE} if queries.budget_grouped(request.user, f) else {}
    return [
        {"key": key, "title": titles.get(key, title), "type": kind, "items": data[key]}
        for key, title, kind in CHARTS
    ]


@params.query(**SCOPE)
def dashboard(request: HttpRequest, query: dict[str, Any]) -> HttpResponse:
    """The charts and counts over what the user may see, in the chosen year and department."""
    user = request.user
    f = queries.ProjectFilter(year=query["year"], department=query["department"])
    charts = _charts(request, f)
    menu = menus.DepartmentMenu(user)
    context = {
        "chart_list": charts,
        "charts": {c["key"]: c["items"] for c in charts},
        "filter": f,
        "scope": urlencode({k: v for k, v in query.items() if v}),
        "projects": queries.project_count(f, user),
        "departments": len(menu),
        "evaluations": queries.total(queries.totals(user, "evaluation")),
        "findings": queries.total(queries.totals(user, "project_finding", "evaluation_finding")),
        "department_choices": menu,
        "years": queries.years(user),
    }
    return render(request, "jixiao/dashboard.html", context)


@params.query(**SCOPE)
def dashboard_csv(request: HttpRequest, query: dict[str, Any]) -> HttpResponse:
    """The charts' data as CSV (UTF-8 with BOM, so that Excel reads the Chinese)."""
    f = queries.ProjectFilter(year=query["year"], department=query["department"])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Chart"), _("Item"), _("Value")])
    for chart in _charts(request, f):
        for item in chart["items"]:
            writer.writerow([chart["title"], item["name"], item["value"]])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="dashboard.csv"'
    return response
