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
        "projects": queries.current_projects(user).count(),
        "departments": permissions.visible_departments(user).count(),
        "evaluations": queries.current_evaluations(user).count(),
        "findings": queries.open_findings(user).count(),
    }
    return render(request, "jixiao/dashboard.html", context)
