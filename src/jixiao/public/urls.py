"""The disclosure site's addresses, under ``/public/`` (see docs/disclosure.md)."""

from __future__ import annotations

from django.urls import URLPattern, path

from jixiao.public import views

app_name = "public"

#: a document's page and its downloads: address prefix, URL name, page view, download view
DOCUMENTS = (
    ("projects", "project", views.project, views.project_export),
    ("self-evaluations", "evaluation", views.evaluation, views.evaluation_export),
)

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("<int:year>/", views.year, name="year"),
    path("<int:year>/<id:pk>/", views.department, name="department"),
    path(
        "<int:year>/<id:pk>/export.<str:format>", views.department_export, name="department-export"
    ),
    path("search/", views.search, name="search"),
]
for prefix, name, page, download in DOCUMENTS:
    urlpatterns += [
        path(f"{prefix}/<id:pk>/", page, name=name),
        path(f"{prefix}/<id:pk>/export.<str:format>", download, name=f"{name}-export"),
    ]
