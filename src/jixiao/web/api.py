"""The HTTP API (django-ninja; OpenAPI at ``/api/docs``). Every call needs a login or a token."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.db import IntegrityError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Form, NinjaAPI, Query, Schema, Status
from ninja.files import UploadedFile

from jixiao.domain.model import SelfEvaluation, TargetTable
from jixiao.domain.scoring import ScoreReport
from jixiao.web import actions, engines, importing, models, queries, storage
from jixiao.web.auth import API_AUTH, issue_token

api = NinjaAPI(title="jixiao API", version="1.0.0", auth=API_AUTH, docs_url="/docs")


class Credentials(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str


class DepartmentOut(Schema):
    id: int
    code: str
    name: str
    parent_id: int | None


class ProjectRow(Schema):
    id: int
    department_id: int
    department: str
    year: int | None
    name: str
    budget_total: str | None
    grade: str
    findings_count: int


class ProjectPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ProjectRow]


class FindingOut(Schema):
    """A stored finding; ``indicator_position`` is the 0-based row of the indicator table."""

    id: int
    rule: str
    severity: str
    category: str
    title: str
    message: str
    message_en: str
    suggestion: str
    field: str
    indicator: str
    document: str  # 文档标识 of the reviewed document
    indicator_position: int | None
    source_file: str
    source_line: int | None
    source_cell: str
    dismissed: bool
    dismiss_reason: str

    @staticmethod
    def resolve_dismissed(obj: models.Finding) -> bool:
        return obj.dismissed_at is not None


class VersionOut(Schema):
    id: int
    version: int
    is_current: bool
    created_at: str
    batch_id: int | None
    review_profile: str
    review_profile_hash: str


class ProjectDetail(Schema):
    id: int
    version: int
    is_current: bool
    document: TargetTable
    findings: list[FindingOut]
    versions: list[VersionOut]


class Dismissal(Schema):
    reason: str


class EvaluationDetail(Schema):
    id: int
    document: SelfEvaluation
    findings: list[FindingOut]
    scores: ScoreReport  # the recomputation (jixiao.domain.scoring)


class ProjectQuery(Schema):
    department: int | None = None
    year: int | None = None
    grade: str = ""
    rule: str = ""
    q: str = ""
    page: int = 1
    page_size: int = 50


class TableReportOut(Schema):
    """A table the reader recognised (``supported=false``: recognised but not read)."""

    where: str
    kind: str
    title: str
    header: str | None
    columns: dict[str, str]
    rows: int
    documents: int
    supported: bool


class SkippedOut(Schema):
    where: str
    text: str
    reason: str


class NoteOut(Schema):
    cell: str
    raw: str
    read_as: str
    why: str


class FileReportOut(Schema):
    """What the reader recognised in a file, the cells it skipped and why, the values normalised."""

    reader: str
    tables: list[TableReportOut]
    skipped: list[SkippedOut]
    notes: list[NoteOut]


class FileOut(Schema):
    name: str
    sha256: str
    size: int
    status: str  # new | duplicate | error
    documents: int
    error: str | None
    report: FileReportOut | None  # null for formats whose reader gives no report (seed text)


class ImportOut(Schema):
    committed: bool
    batch: int | None
    summary: str
    files: list[FileOut]


@api.post("/auth/token", auth=None, response={200: TokenOut, 401: dict[str, str]})
def token(request: HttpRequest, credentials: Credentials) -> Any:
    """Exchange a user name and password for a bearer token (failed attempts are throttled)."""
    user = authenticate(request, username=credentials.username, password=credentials.password)
    if user is None:
        return Status(401, {"detail": "wrong user name or password"})
    return {"token": issue_token(user)}


@api.get("/departments", response=list[DepartmentOut])
def departments(request: HttpRequest) -> Any:
    return models.Department.objects.all()


@api.get("/projects", response=ProjectPage)
def projects(request: HttpRequest, params: Query[ProjectQuery]) -> Any:
    f = queries.ProjectFilter(
        department=params.department,
        year=params.year,
        grade=params.grade,
        rule=params.rule,
        q=params.q,
    )
    size = max(1, min(params.page_size, 500))
    page = max(1, params.page)
    qs = queries.projects(f).order_by(*queries.rank(f), "id")
    rows = qs[(page - 1) * size : page * size]
    items = [
        ProjectRow(
            id=p.pk,
            department_id=p.department_id,
            department=p.department.name,
            year=p.year,
            name=p.name,
            budget_total=None if p.budget_total is None else str(storage.number(p.budget_total)),
            grade=p.grade,
            findings_count=p.findings_count,
        )
        for p in rows
    ]
    return {"count": qs.count(), "page": page, "page_size": size, "items": items}


@api.get("/projects/{project_id}", response=ProjectDetail, url_name="project")
def project(request: HttpRequest, project_id: int) -> Any:
    """The interchange JSON of one target table, with its findings."""
    stored = get_object_or_404(models.Project, pk=project_id)
    return {
        "id": stored.pk,
        "version": stored.version,
        "is_current": stored.is_current,
        "document": storage.target_table(stored),
        "findings": list(stored.findings.all()),
        "versions": [_version(v) for v in stored.versions()],
    }


def _version(row: models.Project | models.SelfEvaluation) -> VersionOut:
    return VersionOut(
        id=row.pk,
        version=row.version,
        is_current=row.is_current,
        created_at=row.created_at.isoformat(),
        batch_id=row.batch_id,
        review_profile=row.review_profile,
        review_profile_hash=row.review_profile_hash,
    )


@api.delete("/projects/{project_id}", response={200: dict[str, int], 403: dict[str, str]})
def delete_project(request: HttpRequest, project_id: int) -> Any:
    """Delete a project with every version (administrators); the audit log keeps them."""
    stored = get_object_or_404(models.Project, pk=project_id)
    if not request.user.is_superuser:
        return Status(403, {"detail": "只有管理员可以删除项目"})
    return {"deleted_versions": actions.delete_project(stored, actions.Actor(request.user, "api"))}


@api.post(
    "/findings/{finding_id}/dismiss",
    response={200: FindingOut, 403: dict[str, str], 422: dict[str, str]},
)
def dismiss_finding(request: HttpRequest, finding_id: int, body: Dismissal) -> Any:
    """A reviewer dismisses a finding with a reason (recorded in the audit log)."""
    finding = get_object_or_404(models.Finding, pk=finding_id)
    if not (request.user.is_staff or request.user.is_superuser):
        return Status(403, {"detail": "只有审核人员可以驳回审核意见"})
    if not body.reason.strip() or finding.dismissed_at is not None:
        return Status(422, {"detail": "请填写驳回理由（已驳回的意见不能再次驳回）"})
    return actions.dismiss_finding(finding, actions.Actor(request.user, "api"), body.reason[:2000])


@api.get("/self-evaluations/{evaluation_id}", response=EvaluationDetail, url_name="evaluation")
def evaluation(request: HttpRequest, evaluation_id: int) -> Any:
    stored = get_object_or_404(models.SelfEvaluation, pk=evaluation_id)
    document = storage.self_evaluation(stored)
    return {
        "id": stored.pk,
        "document": document,
        "findings": list(stored.findings.all()),
        "scores": engines.score(document),
    }


@api.post("/import", response={200: ImportOut, 409: ImportOut, 422: ImportOut})
def import_files(
    request: HttpRequest, files: File[list[UploadedFile]], commit: Form[bool] = False
) -> Any:
    """Preview uploaded files (``commit=false``), or store them in one transaction (``commit=true``).

    422: a file cannot be read (nothing written); 409: nothing new to commit (every table is
    stored already and unchanged). A changed table becomes a new version of its project.
    """
    uploads = [importing.Upload.from_stream(f.name or "upload", f) for f in files]
    preview = importing.preview(uploads)
    status = 422 if preview.errors else 200
    batch = None
    if commit and status == 200:
        try:
            batch = actions.import_batch(preview, actions.Actor(request.user, "api"))
        except (importing.ImportRefused, IntegrityError):
            status = 409
    return Status(status, _import_out(preview, batch))


def _import_out(preview: importing.Preview, batch: models.ImportBatch | None) -> ImportOut:
    def status(result: importing.FileResult) -> str:
        if result.error:
            return "error"
        return "duplicate" if result.duplicate_of else "new"

    files = [
        FileOut(
            name=r.name,
            sha256=r.sha256,
            size=r.size,
            status=status(r),
            documents=len(r.documents),
            error=str(r.error) if r.error else None,
            report=r.report,
        )
        for r in preview.files
    ]
    return ImportOut(
        committed=batch is not None,
        batch=batch.pk if batch else None,
        summary=batch.outcome if batch else preview.summary(),
        files=files,
    )


def public_urls() -> tuple[list[Any], str, str]:
    """The API's URLs; the endpoints answer 401 themselves, the docs need a login."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if pattern.name not in {"openapi-json", "openapi-view"}:
            pattern.callback.login_required = False
    return patterns, app_name, namespace
