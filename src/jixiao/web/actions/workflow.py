"""流转: the workflow transitions of a stored version, reviewer comments and bulk approval.

Each transition (提交 submit, 撤回 withdraw, 报财政 forward, 退回 return, 批复 approve, 审核通过
accept, 公开 publish, 调整 adjust) is one action: it asks the domain
(:func:`jixiao.domain.workflow.transition`, through :mod:`jixiao.web.permissions`) whether the
user may take it — raising :class:`~jixiao.domain.workflow.Refused` with the Chinese reason
otherwise — changes the state and writes the audit row with the old and new state and the reason.
An adjustment leaves the version in force untouched and stores a copy as the next version (草稿).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db.models import Max
from django.utils import timezone

from jixiao.domain.workflow import Action, Denied, Refused, transition
from jixiao.web import finding_rows, models, permissions, storage, totals
from jixiao.web.actions.audit import Actor, action, record

__all__ = [
    "accept",
    "add_comment",
    "adjust",
    "approve",
    "bulk_approve",
    "comment_on_finding",
    "forward",
    "publish",
    "return_",
    "submit",
    "take",
    "withdraw",
]

Stored = models.Project | models.SelfEvaluation
Versioned = Stored | models.MonitoringReport  # what the transitions act on
Audit = models.AuditEntry.Action


def _to(row: Versioned, act: Action, actor: Actor, reason: str) -> Versioned:
    """Move ``row`` to the state ``act`` leads to, recording the old and new state."""
    who = permissions.actor(actor.user)
    if who is None:
        raise Refused(permissions.NO_ROLE)
    target = permissions.subject(row)
    assert target is not None
    new_state = transition(target, act, who, reason)
    old_state = row.state
    row.state = str(new_state)
    row.state_changed_at = timezone.now()
    row.save(update_fields=["state", "state_changed_at"])
    totals.touch(row.department_id)
    record(
        actor,
        Audit(str(act)),
        row,
        old={"state": old_state, "version": row.version},
        new={"state": row.state, "version": row.version, "reason": reason.strip()},
    )
    return row


def _transition_action(act: Action, name: str, doc: str) -> Callable[..., Versioned]:
    """The action (named ``name``, for the audit meta-test) that takes the transition ``act``."""

    def take_it(row: Versioned, actor: Actor, reason: str = "") -> Versioned:
        return _to(row, act, actor, reason)

    take_it.__name__ = take_it.__qualname__ = name
    take_it.__doc__ = doc
    return action(take_it)


submit = _transition_action(Action.SUBMIT, "submit", "提交 a draft or a returned table for review.")
withdraw = _transition_action(Action.WITHDRAW, "withdraw", "撤回 a submitted table to draft.")
forward = _transition_action(Action.FORWARD, "forward", "主管部门审核通过，报财政.")
return_ = _transition_action(Action.RETURN, "return_", "退回 to the unit, with a reason.")
approve = _transition_action(Action.APPROVE, "approve", "批复 a target table.")
accept = _transition_action(Action.ACCEPT, "accept", "审核通过 a self-evaluation.")
publish = _transition_action(Action.PUBLISH, "publish", "公开 an approved or reviewed document.")


@action
def adjust(row: Stored, actor: Actor, reason: str = "") -> Stored:
    """调整: a copy of the version in force becomes the next version (草稿, current); the version
    in force stays in force until the new one is approved. Returns the new version."""
    who = permissions.actor(actor.user)
    if who is None:
        raise Refused(permissions.NO_ROLE)
    target = permissions.subject(row)
    assert target is not None
    state = transition(target, Action.ADJUST, who, reason)
    latest = row.versions().aggregate(n=Max("version"))["n"] or row.version
    row.versions().filter(is_current=True).update(is_current=False)
    new = storage.store(
        storage.load(row),  # type: ignore[arg-type]  # a stored version is never a monitoring report
        department=row.department,
        version=latest + 1,
        batch=None,
        user=actor.account,
        findings=[finding_rows.load(f) for f in row.findings.filter(dismissed_at=None)],
        stamp=storage.Stamp(getattr(row, "grade", ""), row.review_profile, row.review_profile_hash),
    )
    new.state, new.adjusts, new.state_changed_at = str(state), row.version, timezone.now()
    new.save(update_fields=["state", "adjusts", "state_changed_at"])
    record(
        actor,
        Audit.ADJUST,
        row,
        old={"state": row.state, "version": row.version},
        new={"state": new.state, "version": new.version, "id": new.pk, "reason": reason.strip()},
    )
    return new


#: the transition actions by the domain action they take
TRANSITIONS = {
    Action.SUBMIT: submit,
    Action.WITHDRAW: withdraw,
    Action.FORWARD: forward,
    Action.RETURN: return_,
    Action.APPROVE: approve,
    Action.ACCEPT: accept,
    Action.PUBLISH: publish,
    Action.ADJUST: adjust,
}


def take(row: Versioned, name: str, actor: Actor, reason: str = "") -> Versioned:
    """Take the transition named ``name`` (``submit``, ``return`` …); Refused with the reason."""
    try:
        act = Action(name)
    except ValueError:
        raise Refused(Denied(f"没有“{name}”这一流转", "invalid")) from None
    if act not in TRANSITIONS:
        raise Refused(Denied(f"“{name}”不是流转动作", "invalid"))
    return TRANSITIONS[act](row, actor, reason)


@action
def bulk_approve(rows: Iterable[models.Project], actor: Actor) -> list[models.Project]:
    """批量批复: approve each table (each with its own audit row); all or none."""
    permissions.check(actor.user, Action.BULK_APPROVE)
    return [approve(row, actor, "批量批复") for row in rows]  # type: ignore[misc]


@action
def add_comment(
    row: Stored,
    actor: Actor,
    text: str,
    *,
    indicator_position: int | None = None,
    field: str = "",
    finding: models.Finding | None = None,
) -> models.Comment:
    """A reviewer's comment on the table, a field or an indicator row (审核意见)."""
    permissions.check(actor.user, Action.COMMENT, row)
    text = text.strip()
    if not text:
        raise Refused(Denied("请填写审核意见", "reason"))
    owner = {"project": row} if isinstance(row, models.Project) else {"evaluation": row}
    comment = models.Comment.objects.create(
        text=text[:4000],
        indicator_position=indicator_position,
        field=field[:100],
        finding=finding,
        author=actor.account,
        **owner,
    )
    record(
        actor,
        Audit.COMMENT,
        row,
        new={"comment": comment.pk, "row": indicator_position, "field": field, "text": text},
    )
    return comment


def comment_on_finding(finding: models.Finding, actor: Actor) -> models.Comment:
    """Turn a finding into a comment on its row in one click (its message and suggestion)."""
    row = finding.project or finding.evaluation
    assert row is not None
    text = "；".join(t for t in (finding.message, finding.suggestion) if t)
    return add_comment(
        row,
        actor,
        text,
        indicator_position=finding.indicator_position,
        field=finding.field if finding.indicator_position is None else "",
        finding=finding,
    )
