"""Dismissing a finding (驳回审核意见): a reviewer's judgement, with a reason, never a deletion."""

from __future__ import annotations

from django.utils import timezone

from jixiao.web import engines, finding_rows, models, totals
from jixiao.web.actions.audit import Actor, action, record

__all__ = ["dismiss_finding"]


@action
def dismiss_finding(finding: models.Finding, actor: Actor, reason: str) -> models.Finding:
    """Mark ``finding`` dismissed with ``reason``; its table's count and grade are made again
    from the findings that remain (the grade by the domain's rules)."""
    reason = reason.strip()
    if not reason:
        raise ValueError("a reason is required")
    if finding.dismissed_at is not None:
        raise ValueError("the finding is already dismissed")
    owner = finding.project or finding.evaluation
    assert owner is not None
    old_grade = getattr(owner, "grade", "")
    finding.dismissed_at = timezone.now()
    finding.dismissed_by = actor.account
    finding.dismiss_reason = reason
    finding.save(update_fields=["dismissed_at", "dismissed_by", "dismiss_reason"])
    remaining = [finding_rows.load(f) for f in owner.findings.filter(dismissed_at=None)]
    owner.findings_count = len(remaining)
    owner.save(update_fields=["findings_count"])
    totals.touch(owner.department_id)
    if isinstance(owner, models.Project):
        owner.grade = engines.stamp(remaining, owner.review_profile).grade
        owner.save(update_fields=["grade"])
    record(
        actor,
        models.AuditEntry.Action.DISMISS_FINDING,
        finding,
        old={"dismissed": False, "grade": old_grade},
        new={"dismissed": True, "reason": reason, "grade": getattr(owner, "grade", "")},
    )
    return finding
