"""The dashboard: ECharts charts over the stored tables (data embedded as JSON in the page)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jixiao.web import permissions, queries


def dashboard(request: HttpRequest) -> HttpResponse:
    """The charts and counts over what the user may see."""
    user = request.user
    context = {
        "charts": queries.chart_data(user),
        "projects": queries.total(queries.totals(user, "project")),
        "departments": permissions.visible_departments(user).count(),
        "evaluations": queries.total(queries.totals(user, "evaluation")),
        "findings": queries.total(queries.totals(user, "project_finding", "evaluation_finding")),
    }
    return render(request, "jixiao/dashboard.html", context)
