"""The disclosure site's addresses, under ``/public/`` (see docs/disclosure.md)."""

from __future__ import annotations

from django.urls import path

from jixiao.public import views

app_name = "public"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.year, name="year"),
    path("<int:year>/<id:pk>/", views.department, name="department"),
    path("projects/<id:pk>/", views.project, name="project"),
    path("projects/<id:pk>/export.<str:format>", views.project_export, name="project-export"),
    path("self-evaluations/<id:pk>/", views.evaluation, name="evaluation"),
    path(
        "self-evaluations/<id:pk>/export.<str:format>",
        views.evaluation_export,
        name="evaluation-export",
    ),
]
