"""在线自评 in the browser: the self-evaluation form, its live scoring, 整改 and 人工调整.

- ``/projects/<id>/self-evaluation/`` (GET/POST): the 自评表 of an approved project after its year,
  prefilled from the approved version; POST saves it (:func:`jixiao.web.actions.save_self_evaluation`).
- ``/self-evaluations/<id>/fill/`` (GET/POST): a draft or returned self-evaluation, the same form.
- ``/self-evaluations/live/`` (HTMX, debounced): every row's score with the rule's explanation,
  the budget score, total, grade, the adjustments and the conclusion's checked counts.
- ``/self-evaluations/conclusion/`` (HTMX): the 自评结论 drafted from the numbers.
- ``/self-evaluations/<id>/rectifications/`` (POST): a reviewer records a 整改 item;
  ``/rectifications/<id>/status/`` (POST) marks it done or open again.
- ``/self-evaluations/adjustments/``: 人工调整 per department (claimed vs computed), for reviewers.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from jixiao.domain import evaluating, judgements
from jixiao.domain.evaluating import EvaluationFields, RowInput
from jixiao.domain.model import SelfEvaluation
from jixiao.domain.records import normalise_name, yearless
from jixiao.domain.scoring import Profile
from jixiao.domain.workflow import IN_FORCE, Action, Denied, Refused, State
from jixiao.web import actions, engines, models, params, permissions, queries, scored, storage
from jixiao.web import adjustments as adjustments_kept
from jixiao.web.actions import selfeval as selfeval_actions
from jixiao.web.scored import Scored
from jixiao.web.views import guard

MAX_ROWS = 300
ROW_FIELDS = ("actual", "deviation", "score", "reason")
CONCLUSION_CODES = ("COUNT", "CLAIM_TOTAL", "CLAIM_RATE", "CLAIM_BUDGET", "CLAIM_BUDGET_PARTS")


def read_fields(data: QueryDict) -> EvaluationFields:
    """The form's fields from a POST (rows as parallel lists ``actual`` … ``reason``)."""
    columns = [data.getlist(name)[:MAX_ROWS] for name in ROW_FIELDS]
    count = max((len(c) for c in columns), default=0)
    rows = tuple(
        RowInput(*(c[i][:2000] if i < len(c) else "" for c in columns)) for i in range(count)
    )
    return EvaluationFields(
        annual=data.get("annual", "")[:50],
        executed=data.get("executed", "")[:50],
        budget_deviation=data.get("budget_deviation", "")[:4000],
        goals=tuple(g[:4000] for g in data.getlist("goal_actual")[:MAX_ROWS]),
        rows=rows,
        conclusion=data.get("conclusion", "")[:8000],
    )


def _profile(base: SelfEvaluation) -> Profile:
    return engines.scoring_profile(base.scope)


def check_startable(request: HttpRequest, project: models.Project) -> None:
    """Refused unless ``project`` may get its self-evaluation now, by this user."""
    decision = selfeval_actions.may_write(request.user, project)
    if isinstance(decision, Denied):
        raise Refused(decision)
    why = evaluating.why_not_yet(State(project.state) in IN_FORCE, project.year, date.today())
    if why is not None:
        raise Refused(Denied(why, "state"))
    if evaluation_of(project) is not None:
        raise Refused(Denied("该项目本年度已有自评表，请打开已有的自评表", "state"))


def skeleton_of(project: models.Project) -> SelfEvaluation:
    """The 自评表 of an approved target table (项目支出 or 整体支出), weighted by its profile."""
    table = storage.target_table(project)
    return evaluating.skeleton(table, engines.scoring_profile(table.scope))


def evaluation_of(project: models.Project) -> models.SelfEvaluation | None:
    """The current self-evaluation of ``project``'s record (same department, year, scope, key:
    a department's 整体支出 self-evaluation names no project, its key is '')."""
    scope = project.document.get("scope", "project")
    return models.SelfEvaluation.objects.filter(
        department_id=project.department_id,
        year=project.year,
        scope=scope,
        key=project.key if scope == "project" else "",
        is_current=True,
    ).first()


@require_http_methods(["GET", "POST"])
@guard.guarded
def start(request: HttpRequest, pk: int) -> HttpResponse:
    """The 自评表 of an approved project, prefilled from the approved version."""
    project = guard.get(request, models.Project, pk, select=["department"])
    check_startable(request, project)
    base = skeleton_of(project)
    if request.method == "POST":
        return _save(request, base, project=project)
    return _form(request, base, evaluating.fields_of(base, _profile(base)), project=project)


@require_http_methods(["GET", "POST"])
@guard.guarded
def fill(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft or returned self-evaluation in the same form (编辑)."""
    row = guard.get(request, models.SelfEvaluation, pk, select=["department"])
    permissions.check(request.user, Action.EDIT_DRAFT, row)
    base = storage.self_evaluation(row)
    if request.method == "POST":
        return _save(request, base, row=row)
    return _form(request, base, evaluating.fields_of(base, _profile(base)), row=row)


def _save(request: HttpRequest, base: SelfEvaluation, **owner: Any) -> HttpResponse:
    fields = read_fields(request.POST)
    built = evaluating.build(base, fields, _profile(base))
    if built.errors:
        return _form(request, base, fields, built=built, status=422, **owner)
    opened = request.POST.get("base_revision", "")
    try:
        saved = actions.save_self_evaluation(
            built.document,
            actions.Actor(request.user, "web"),
            base_revision=int(opened) if opened.isdigit() and len(opened) <= 9 else None,
            **owner,
        )
    except actions.DraftConflict as conflict:
        return _form(request, base, fields, built=built, status=409, conflict=conflict, **owner)
    messages.success(request, "已保存自评表（草稿）")
    return redirect("evaluation-fill", pk=saved.pk)


def live_context(built: evaluating.Built) -> dict[str, Any]:
    """What the live panel shows: rows with their rule scores, totals, adjustments, checks."""
    report, doc = built.report, built.document
    found = evaluating.adjustments(report, doc)
    return {
        "built": built,
        "report": report,
        "scored": [
            {"index": i, "row": row, "scored": scored, "error": built.errors.get(f"reason-{i}")}
            for i, (row, scored) in enumerate(zip(doc.indicators, report.rows, strict=True))
        ],
        "adjustments": found,
        "adjustment_summary": evaluating.summary(found),
        "conclusion_checks": [d for d in report.differences if d.code in CONCLUSION_CODES],
        "errors": built.errors,
    }


def _form(
    request: HttpRequest,
    base: SelfEvaluation,
    fields: EvaluationFields,
    *,
    built: evaluating.Built | None = None,
    status: int = 200,
    project: models.Project | None = None,
    row: models.SelfEvaluation | None = None,
    conflict: actions.DraftConflict | None = None,
) -> HttpResponse:
    built = built or evaluating.build(base, fields, _profile(base))
    context = {
        "conflict": conflict.conflict if conflict else None,
        # a conflicting save is shown as typed, ready to be saved over the stored revision
        "base_revision": conflict.revision if conflict else (row.revision if row else 0),
        "base": base,
        "fields": fields,
        "inputs": [
            {"row": r, "input": fields.rows[i] if i < len(fields.rows) else RowInput(), "index": i}
            for i, r in enumerate(base.indicators)
        ],
        "goal_inputs": [
            (g, fields.goals[i] if i < len(fields.goals) else "") for i, g in enumerate(base.goals)
        ],
        "project": project,
        "row": row,
        "show_errors": status == 422,
        **live_context(built),
    }
    return render(request, "jixiao/selfeval.html", context, status=status)


def _base(request: HttpRequest) -> SelfEvaluation:
    """The self-evaluation a live request is about: a project's skeleton or a stored draft."""
    project_id, evaluation_id = request.POST.get("project_id", ""), request.POST.get("row_id", "")
    if evaluation_id.isdigit() and len(evaluation_id) <= 18:
        row = guard.get(request, models.SelfEvaluation, params.check_id(int(evaluation_id)))
        permissions.check(request.user, Action.EDIT_DRAFT, row)
        return storage.self_evaluation(row)
    if project_id.isdigit() and len(project_id) <= 18:
        project = guard.get(request, models.Project, params.check_id(int(project_id)))
        check_startable(request, project)
        return skeleton_of(project)
    raise Refused(Denied("请求缺少自评表", "invalid"))


@require_POST
@guard.guarded
def live(request: HttpRequest) -> HttpResponse:
    """The scoring of the form as it is now (HTMX)."""
    base = _base(request)
    built = evaluating.build(base, read_fields(request.POST), _profile(base))
    return render(request, "jixiao/selfeval_live.html", live_context(built))


@require_POST
@guard.guarded
def conclusion(request: HttpRequest) -> HttpResponse:
    """The 自评结论 drafted from the numbers of the form as it is now (HTMX)."""
    base = _base(request)
    built = evaluating.build(base, read_fields(request.POST), _profile(base))
    text = evaluating.draft_conclusion(built.document, built.report)
    return render(request, "jixiao/_selfeval_conclusion.html", {"conclusion": text})


@require_POST
@guard.guarded
def rectify(request: HttpRequest, pk: int) -> HttpResponse:
    """记录整改 on a self-evaluation (reviewers)."""
    row = guard.get(request, models.SelfEvaluation, pk)
    due = request.POST.get("due", "")
    try:
        when = date.fromisoformat(due)
    except ValueError:
        raise Refused(Denied(f"整改期限“{due[:20]}”不是日期（YYYY-MM-DD）", "reason")) from None
    actions.add_rectification(
        row,
        actions.Actor(request.user, "web"),
        what=request.POST.get("what", "")[:4000],
        who=request.POST.get("who", "")[:200],
        due=when,
    )
    messages.success(request, "已记录整改事项")
    return redirect("evaluation", pk=row.pk)


@require_POST
@guard.guarded
def rectification_status(request: HttpRequest, pk: int) -> HttpResponse:
    """整改完成 / 重新打开 a rectification item."""
    item = models.Rectification.objects.filter(pk=pk).first()
    if item is None:
        raise Http404("未找到该整改事项")
    item.evaluation = guard.get(request, models.SelfEvaluation, item.evaluation_id)
    status = request.POST.get("status", "")[:10]
    actions.set_rectification_status(item, actions.Actor(request.user, "web"), status)
    return redirect("evaluation", pk=item.evaluation_id)


def start_link(request: HttpRequest, project: models.Project) -> dict[str, Any]:
    """The project page's way to its self-evaluation: open it, or start it when allowed now."""
    found = evaluation_of(project)
    if found is not None and permissions.allowed(request.user, Action.VIEW, found):
        return {"evaluation_of": found}
    try:
        check_startable(request, project)
    except Refused:
        return {}
    return {"may_evaluate": True}


def panel(
    request: HttpRequest, stored: models.SelfEvaluation, kept: Scored, rows: list[dict[str, Any]]
) -> dict[str, Any]:
    """What the self-evaluation page adds: 人工调整 beside the computed values, 审核判断 on the
    ``rows`` the rules cannot score (each row gets its ``judging``), 整改 items (``kept``: the
    stored version's scores and adjustments, :mod:`jixiao.web.scored`)."""
    report, found = kept.report, list(kept.adjustments)
    judged = {j.row: j for j in stored.judgements.all()}
    for index in judgements.judgeable(report):
        rows[index - 1]["judging"] = {"row": index, "judgement": judged.get(index)}
    reviewed = judgements.reviewed_totals(
        report,
        [judgements.Judgement(j.row, Decimal(j.score or 0), j.reason) for j in judged.values()],
        engines.scoring_profile(kept.scope),
    )
    return {
        "adjustments": found,
        "adjustment_summary": evaluating.summary(found) if found else "",
        "reviewed": reviewed if judged else None,
        "may_judge": bool(permissions.allowed(request.user, Action.JUDGE, stored)),
        "rectifications": list(stored.rectifications.all()),
        "may_rectify": bool(permissions.allowed(request.user, Action.RECTIFY, stored)),
        "may_fill": bool(permissions.allowed(request.user, Action.EDIT_DRAFT, stored)),
        "today": date.today(),
    }


@require_POST
@guard.guarded
def judge(request: HttpRequest, pk: int) -> HttpResponse:
    """审核判断: a reviewer scores a row the rules cannot score, with the basis."""
    row = guard.get(request, models.SelfEvaluation, pk)
    permissions.check(request.user, Action.JUDGE, row)  # before reading the form
    number, text = request.POST.get("row", ""), request.POST.get("score", "").strip()[:20]
    try:
        score = Decimal(text)
    except InvalidOperation:
        raise Refused(Denied(f"得分“{text}”不是数字", "reason")) from None
    if not number.isdigit() or len(number) > 6:
        raise Refused(Denied("请求缺少行号", "invalid"))
    judgement = judgements.Judgement(int(number), score, request.POST.get("reason", "")[:4000])
    actions.judge_row(row, actions.Actor(request.user, "web"), judgement)
    messages.success(request, f"已记录第{judgement.row}行的审核判断")
    return redirect("evaluation", pk=row.pk)


def last_year(department: models.Department, year: int | None, name: str) -> dict[str, Any]:
    """Last year's self-evaluation of the same project (its record key without the year) and
    its open 整改 items, for next year's target editor."""
    if year is None or not name.strip():
        return {}
    wanted = yearless(normalise_name(name))
    candidates = models.SelfEvaluation.objects.filter(
        department=department, year=year - 1, scope="project", is_current=True
    )
    found = next((e for e in candidates if yearless(e.key) == wanted), None)
    if found is None:
        return {}
    return {
        "last_evaluation": found,
        "last_score": scored.scored(found).report.totals,
        "open_rectifications": list(found.rectifications.filter(status="open")),
    }


@guard.guarded
def adjustments(request: HttpRequest) -> HttpResponse:
    """人工调整 per department: rows whose stated score is not the rule's, with the reasons."""
    permissions.check(request.user, Action.VIEW_AUDIT)
    per_department: dict[Any, list[tuple[models.SelfEvaluation, evaluating.Adjustment]]]
    per_department = defaultdict(list)
    for stored in queries.current_evaluations(request.user).select_related("department"):
        for item in adjustments_kept.of(stored):
            per_department[stored.department].append((stored, item))
    summaries = [
        {
            "department": department,
            "summary": evaluating.summary([item for _, item in found]),
            "rows": found,
        }
        for department, found in per_department.items()
    ]
    return render(request, "jixiao/adjustments.html", {"summaries": summaries})
