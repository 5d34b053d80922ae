"""Workflow transitions over the API, on a target table's or a self-evaluation's version."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from jixiao.domain.workflow import Refused
from jixiao.web import actions, models
from jixiao.web.api.common import REFUSALS, refusal, visible

router = Router()


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


@router.post("/projects/{project_id}/transitions", response={200: TransitionOut, **REFUSALS})
def transitions(request: HttpRequest, project_id: int, body: TransitionIn) -> Any:
    """Take a workflow transition on a target table's version (the pages' permissions)."""
    return _transition(request, visible(request, models.Project, project_id), body)


@router.post(
    "/self-evaluations/{evaluation_id}/transitions",
    response={200: TransitionOut, **REFUSALS},
)
def evaluation_transitions(request: HttpRequest, evaluation_id: int, body: TransitionIn) -> Any:
    """Take a workflow transition on a self-evaluation's version (submit, accept, return …)."""
    return _transition(request, visible(request, models.SelfEvaluation, evaluation_id), body)


def _transition(
    request: HttpRequest, stored: models.Project | models.SelfEvaluation, body: TransitionIn
) -> Any:
    try:
        return actions.workflow.take(
            stored, body.action[:30], actions.Actor(request.user, "api"), body.reason[:2000]
        )
    except Refused as refused:
        return refusal(refused.denied)
