"""在线填报 in the browser: the target-table editor, its live review and the 指标库 suggestions.

- ``/projects/new/`` and ``/projects/<id>/edit/``: the form in the official layout; POST saves
  the draft (:func:`jixiao.web.actions.save_draft`). A field that cannot be read (422) or a
  conflicting save (409) shows the form again with everything as typed.
- ``/editor/review/`` (HTMX, debounced): the parsed meaning of each 指标值, last year's target
  and actual with the 目标偏低 flag, and the review engine's findings on their rows.
- ``/editor/suggest/`` (HTMX): 三级指标 suggestions of a 二级指标 from the library.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from jixiao.domain import levels, library
from jixiao.domain.drafting import RowFields, TableFields, build, fields_of
from jixiao.domain.model import TargetTable
from jixiao.domain.workflow import Action, Denied, Refused
from jixiao.web import actions, drafts, models, params, permissions, storage
from jixiao.web.meanings import meaning
from jixiao.web.views import guard, selfeval

MAX_ROWS = 300  # indicator rows read from one form
ROW_FIELDS = ("level1", "level2", "level3", "description", "target")


def _text(data: QueryDict, name: str, limit: int = 4000) -> str:
    return data.get(name, "")[:limit]


def read_fields(data: QueryDict, department: models.Department) -> TableFields:
    """The editor's fields from a POST (rows as parallel lists ``level1`` … ``target``)."""
    columns = [data.getlist(name)[:MAX_ROWS] for name in ROW_FIELDS]
    count = max((len(c) for c in columns), default=0)
    rows = tuple(
        RowFields(*(c[i][:500] if i < len(c) else "" for c in columns)) for i in range(count)
    )
    year = data.get("year", "").strip()
    return TableFields(
        department=drafts.domain_department(department),
        year=int(year) if year.isdigit() and 1990 <= int(year) <= 2100 else None,
        project=_text(data, "project", 500),
        total=_text(data, "total", 50),
        fiscal=_text(data, "fiscal", 50),
        other=_text(data, "other", 50),
        purpose=_text(data, "purpose"),
        goals=_text(data, "goals"),
        rows=rows,
    )


def _department(request: HttpRequest, row: models.Project | None) -> models.Department:
    """The department of the draft: the stored one's, or the one chosen for a new table."""
    if row is not None:
        return row.department
    choices = drafts.editable_departments(request.user)
    wanted = request.POST.get("department") or request.GET.get("department") or ""
    chosen = next((d for d in choices if str(d.pk) == wanted), choices[0] if choices else None)
    if chosen is None:
        raise Refused(drafts.no_unit(request.user))
    return chosen


@require_http_methods(["GET", "POST"])
@guard.guarded
def new(request: HttpRequest) -> HttpResponse:
    """A new target table (草稿) of the user's unit."""
    department = _department(request, None)
    decision = drafts.may_create(request.user, department)
    if isinstance(decision, Denied):
        return guard.refused(request, decision)
    if request.method == "POST":
        return _save(request, department, None)
    fields = drafts.fields_for(department, date.today().year + 1)
    return _form(request, department, None, fields)


@require_http_methods(["GET", "POST"])
@guard.guarded
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft or returned table the user may edit (编辑); the lock says why otherwise."""
    row = guard.get(request, models.Project, pk, select=["department"])
    decision = permissions.allowed(request.user, Action.EDIT_DRAFT, row)
    if isinstance(decision, Denied):
        return guard.refused(request, decision)
    if request.method == "POST":
        return _save(request, row.department, row)
    return _form(request, row.department, row, fields_of(storage.target_table(row)))


def _save(
    request: HttpRequest, department: models.Department, row: models.Project | None
) -> HttpResponse:
    fields = read_fields(request.POST, department)
    built = build(fields)
    if built.errors:
        return _form(request, department, row, fields, errors=built.errors, status=422)
    base = request.POST.get("base_revision", "0")
    try:
        saved = actions.save_draft(
            built.table,
            actions.Actor(request.user, "web"),
            department=department,
            row=row,
            base_revision=int(base) if base.isdigit() else -1,
        )
    except actions.DraftConflict as conflict:
        return _form(
            request,
            department,
            row,
            fields,
            status=409,
            conflict=conflict.conflict,
            stored_revision=conflict.revision,
        )
    messages.success(request, f"已保存草稿（第 {saved.revision} 次修订）")
    return redirect("project-edit", pk=saved.pk)


def _form(
    request: HttpRequest,
    department: models.Department,
    row: models.Project | None,
    fields: TableFields,
    *,
    errors: dict[str, str] | None = None,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    built, findings = drafts.reviewed(fields, department)
    context = {
        "row": row,
        "department": department,
        "departments": drafts.editable_departments(request.user) if row is None else [],
        "fields": fields,
        "rows": _live_rows(fields, built.table, findings, department),
        "table_findings": drafts.findings_by_row(findings)[1],
        "errors": errors or {},
        "level1": levels.LEVEL1,
        "level2": _level2_choices(),
        "base_revision": row.revision if row is not None else 0,
        **selfeval.last_year(department, fields.year, fields.project),
        **extra,
    }
    return render(request, "jixiao/editor.html", context, status=status)


def _level2_choices() -> list[tuple[str, str]]:
    """二级指标 with the 一级指标 they belong to (88号 and 101号 frameworks)."""
    return [(name, parent) for name, parent in levels.PARENT.items()]


def _live_rows(
    fields: TableFields,
    table: TargetTable,
    findings: list[Any],
    department: models.Department,
) -> list[dict[str, Any]]:
    """Each form row with what the live review says about it."""
    on_rows, _ = drafts.findings_by_row(findings)
    history = drafts.history(department, fields.year, fields.project)
    by_line = {ind.source.line: ind for ind in table.indicators}
    rows = []
    for i, row in enumerate(fields.rows):
        indicator = by_line.get(i + 1)
        item: dict[str, Any] = {
            "fields": row,
            "findings": on_rows.get(i, []),
            "index": i,
            "level2_known": row.level2 in levels.PARENT,
        }
        if indicator is not None:
            item["meaning"] = meaning(indicator.target)
            last = history.find(row.level2, row.level3)
            if last is not None:
                item["last_year"] = last.note()
                item["flag"] = library.flag(indicator.target, last)
        rows.append(item)
    return rows


def _row(request: HttpRequest, pk: str) -> models.Project | None:
    """The stored draft the editor's form belongs to (``row_id``), None for a new table."""
    if not pk.isdigit() or len(pk) > 18:
        return None
    return guard.get(request, models.Project, params.check_id(int(pk)))


@require_POST
@guard.guarded
def live_review(request: HttpRequest) -> HttpResponse:
    """The live review of the form as it is now (HTMX): row meanings, flags and findings."""
    row = _row(request, request.POST.get("row_id", ""))
    department = _department(request, row)
    fields = read_fields(request.POST, department)
    built, findings = drafts.reviewed(fields, department)
    context = {
        "rows": _live_rows(fields, built.table, findings, department),
        "table_findings": drafts.findings_by_row(findings)[1],
        "errors": built.errors,
    }
    return render(request, "jixiao/editor_review.html", context)


@guard.guarded
def suggest(request: HttpRequest) -> HttpResponse:
    """三级指标 suggestions for one 二级指标 (the library), each with last year's target and
    actual of the same project or department when known."""
    level2 = request.GET.get("level2", "")[:50]
    query = request.GET.get("level3", "")[:100]
    row = _row(request, request.GET.get("row_id", ""))
    department = _department(request, row)
    year = request.GET.get("year", "")
    history = drafts.history(
        department, int(year) if year.isdigit() else None, request.GET.get("project", "")[:500]
    )
    found = library.suggest(
        level2, drafts.uses(request.user, level2), history.curation, query, own=history.names()
    )
    suggestions = [{"item": s, "last_year": history.find(level2, s.level3)} for s in found]
    return render(
        request, "jixiao/editor_suggest.html", {"suggestions": suggestions, "level2": level2}
    )
