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

from jixiao.domain import evaluating
from jixiao.domain.judgements import Judgement, check
from jixiao.domain.model import SelfEvaluation
from jixiao.domain.records import record_key
from jixiao.domain.workflow import Action, Decision, Denied, Refused, State, Subject, can
from jixiao.domain.workflow.locking import Conflict, check_save
from jixiao.web import adjustments, engines, models, permissions, storage
from jixiao.web.actions.audit import Actor, action, record
from jixiao.web.actions.editor import DraftConflict

__all__ = [
    "add_rectification",
    "judge_row",
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
            for a in evaluating.adjustments(report, document)
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
    base_revision: int | None = None,
) -> models.SelfEvaluation:
    """Save ``document`` as the new self-evaluation of ``project`` or as the next revision of the
    draft ``row``, opened at ``base_revision`` (None: not checked). Raises Refused, or
    :class:`DraftConflict` when someone saved the draft since."""
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
    revision = _check_revision(locked, base_revision, stored, mine)
    if locked.revision == 0:  # imported: kept as it was read, as revision 0
        _keep(locked)
    storage.rewrite_evaluation(locked, mine, findings=findings, stamp=stamp)
    locked.revision = revision
    locked.save(update_fields=["revision"])
    _keep(locked)
    adjustments.refresh(locked)
    record(
        actor,
        Audit.SAVE_EVALUATION,
        locked,
        old={"revision": base_revision, "total": str(stored.total), "grade": stored.grade},
        new={"version": locked.version, "revision": revision, **_summary(mine)},
    )
    return locked


def _check_revision(
    locked: models.SelfEvaluation,
    base_revision: int | None,
    stored: SelfEvaluation,
    mine: SelfEvaluation,
) -> int:
    """The revision this save makes; :class:`DraftConflict` (saying what changed) when the form
    was opened at an older revision than the stored one. ``base_revision`` None: not checked."""
    if base_revision is None:
        return locked.revision + 1
    kept = locked.revisions.filter(revision=base_revision).first()
    base = SelfEvaluation.model_validate(kept.document) if kept else None
    decision = check_save(base_revision, locked.revision, base=base, stored=stored, mine=mine)
    if isinstance(decision, Conflict):
        raise DraftConflict(decision, locked.revision)
    return decision.revision


def _keep(row: models.SelfEvaluation) -> None:
    """Keep the draft as it is now under its revision number."""
    models.EvaluationRevision.objects.create(
        evaluation=row, revision=row.revision, document=row.document
    )


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
    saved.state, saved.state_changed_at, saved.revision = str(State.DRAFT), timezone.now(), 1
    saved.save(update_fields=["state", "state_changed_at", "revision"])
    _keep(saved)
    adjustments.refresh(saved)
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


@action
def judge_row(evaluation: models.SelfEvaluation, actor: Actor, judgement: Judgement) -> None:
    """审核判断: a reviewer scores a row the rules cannot score (again: the judgement is replaced)."""
    permissions.check(actor.user, Action.JUDGE, evaluation)
    document = storage.self_evaluation(evaluation)
    why = check(engines.score(document), document, judgement)
    if why is not None:
        raise Refused(Denied(why, "reason"))
    old = evaluation.judgements.filter(row=judgement.row).first()
    judged, _ = models.RowJudgement.objects.update_or_create(
        evaluation=evaluation,
        row=judgement.row,
        defaults={
            "score": judgement.score,
            "reason": judgement.reason.strip(),
            "judged_by": actor.account,
        },
    )
    stated = document.indicators[judgement.row - 1].score
    record(
        actor,
        Audit.JUDGE_ROW,
        evaluation,
        old=_judgement(old) if old else None,
        new={**_judgement(judged), "stated": None if stated is None else str(stated)},
    )


def _judgement(judged: models.RowJudgement) -> dict[str, Any]:
    return {"row": judged.row, "score": str(judged.score), "reason": judged.reason}
