"""The dashboard: ECharts charts over the stored tables (data embedded as JSON in the page)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jixiao.web import models, queries


def dashboard(request: HttpRequest) -> HttpResponse:
    context = {
        "charts": queries.chart_data(),
        "projects": models.Project.objects.count(),
        "departments": models.Department.objects.count(),
        "evaluations": models.SelfEvaluation.objects.count(),
        "findings": models.Finding.objects.count(),
    }
    return render(request, "jixiao/dashboard.html", context)
