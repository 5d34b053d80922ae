"""流转 in the browser: the state panel of a table (transitions, comments, history), 待办 and
bulk approval. Permissions come from :mod:`jixiao.web.permissions`; changes from
:mod:`jixiao.web.actions.workflow`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jixiao.domain.workflow import (
    ACTIONS,
    STATE_LABELS,
    Action,
    Denied,
    State,
    Versions,
    todo_states,
)
from jixiao.domain.workflow import Version as DomainVersion
from jixiao.domain.workflow.roles import ROLE_LABELS
from jixiao.domain.workflow.states import FAMILY_OF, DocKind
from jixiao.web import actions, engines, models, permissions, queries
from jixiao.web.actions import workflow
from jixiao.web.views import guard

Stored = models.Project | models.SelfEvaluation
Versioned = Stored | models.MonitoringReport
TRANSITIONS = list(workflow.TRANSITIONS)
HISTORY = [str(a) for a in workflow.TRANSITIONS] + ["new_record", "new_version"]
PANEL = [*TRANSITIONS, Action.COMMENT, Action.DISMISS_FINDING]
COMMENT_FIELDS = ("budget", "purpose", "goals")  # the fields of a target table one comments on


def stored_versions(row: Versioned) -> list[tuple[int, str, int | None]]:
    """Each version of ``row``'s record: its key, state and the version it adjusts, oldest first."""
    return list(row.versions().order_by("version").values_list("pk", "state", "adjusts"))


def versions_summary(row: Versioned, stored: list[tuple[int, str, int | None]]) -> str:
    """“第 1 版 已批复（在用）；第 2 版 草稿（调整中）”, from the domain's Versions (``stored``:
    :func:`stored_versions`)."""
    versions = tuple(
        DomainVersion(i + 1, State(state), adjusts=adjusts)
        for i, (_pk, state, adjusts) in enumerate(stored)
    )
    subject = permissions.subject(row)
    assert subject is not None and subject.kind is not None
    return Versions(subject.kind, subject.department, versions).summary_zh()


def history(row: Versioned, ids: list[str]) -> QuerySet[models.AuditEntry]:
    """The state history of a record (its versions ``ids``): who, when, action, from/to, reason."""
    kinds = {models.Project: "project", models.MonitoringReport: "monitoring"}
    kind = kinds.get(type(row), "evaluation")
    return models.AuditEntry.objects.filter(
        object_type=kind, object_id__in=ids, action__in=HISTORY
    ).order_by("at", "id")


def workflow_context(
    request: HttpRequest, row: Stored, rows: list[dict[str, Any]], findings: list[models.Finding]
) -> dict[str, Any]:
    """What the state panel of ``row``'s page needs; comments are put on their indicator rows.
    Who may comment is offered the model answers of the rules behind ``findings`` (phrase bank)."""
    decided = permissions.decisions(request.user, [*PANEL, Action.EDIT_DRAFT], row)
    may = {str(a): bool(decision) for a, decision in decided.items()}
    comments = list(row.comments.select_related("author"))
    for item in rows:
        item["comments"] = [
            c for c in comments if c.indicator_position == item["indicator"].position
        ]
    lock = decided[Action.EDIT_DRAFT]
    stored = stored_versions(row)
    ids = [str(pk) for pk, _state, _adjusts in stored]
    return {
        "state_label": STATE_LABELS[State(row.state)],
        "versions_summary": versions_summary(row, stored),
        "may": may,
        "transitions": [
            {"name": str(a), "label": ACTIONS[a].label, "reason": ACTIONS[a].reason_required}
            for a in TRANSITIONS
            if may[str(a)]
        ],
        "lock": lock.reason if isinstance(lock, Denied) and lock.code == "state" else "",
        "field_comments": {
            name: [c for c in comments if c.indicator_position is None and c.field == name]
            for name in COMMENT_FIELDS
        },
        "table_comments": [
            c for c in comments if c.indicator_position is None and c.field not in COMMENT_FIELDS
        ],
        "phrases": engines.phrase_bank(row.review_profile, (f.rule for f in findings))
        if may[str(Action.COMMENT)]
        else [],
        "history": [
            {"entry": e, "from": _label(e.old), "to": _label(e.new)} for e in history(row, ids)
        ],
    }


def _label(values: Any) -> str:
    state = values.get("state") if isinstance(values, dict) else None
    return STATE_LABELS[State(state)] if isinstance(state, str) and state in set(State) else ""


@require_POST
@guard.guarded
def take_transition(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """POST ``action`` (submit, return …) and ``reason``: the transition, or the refusal."""
    model: type[Stored] = models.Project if kind == "project" else models.SelfEvaluation
    row = guard.get(request, model, pk)
    name = request.POST.get("action", "")[:30]
    reason = request.POST.get("reason", "")[:2000]
    result = workflow.take(row, name, actions.Actor(request.user, "web"), reason)
    messages.success(request, f"{ACTIONS[Action(name)].label}：{STATE_LABELS[State(result.state)]}")
    return redirect(kind, pk=result.pk)


@require_POST
@guard.guarded
def comment(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """A reviewer's comment on the table or on one indicator row (``row``: its position); a model
    answer picked from the phrase bank (``answer``) comes first, the typed text after it."""
    model: type[Stored] = models.Project if kind == "project" else models.SelfEvaluation
    row = guard.get(request, model, pk)
    position = request.POST.get("row", "").strip()
    picked = (request.POST.get("answer", "")[:2000], request.POST.get("text", "")[:4000])
    workflow.add_comment(
        row,
        actions.Actor(request.user, "web"),
        "\n".join(part.strip() for part in picked if part.strip()),
        indicator_position=int(position) if position.isdigit() else None,
        field=field if (field := request.POST.get("field", "")) in COMMENT_FIELDS else "",
    )
    messages.success(request, "已添加审核意见")
    return redirect(kind, pk=pk)


@require_POST
@guard.guarded
def finding_to_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Turn a finding into a comment on its row (one click)."""
    finding = guard.get(request, models.Finding, pk, select=["project", "evaluation"])
    workflow.comment_on_finding(finding, actions.Actor(request.user, "web"))
    messages.success(request, "已将审核发现转为审核意见")
    if finding.project_id:
        return redirect("project", pk=finding.project_id)
    return redirect("evaluation", pk=finding.evaluation_id)


Waiting = (
    QuerySet[models.Project] | QuerySet[models.SelfEvaluation] | QuerySet[models.MonitoringReport]
)
_DOC_KINDS: dict[str, DocKind] = {
    "project": "target_table",
    "evaluation": "self_evaluation",
    "monitoring": "monitoring",
}


def _waiting(user: Any) -> list[tuple[str, Waiting]]:
    """The current versions in the states that wait on the user's role, within its scope."""
    who = permissions.actor(user)
    if who is None:
        return []
    found: list[tuple[str, Waiting]] = []
    monitoring = models.MonitoringReport.objects.filter(is_current=True)
    for kind, rows in (
        ("project", queries.current_projects(user)),
        ("evaluation", queries.current_evaluations(user)),
        ("monitoring", permissions.visible(user, monitoring)),
    ):
        family = FAMILY_OF[_DOC_KINDS[kind]]
        states = [str(s) for s in todo_states(who.role, family)]
        found.append((kind, rows.filter(state__in=states).order_by("state_changed_at", "id")))
    return found


def todo_count(user: Any) -> int:
    """How many documents wait on ``user`` (for the navigation)."""
    return sum(rows.count() for _kind, rows in _waiting(user))


def todo_items(user: Any) -> list[dict[str, Any]]:
    """待办 of ``user``: each waiting document with its state and age in days."""
    now = timezone.now()
    return [
        {
            "row": row,
            "kind": kind,
            "state": STATE_LABELS[State(row.state)],
            "age": (now - (row.state_changed_at or row.created_at)).days,
            "clean": kind == "project"
            and row.state == State.FINANCE_REVIEW
            and row.findings_count == 0,
        }
        for kind, rows in _waiting(user)
        for row in rows
    ]


def todo(request: HttpRequest) -> HttpResponse:
    """The home page: 待办 — drafts and returned tables, tables to review with their age."""
    who = permissions.actor(request.user)
    items = todo_items(request.user)
    context = {
        "items": items,
        "role": ROLE_LABELS[who.role] if who else "",
        "no_role": who is None,
        "bulk": bool(permissions.allowed(request.user, Action.BULK_APPROVE))
        and any(i["clean"] for i in items),
    }
    return render(request, "jixiao/todo.html", context)


@require_POST
@guard.guarded
def bulk_approve(request: HttpRequest) -> HttpResponse:
    """批量批复 of the checked clean tables (finance reviewers); each approval is audited."""
    permissions.check(request.user, Action.BULK_APPROVE)
    ids = [int(i) for i in request.POST.getlist("project")[:500] if i.isdigit()]
    rows = list(
        queries.current_projects(request.user).filter(
            Q(pk__in=ids), state=State.FINANCE_REVIEW, findings_count=0
        )
    )
    if not rows:
        messages.error(request, "请选择待批复且无审核发现的绩效目标表")
        return redirect("todo")
    workflow.bulk_approve(rows, actions.Actor(request.user, "web"))
    messages.success(request, f"已批复 {len(rows)} 张绩效目标表")
    return redirect("todo")
