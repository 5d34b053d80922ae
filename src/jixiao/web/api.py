"""The HTTP API (django-ninja; OpenAPI at ``/api/docs``). Every call needs a login or a token."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern
from django.utils.translation import gettext as _
from ninja import Field, File, Form, NinjaAPI, Query, Schema, Status
from ninja.errors import ValidationError
from ninja.files import UploadedFile

from jixiao.domain import drafting
from jixiao.domain.model import SelfEvaluation, TargetTable
from jixiao.domain.scoring import ScoreReport
from jixiao.domain.workflow import Action, Denied, Refused
from jixiao.web import (
    actions,
    drafts,
    engines,
    importing,
    models,
    params,
    permissions,
    queries,
    serial,
    storage,
)
from jixiao.web.auth import API_AUTH, MAX_TOKEN_DAYS, issue_token, tokens_of, valid

api = NinjaAPI(title="jixiao API", version="1.0.0", auth=API_AUTH, docs_url="/docs")
FILTERS = queries.FILTER_PARAMS


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """400 with a message in the user's language and the errors of each parameter."""
    detail = _("Invalid request parameters; see errors.")
    return api.create_response(request, {"detail": detail, "errors": exc.errors}, status=400)


class Credentials(Schema):
    """A user name and password; ``name`` labels the token, ``days`` shortens its lifetime."""

    username: str = Field(max_length=150)
    password: str = Field(max_length=4096)
    name: str = Field("", max_length=100)
    days: int | None = Field(None, ge=1, le=MAX_TOKEN_DAYS)


class TokenInfo(Schema):
    """A token as listed (never the token itself); ``valid``: not expired, password unchanged."""

    id: int
    name: str
    created_at: datetime
    expires_at: datetime
    valid: bool


class TokenOut(TokenInfo):
    token: str  # shown once


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
    next: int | None = None  # the ``after`` of the next page (seek pagination); None: last page


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
    state: str
    document: TargetTable
    findings: list[FindingOut]
    versions: list[VersionOut]


class Dismissal(Schema):
    reason: str


class TransitionIn(Schema):
    """A transition by its action name (submit, withdraw, forward, return, approve, publish, adjust)."""

    action: str
    reason: str = ""


class TransitionOut(Schema):
    """The version after the transition (for ``adjust``: the new version it opened)."""

    id: int
    version: int
    state: str
    is_current: bool


class Refusal(Schema):
    """A refusal: the reason in Chinese and its code (login, hidden, role, state, reason, invalid)."""

    detail: str
    code: str


REFUSALS: dict[int, Any] = {
    400: Refusal,
    401: Refusal,
    403: Refusal,
    404: Refusal,
    409: Refusal,
    422: Refusal,
}


def _refusal(denied: Denied) -> Status[dict[str, str]]:
    return Status(denied.http_status, {"detail": denied.reason, "code": denied.code})


def _visible(request: HttpRequest, model: Any, pk: int) -> Any:
    """The row ``pk`` if the user may see it; 404 (absent or hidden) otherwise."""
    row = model.objects.filter(pk=params.check_id(pk)).first()
    if row is None or not permissions.allowed(request.user, Action.VIEW, row):
        raise Http404("未找到该文档，或您无权查看")
    return row


class EvaluationDetail(Schema):
    id: int
    document: SelfEvaluation
    findings: list[FindingOut]
    scores: ScoreReport  # the recomputation (jixiao.domain.scoring)


class ProjectQuery(Schema):
    """The filters of the project page (same bounds: jixiao.web.params), page and page size."""

    department: int | None = params.schema_field(FILTERS["department"])
    year: int | None = params.schema_field(FILTERS["year"])
    grade: str = params.schema_field(FILTERS["grade"])
    rule: str = params.schema_field(FILTERS["rule"])
    level2: str = params.schema_field(FILTERS["level2"])
    q: str = params.schema_field(FILTERS["q"])
    page: int = Field(1, ge=1, le=params.MAX_PAGE)
    page_size: int = Field(50, ge=1, le=500)
    after: int | None = Field(None, ge=1, le=params.MAX_ID)  # seek: the rows after this id


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
        return Status(401, {"detail": _("Wrong user name or password.")})
    secret, stored = issue_token(user, credentials.name, credentials.days)
    return {**_token_info(stored), "token": secret}


@api.get("/auth/tokens", response=list[TokenInfo])
def tokens(request: HttpRequest) -> Any:
    """The caller's tokens, newest first."""
    return [_token_info(t) for t in tokens_of(request.user)]


@api.delete("/auth/tokens/{token_id}", response={204: None})
def revoke(request: HttpRequest, token_id: int) -> Any:
    """Revoke one of the caller's tokens (404 for another user's)."""
    get_object_or_404(tokens_of(request.user), pk=params.check_id(token_id)).delete()
    return Status(204, None)


def _token_info(stored: models.ApiToken) -> dict[str, Any]:
    fields = ("id", "name", "created_at", "expires_at")
    return {**{f: getattr(stored, f) for f in fields}, "valid": valid(stored)}


@api.get("/departments", response=list[DepartmentOut])
def departments(request: HttpRequest) -> Any:
    return permissions.visible_departments(request.user)


@api.get("/projects", response={200: ProjectPage, 400: Refusal})
def projects(request: HttpRequest, query: Query[ProjectQuery]) -> Any:
    f = queries.ProjectFilter(**query.model_dump(include=set(FILTERS)))
    size, page = query.page_size, query.page
    qs = queries.projects(f, request.user).order_by(*queries.rank(f), "id")
    if query.after is not None and queries.rank(f):
        return _refusal(
            Denied("检索结果按相关度排序，请用 page 翻页（after 不能与 q 同用）", "invalid")
        )
    if query.after is None:
        rows = list(qs[(page - 1) * size : page * size])
    else:  # seek: an index walk from ``after``, however deep (no OFFSET)
        rows = list(qs.filter(id__gt=query.after)[:size])
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
    count = queries.project_count(f, request.user)
    return {
        "count": qs.count() if count is None else count,
        "page": page,
        "page_size": size,
        "items": items,
        "next": rows[-1].pk if len(rows) == size and not queries.rank(f) else None,
    }


@api.get("/projects/{project_id}", response=ProjectDetail, url_name="project")
def project(request: HttpRequest, project_id: int) -> Any:
    """The interchange JSON of one target table, with its findings."""
    stored = _visible(request, models.Project, project_id)
    return {
        "id": stored.pk,
        "version": stored.version,
        "is_current": stored.is_current,
        "state": stored.state,
        "document": storage.target_table(stored),
        "findings": list(stored.findings.all()),
        "versions": [_version(v) for v in stored.versions().defer("document")],
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


@api.delete("/projects/{project_id}", response={200: dict[str, int], 403: Refusal})
def delete_project(request: HttpRequest, project_id: int) -> Any:
    """Delete a project with every version (administrators); the audit log keeps them."""
    stored = _visible(request, models.Project, project_id)
    if not permissions.is_administrator(request.user):
        return Status(403, {"detail": "只有管理员可以删除项目", "code": "role"})
    return {"deleted_versions": actions.delete_project(stored, actions.Actor(request.user, "api"))}


@api.post("/projects/{project_id}/transitions", response={200: TransitionOut, **REFUSALS})
def transitions(request: HttpRequest, project_id: int, body: TransitionIn) -> Any:
    """Take a workflow transition on a target table's version (the pages' permissions)."""
    return _transition(request, _visible(request, models.Project, project_id), body)


@api.post(
    "/self-evaluations/{evaluation_id}/transitions",
    response={200: TransitionOut, **REFUSALS},
)
def evaluation_transitions(request: HttpRequest, evaluation_id: int, body: TransitionIn) -> Any:
    """Take a workflow transition on a self-evaluation's version (submit, accept, return …)."""
    return _transition(request, _visible(request, models.SelfEvaluation, evaluation_id), body)


def _transition(
    request: HttpRequest, stored: models.Project | models.SelfEvaluation, body: TransitionIn
) -> Any:
    try:
        return actions.workflow.take(
            stored, body.action[:30], actions.Actor(request.user, "api"), body.reason[:2000]
        )
    except Refused as refused:
        return _refusal(refused.denied)


class BudgetIn(Schema):
    """项目资金 in 万元, as decimal strings (``"12.5"``; numbers would lose exactness)."""

    total: str = ""
    fiscal: str = ""
    other: str = ""


class RowIn(Schema):
    level1: str = ""
    level2: str = ""
    level3: str = ""
    description: str = ""
    target: str = ""  # 指标值 as written (``≥100家次``)


class DraftIn(Schema):
    """A target table as the editor writes it; ``base_revision``: the revision it was opened at."""

    project: str
    year: int | None = None
    department_id: int | None = None  # a new draft's unit (default: the user's own)
    budget: BudgetIn = BudgetIn()
    purpose: str = ""
    goals: list[str] = []
    indicators: list[RowIn] = []
    base_revision: int = 0


class DraftOut(Schema):
    id: int
    version: int
    revision: int
    state: str
    findings: list[FindingOut]


class ConflictOut(Schema):
    """保存冲突: the stored revision and what the other person changed (``label_zh`` each)."""

    detail: str
    code: str
    revision: int
    changes: list[str]


DRAFT_ANSWERS = {**REFUSALS, 409: ConflictOut | Refusal}


def _draft_fields(body: DraftIn, department: models.Department) -> drafting.TableFields:
    rows = tuple(drafting.RowFields(**row.dict()) for row in body.indicators[:300])
    return drafting.TableFields(
        department=drafts.domain_department(department),
        year=body.year,
        project=body.project[:500],
        total=body.budget.total[:50],
        fiscal=body.budget.fiscal[:50],
        other=body.budget.other[:50],
        purpose=body.purpose[:4000],
        goals="\n".join(g.replace("\n", " ") for g in body.goals[:100]),
        rows=rows,
    )


def _save_draft(
    request: HttpRequest, body: DraftIn, department: models.Department, row: Any
) -> Any:
    built = drafting.build(_draft_fields(body, department))
    if built.errors:
        return Status(422, {"detail": "；".join(built.errors.values()), "code": "invalid"})
    try:
        saved = actions.save_draft(
            built.table,
            actions.Actor(request.user, "api"),
            department=department,
            row=row,
            base_revision=body.base_revision,
        )
    except Refused as refused:
        return _refusal(refused.denied)
    except actions.DraftConflict as conflict:
        changes = [c.label_zh for c in conflict.conflict.theirs]
        answer = {"detail": str(conflict), "code": "conflict", "revision": conflict.revision}
        return Status(409, {**answer, "changes": changes})
    out = {"id": saved.pk, "version": saved.version, "revision": saved.revision}
    return Status(201 if row is None else 200, {**out, "state": saved.state,
                  "findings": list(saved.findings.all())})  # fmt: skip


@api.post("/projects", response={201: DraftOut, **DRAFT_ANSWERS})
def create_draft(request: HttpRequest, body: DraftIn) -> Any:
    """A new target table as a draft (草稿) of the user's unit (the editor's save)."""
    choices = drafts.editable_departments(request.user)
    department = next((d for d in choices if body.department_id in (None, d.pk)), None)
    if department is None:
        return _refusal(drafts.no_unit(request.user))
    return _save_draft(request, body, department, None)


@api.put("/projects/{project_id}", response={200: DraftOut, **DRAFT_ANSWERS})
def save_draft(request: HttpRequest, project_id: int, body: DraftIn) -> Any:
    """The next revision of a draft or returned table, opened at ``base_revision`` (409 when
    someone saved it since: nothing is written, the answer lists their changes)."""
    stored = _visible(request, models.Project, project_id)
    decision = permissions.allowed(request.user, Action.EDIT_DRAFT, stored)
    if isinstance(decision, Denied):
        return _refusal(decision)
    return _save_draft(request, body, stored.department, stored)


@api.post(
    "/findings/{finding_id}/dismiss",
    response={200: FindingOut, **REFUSALS},
)
def dismiss_finding(request: HttpRequest, finding_id: int, body: Dismissal) -> Any:
    """A reviewer dismisses a finding with a reason (recorded in the audit log)."""
    finding = _visible(request, models.Finding, finding_id)
    decision = permissions.allowed(request.user, Action.DISMISS_FINDING, finding)
    if isinstance(decision, Denied):
        return _refusal(decision)
    if not body.reason.strip() or finding.dismissed_at is not None:
        return Status(
            422, {"detail": "请填写驳回理由（已驳回的意见不能再次驳回）", "code": "reason"}
        )
    return actions.dismiss_finding(finding, actions.Actor(request.user, "api"), body.reason[:2000])


@api.get("/self-evaluations/{evaluation_id}", response=EvaluationDetail, url_name="evaluation")
def evaluation(request: HttpRequest, evaluation_id: int) -> Any:
    stored = _visible(request, models.SelfEvaluation, evaluation_id)
    document = storage.self_evaluation(stored)
    return {
        "id": stored.pk,
        "document": document,
        "findings": list(stored.findings.all()),
        "scores": engines.score(document),
    }


@api.post(
    "/import",
    response={200: ImportOut, 409: ImportOut, 422: ImportOut, 401: Refusal, 403: Refusal},
)
def import_files(
    request: HttpRequest,
    files: File[list[UploadedFile]],
    commit: Form[bool] = False,
    approved: Form[bool] = False,
) -> Any:
    """Preview uploaded files (``commit=false``), or store them in one transaction (``commit=true``).

    422: a file cannot be read (nothing written); 409: nothing new to commit (every table is
    stored already and unchanged), or another import stored the same files at the same time
    (``summary`` says so; preview again). A changed table becomes a new version of its project.
    The tables enter as drafts, or as approved with ``approved=true`` (finance reviewers); 403
    when a table belongs to a department outside the user's scope.
    """
    decision = permissions.allowed(request.user, Action.IMPORT)
    if isinstance(decision, Denied):
        return _refusal(decision)
    uploads = [importing.Upload.from_stream(params.file_name(f.name or ""), f) for f in files]
    preview = importing.preview(uploads)
    refusal = permissions.import_refusal(request.user, preview.documents, approved)
    if refusal is not None:
        return _refusal(refusal)
    status = 422 if preview.errors else 200
    batch, conflict = None, ""
    if commit and status == 200:
        try:
            with serial.one_import_at_a_time():
                batch = actions.import_batch(
                    preview, actions.Actor(request.user, "api"), approved=approved
                )
        except importing.ImportRefused:
            status = 409
        except serial.ImportConflict as exc:
            status, conflict = 409, str(exc)
    return Status(status, _import_out(preview, batch, conflict))


def _import_out(
    preview: importing.Preview, batch: models.ImportBatch | None, conflict: str = ""
) -> ImportOut:
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
            report=FileReportOut.model_validate(r.report) if r.report else None,
        )
        for r in preview.files
    ]
    return ImportOut(
        committed=batch is not None,
        batch=batch.pk if batch else None,
        summary=batch.outcome if batch else conflict or preview.summary(),
        files=files,
    )


def public_urls() -> tuple[list[Any], str, str]:
    """The API's URLs; the endpoints answer 401 themselves, the docs need a login."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.name not in {"openapi-json", "openapi-view"}:
            login_not_required(pattern.callback)
    return patterns, app_name, namespace


from jixiao.web.api_monitoring import router as monitoring_router  # noqa: E402 (uses the above)

api.add_router("", monitoring_router)
