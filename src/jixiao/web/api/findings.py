"""Findings over the API: a reviewer dismisses one with a reason."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from jixiao.domain.workflow import Action, Denied
from jixiao.web import actions, models, permissions
from jixiao.web.api.common import REFUSALS, FindingOut, refusal, visible

router = Router()


class Dismissal(Schema):
    reason: str


@router.post(
    "/findings/{finding_id}/dismiss",
    response={200: FindingOut, **REFUSALS},
)
def dismiss_finding(request: HttpRequest, finding_id: int, body: Dismissal) -> Any:
    """A reviewer dismisses a finding with a reason (recorded in the audit log)."""
    finding = visible(request, models.Finding, finding_id)
    decision = permissions.allowed(request.user, Action.DISMISS_FINDING, finding)
    if isinstance(decision, Denied):
        return refusal(decision)
    if not body.reason.strip() or finding.dismissed_at is not None:
        return Status(
            422, {"detail": "请填写驳回理由（已驳回的意见不能再次驳回）", "code": "reason"}
        )
    return actions.dismiss_finding(finding, actions.Actor(request.user, "api"), body.reason[:2000])
