"""在线自评 and 整改: save a self-evaluation filled in online, record rectification items.

:func:`save_self_evaluation` stores the 自评表 of an approved project as version 1 of its
self-evaluation record (草稿; same department, year and key as the project: the record key links
them), or replaces the content of a draft or returned one in place. It then goes through the
ordinary 提交 → 审核通过 transitions (:mod:`jixiao.web.actions.workflow`). Reviewers record 整改
items (:func:`add_rectification`) and mark them done (:func:`set_rectification_status`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from jixiao.domain.evaluating import adjustments
from jixiao.domain.model import SelfEvaluation
from jixiao.domain.records import record_key
from jixiao.domain.workflow import Action, Decision, Denied, Refused, State, Subject, can
from jixiao.web import engines, models, permissions, storage
from jixiao.web.actions.audit import Actor, action, record

__all__ = [
    "add_rectification",
    "may_write",
    "save_self_evaluation",
    "set_rectification_status",
]

Audit = models.AuditEntry.Action


def _summary(document: SelfEvaluation) -> dict[str, Any]:
    """What the audit row keeps of a saved self-evaluation: totals and every 人工调整."""
    report = engines.score(document)
    return {
        "total": str(document.total),
        "grade": document.grade,
        "recomputed_total": str(report.totals.recomputed_total),
        "adjustments": [
            {
                "row": a.index,
                "computed": None if a.computed is None else str(a.computed),
                "claimed": None if a.claimed is None else str(a.claimed),
                "reason": a.reason,
            }
            for a in adjustments(report, document)
        ],
    }


def may_write(user: Any, project: models.Project) -> Decision:
    """Whether ``user`` may write a new self-evaluation (草稿) in ``project``'s department."""
    who = permissions.actor(user)
    if who is None:
        return permissions.NO_ROLE
    path = permissions.department_path(project.department_id)
    return can(who, Action.EDIT_DRAFT, Subject(path, "self_evaluation", State.DRAFT))


def _stamp(document: SelfEvaluation) -> tuple[list[engines.Finding], storage.Stamp]:
    profile = engines.review_profile([document])
    findings = engines.review_per_document([document], profile)[0]
    return findings, engines.stamp(findings, profile)


@action
def save_self_evaluation(
    document: SelfEvaluation,
    actor: Actor,
    *,
    project: models.Project | None = None,
    row: models.SelfEvaluation | None = None,
) -> models.SelfEvaluation:
    """Save ``document`` as the new self-evaluation of ``project`` or as the draft ``row``."""
    findings, stamp = _stamp(document)
    if row is None:
        assert project is not None
        saved = _create(document, actor, project, findings, stamp)
        record(actor, Audit.SAVE_EVALUATION, saved, new={"version": 1, **_summary(document)})
        return saved
    permissions.check(actor.user, Action.EDIT_DRAFT, row)
    locked = models.SelfEvaluation.objects.select_for_update().get(pk=row.pk)
    stored = storage.self_evaluation(locked)
    mine = document.model_copy(update={"department": stored.department, "id": stored.id})
    storage.rewrite_evaluation(locked, mine, findings=findings, stamp=stamp)
    record(
        actor,
        Audit.SAVE_EVALUATION,
        locked,
        old={"total": str(stored.total), "grade": stored.grade},
        new={"version": locked.version, **_summary(mine)},
    )
    return locked


def _create(
    document: SelfEvaluation,
    actor: Actor,
    project: models.Project,
    findings: list[engines.Finding],
    stamp: storage.Stamp,
) -> models.SelfEvaluation:
    decision = may_write(actor.user, project)
    if isinstance(decision, Denied):
        raise Refused(decision)
    key = record_key(document)
    if models.SelfEvaluation.objects.filter(
        department=project.department, year=key.year, scope=key.scope, key=key.name
    ).exists():
        raise Refused(Denied("该项目本年度已有自评表，请打开已有的自评表修改", "state"))
    saved = storage.store(
        document,
        department=project.department,
        version=1,
        batch=None,
        user=actor.account,
        findings=findings,
        stamp=stamp,
    )
    assert isinstance(saved, models.SelfEvaluation)
    saved.state, saved.state_changed_at = str(State.DRAFT), timezone.now()
    saved.save(update_fields=["state", "state_changed_at"])
    return saved


@action
def add_rectification(
    evaluation: models.SelfEvaluation, actor: Actor, *, what: str, who: str, due: date
) -> models.Rectification:
    """记录整改: a reviewer asks for ``what`` to be rectified by ``who`` before ``due``."""
    permissions.check(actor.user, Action.RECTIFY, evaluation)
    if not what.strip() or not who.strip():
        raise Refused(Denied("请填写整改内容和责任人", "reason"))
    item = models.Rectification.objects.create(
        evaluation=evaluation,
        what=what.strip(),
        who=who.strip(),
        due=due,
        created_by=actor.account,
    )
    record(
        actor,
        Audit.ADD_RECTIFICATION,
        evaluation,
        new={"id": item.pk, "what": item.what, "who": item.who, "due": due.isoformat()},
    )
    return item


@action
def set_rectification_status(
    item: models.Rectification, actor: Actor, status: str
) -> models.Rectification:
    """整改完成 (or reopened): the status of a rectification item."""
    permissions.check(actor.user, Action.RECTIFY, item.evaluation)
    if status not in models.Rectification.Status.values:
        raise Refused(Denied(f"没有“{status}”这一整改状态", "invalid"))
    old, item.status = item.status, status
    item.save(update_fields=["status"])
    record(
        actor,
        Audit.UPDATE_RECTIFICATION,
        item.evaluation,
        old={"id": item.pk, "status": old},
        new={"id": item.pk, "status": status},
    )
    return item
