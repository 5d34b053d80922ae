"""Self-evaluations (自评) over the API: one version with its scoring, and 在线自评.

``GET /self-evaluations/{id}`` answers a stored self-evaluation with its findings and the
recomputed scores (kept per version and scoring profile: :mod:`jixiao.web.scored`). ``GET/PUT /projects/{id}/self-evaluation``: GET answers the project's current
self-evaluation with its scoring, 人工调整 and 整改 items, or, before there is one, the 自评表
prefilled from the approved table (``id`` null). PUT takes what the form takes (全年执行数, each
row's 实际完成值 …) and saves it through :func:`jixiao.web.actions.save_self_evaluation`: 201 for
a new self-evaluation, 200 for the next content of a draft, 422 with the reasons (a stated score
without 调整理由 …). Their transitions are in :mod:`jixiao.web.api.transitions`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from jixiao.domain import evaluating
from jixiao.domain.model import SelfEvaluation
from jixiao.domain.scoring import ScoreReport
from jixiao.domain.workflow import Action, Denied, Refused
from jixiao.web import actions, engines, models, permissions, scored, storage
from jixiao.web.api.common import FindingOut, refusal, visible
from jixiao.web.api.drafts import DRAFT_ANSWERS, conflicted
from jixiao.web.views import selfeval

router = Router()


class EvaluationDetail(Schema):
    id: int
    document: SelfEvaluation
    findings: list[FindingOut]
    scores: ScoreReport  # the recomputation (jixiao.domain.scoring)


@router.get("/self-evaluations/{evaluation_id}", response=EvaluationDetail, url_name="evaluation")
def evaluation(request: HttpRequest, evaluation_id: int) -> Any:
    stored = visible(request, models.SelfEvaluation, evaluation_id)
    return {
        "id": stored.pk,
        "document": storage.self_evaluation(stored),
        "findings": list(stored.findings.all()),
        "scores": scored.scored(stored).report,  # kept per version and profile
    }


class AdjustmentOut(Schema):
    row: int
    computed: Decimal | None  # null: the rules cannot score the row (a judgement)
    claimed: Decimal | None
    reason: str


class RectificationOut(Schema):
    id: int
    what: str
    who: str
    due: date
    status: str


class SelfEvaluationOut(Schema):
    id: int | None  # null: not started yet (the document is the prefilled 自评表)
    state: str | None
    revision: int | None  # 修订号 of the draft (send it back as ``base_revision``)
    document: SelfEvaluation
    scores: ScoreReport
    adjustments: list[AdjustmentOut]
    rectifications: list[RectificationOut]


class EvaluationRowIn(Schema):
    actual: str = Field("", max_length=2000)
    deviation: str = Field("", max_length=2000)
    score: str = Field("", max_length=20)  # blank: the rules' score
    reason: str = Field("", max_length=2000)  # 调整理由, required when ``score`` is not the rules'


class SelfEvaluationIn(Schema):
    annual: str = Field("", max_length=50)  # 全年预算数 (万元)
    executed: str = Field("", max_length=50)  # 全年执行数 (万元)
    budget_deviation: str = Field("", max_length=4000)
    goals: list[str] = Field([], max_length=100)  # 实际完成情况 of each goal
    rows: list[EvaluationRowIn] = Field([], max_length=300)
    conclusion: str = Field("", max_length=8000)
    #: the revision the client read (409 when someone saved the draft since); null: not checked
    base_revision: int | None = Field(None, ge=0, le=1_000_000_000)


def _out(document: SelfEvaluation, stored: models.SelfEvaluation | None) -> dict[str, Any]:
    report = engines.score(document)
    return {
        "id": stored.pk if stored else None,
        "state": stored.state if stored else None,
        "revision": stored.revision if stored else None,
        "document": document,
        "scores": report,
        "adjustments": [
            {"row": a.index, "computed": a.computed, "claimed": a.claimed, "reason": a.reason}
            for a in evaluating.adjustments(report, document)
        ],
        "rectifications": list(stored.rectifications.all()) if stored else [],
    }


def _current(request: HttpRequest, project: models.Project) -> models.SelfEvaluation | None:
    found = selfeval.evaluation_of(project)
    if found is None or not permissions.allowed(request.user, Action.VIEW, found):
        return None
    return found


@router.get(
    "/projects/{project_id}/self-evaluation",
    response=SelfEvaluationOut,
    url_name="project_self_evaluation",
    operation_id="jixiao_web_api_selfeval_project_self_evaluation",  # its id from before the split
)
def project_self_evaluation(request: HttpRequest, project_id: int) -> Any:
    """The project's self-evaluation with its scoring, or the prefilled 自评表 before there is one."""
    project = visible(request, models.Project, project_id)
    stored = _current(request, project)
    if stored is not None:
        return _out(storage.self_evaluation(stored), stored)
    return _out(selfeval.skeleton_of(project), None)


@router.put(
    "/projects/{project_id}/self-evaluation",
    response={200: SelfEvaluationOut, 201: SelfEvaluationOut, **DRAFT_ANSWERS},
    url_name="save_project_self_evaluation",
    operation_id="jixiao_web_api_selfeval_save_project_self_evaluation",
)
def save_project_self_evaluation(
    request: HttpRequest, project_id: int, body: SelfEvaluationIn
) -> Any:
    """Fill in the project's self-evaluation (a new one, or the next content of its draft)."""
    project = visible(request, models.Project, project_id)
    stored = _current(request, project)
    try:
        if stored is None:
            selfeval.check_startable(request, project)
            base = selfeval.skeleton_of(project)
        else:
            permissions.check(request.user, Action.EDIT_DRAFT, stored)
            base = storage.self_evaluation(stored)
    except Refused as refused:
        return refusal(refused.denied)
    fields = evaluating.EvaluationFields(
        annual=body.annual,
        executed=body.executed,
        budget_deviation=body.budget_deviation,
        goals=tuple(body.goals),
        rows=tuple(evaluating.RowInput(**row.dict()) for row in body.rows),
        conclusion=body.conclusion,
    )
    built = evaluating.build(base, fields, engines.scoring_profile(base.scope))
    if built.errors:
        return refusal(Denied("；".join(built.errors.values()), "reason"))
    owner: dict[str, Any] = {"row": stored} if stored else {"project": project}
    try:
        saved = actions.save_self_evaluation(
            built.document,
            actions.Actor(request.user, "api"),
            base_revision=body.base_revision,
            **owner,
        )
    except actions.DraftConflict as conflict:
        return conflicted(conflict)
    return Status(201 if stored is None else 200, _out(built.document, saved))
