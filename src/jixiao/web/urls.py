from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, register_converter
from django.views.generic import RedirectView
from django.views.i18n import set_language

from jixiao.web.api import public_urls
from jixiao.web.views import (
    account,
    accounts,
    browse,
    dashboard,
    downloads,
    editor,
    imports,
    jobs,
    library,
    lists,
    monitoring,
    profiles,
    records,
    rules,
    selfeval,
    workflow,
)


class IdConverter:
    """An id in a page address: at most 18 digits (jixiao.web.params.MAX_ID); more is a 404."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="todo"), name="home"),
    path("todo/", workflow.todo, name="todo"),
    path("todo/approve/", workflow.bulk_approve, name="bulk-approve"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("departments/", browse.departments, name="departments"),
    path("projects/", browse.projects, name="projects"),
    path("projects/new/", editor.new, name="project-new"),
    path("projects/export.<str:format>", lists.projects, name="projects-export"),
    path("projects/<id:pk>/", browse.project, name="project"),
    path("projects/<id:pk>/edit/", editor.edit, name="project-edit"),
    path("editor/review/", editor.live_review, name="editor-review"),
    path("editor/suggest/", editor.suggest, name="editor-suggest"),
    path("projects/<id:pk>/monitoring/", monitoring.fill, name="monitoring-fill"),
    path("projects/<id:pk>/monitoring/live/", monitoring.live, name="monitoring-live"),
    path("projects/<id:pk>/monitoring/import/", monitoring.upload, name="monitoring-import"),
    path("monitoring/", monitoring.overview, name="monitoring-overview"),
    path("monitoring/<id:pk>/", monitoring.report, name="monitoring"),
    path("monitoring/<id:pk>/transitions/", monitoring.transition, name="monitoring-transition"),
    path("library/", library.page, name="library"),
    path("library/curate/", library.curate, name="library-curate"),
    path("profiles/", profiles.index, name="profiles"),
    path("profiles/<str:name>/", profiles.page, name="profile"),
    path("profiles/<str:name>/save/", profiles.save, name="profile-save"),
    path("profiles/<str:name>/import/", profiles.upload, name="profile-import"),
    path("profiles/<str:name>/export.<str:format>", profiles.download, name="profile-export"),
    path("self-evaluations/", browse.evaluations, name="evaluations"),
    path("self-evaluations/export.<str:format>", lists.evaluations, name="evaluations-export"),
    path("self-evaluations/<id:pk>/", browse.evaluation, name="evaluation"),
    # 在线自评 and 整改 (views/selfeval.py)
    path("projects/<id:pk>/self-evaluation/", selfeval.start, name="evaluation-start"),
    path("self-evaluations/<id:pk>/fill/", selfeval.fill, name="evaluation-fill"),
    path("self-evaluations/live/", selfeval.live, name="evaluation-live"),
    path("self-evaluations/conclusion/", selfeval.conclusion, name="evaluation-conclusion"),
    path("self-evaluations/adjustments/", selfeval.adjustments, name="evaluation-adjustments"),
    path("self-evaluations/<id:pk>/rectifications/", selfeval.rectify, name="evaluation-rectify"),
    path(
        "rectifications/<id:pk>/status/",
        selfeval.rectification_status,
        name="rectification-status",
    ),
    path("review/", browse.queue, name="queue"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/data.csv", dashboard.dashboard_csv, name="dashboard-csv"),
    path("rules/<str:code>/", rules.rule_page, name="rule"),
    path("import/", imports.upload, name="import"),
    path("import/confirm/", imports.confirm, name="import-confirm"),
    path("account/", account.account, name="account"),
    path("account/password/", account.PasswordChange.as_view(), name="password_change"),
    path("account/tokens/<id:pk>/revoke/", account.revoke, name="revoke-token"),
    path("imports/", imports.batches, name="batches"),
    path("imports/<id:pk>/", imports.batch, name="batch"),
    path("imports/<id:pk>/delete/", imports.delete_batch, name="batch-delete"),
    path("findings/<id:pk>/dismiss/", records.dismiss_finding, name="finding-dismiss"),
    path(
        "projects/<id:pk>/delete/",
        records.delete_record,
        {"kind": "project"},
        name="project-delete",
    ),
    path(
        "self-evaluations/<id:pk>/delete/",
        records.delete_record,
        {"kind": "evaluation"},
        name="evaluation-delete",
    ),
    path("audit/", records.audit, name="audit"),
    path(
        "projects/<id:pk>/transitions/",
        workflow.take_transition,
        {"kind": "project"},
        name="project-transition",
    ),
    path(
        "self-evaluations/<id:pk>/transitions/",
        workflow.take_transition,
        {"kind": "evaluation"},
        name="evaluation-transition",
    ),
    path(
        "projects/<id:pk>/comments/", workflow.comment, {"kind": "project"}, name="project-comment"
    ),
    path(
        "self-evaluations/<id:pk>/comments/",
        workflow.comment,
        {"kind": "evaluation"},
        name="evaluation-comment",
    ),
    path("findings/<id:pk>/comment/", workflow.finding_to_comment, name="finding-comment"),
    path("manage/users/", accounts.users, name="users"),
    path("manage/departments/", accounts.departments, name="manage-departments"),
    path("manage/departments/merge/", accounts.merge, name="merge-departments"),
    path("projects/<id:pk>/export.<str:format>", downloads.project_export, name="project-export"),
    path(
        "self-evaluations/<id:pk>/export.<str:format>",
        downloads.evaluation_export,
        name="evaluation-export",
    ),
    path("export/", downloads.batch_export, name="batch-export"),
    path("projects/<id:pk>/review.<str:format>", downloads.project_review, name="project-review"),
    path("review/report.<str:format>", downloads.review_report, name="review-report"),
    path("open/<int:year>/<str:name>", downloads.open_data, name="open-data"),
    path("jobs/", jobs.jobs, name="jobs"),
    path("jobs/<id:pk>/", jobs.job, name="job"),
    path("jobs/<id:pk>/progress/", jobs.progress, name="job-progress"),
    path("jobs/<id:pk>/cancel/", jobs.cancel, name="job-cancel"),
    path("jobs/<id:pk>/file", jobs.file, name="job-file"),
    path("jobs/start/<str:kind>/", jobs.start, name="job-start"),
    path("api/", public_urls()),
    path("public/", include("jixiao.public.urls")),  # 信息公开 (anonymous)
]
