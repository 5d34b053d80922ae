"""Departments and projects: the filtered list, a table with its versions, drafts, deletion."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from jixiao.domain.model import TargetTable
from jixiao.domain.workflow import Action, Denied
from jixiao.web import actions, drafts, models, params, permissions, queries, storage
from jixiao.web.api.common import FindingOut, Refusal, refusal, visible
from jixiao.web.api.drafts import DRAFT_ANSWERS, DraftIn, DraftOut, save_body

router = Router()
FILTERS = queries.FILTER_PARAMS


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


@router.get("/departments", response=list[DepartmentOut])
def departments(request: HttpRequest) -> Any:
    return permissions.visible_departments(request.user)


@router.get("/projects", response={200: ProjectPage, 400: Refusal})
def projects(request: HttpRequest, query: Query[ProjectQuery]) -> Any:
    f = queries.ProjectFilter(**query.model_dump(include=set(FILTERS)))
    size, page = query.page_size, query.page
    qs = queries.projects(f, request.user).order_by(*queries.rank(f), "id")
    if query.after is not None and queries.rank(f):
        return refusal(
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


@router.get("/projects/{project_id}", response=ProjectDetail, url_name="project")
def project(request: HttpRequest, project_id: int) -> Any:
    """The interchange JSON of one target table, with its findings."""
    stored = visible(request, models.Project, project_id)
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


@router.delete("/projects/{project_id}", response={200: dict[str, int], 403: Refusal})
def delete_project(request: HttpRequest, project_id: int) -> Any:
    """Delete a project with every version (administrators); the audit log keeps them."""
    stored = visible(request, models.Project, project_id)
    if not permissions.is_administrator(request.user):
        return Status(403, {"detail": "只有管理员可以删除项目", "code": "role"})
    return {"deleted_versions": actions.delete_project(stored, actions.Actor(request.user, "api"))}


@router.post("/projects", response={201: DraftOut, **DRAFT_ANSWERS})
def create_draft(request: HttpRequest, body: DraftIn) -> Any:
    """A new target table as a draft (草稿) of the user's unit (the editor's save)."""
    choices = drafts.editable_departments(request.user)
    department = next((d for d in choices if body.department_id in (None, d.pk)), None)
    if department is None:
        return refusal(drafts.no_unit(request.user))
    return save_body(request, body, department, None)


@router.put("/projects/{project_id}", response={200: DraftOut, **DRAFT_ANSWERS})
def save_draft(request: HttpRequest, project_id: int, body: DraftIn) -> Any:
    """The next revision of a draft or returned table, opened at ``base_revision`` (409 when
    someone saved it since: nothing is written, the answer lists their changes)."""
    stored = visible(request, models.Project, project_id)
    decision = permissions.allowed(request.user, Action.EDIT_DRAFT, stored)
    if isinstance(decision, Denied):
        return refusal(decision)
    return save_body(request, body, stored.department, stored)
