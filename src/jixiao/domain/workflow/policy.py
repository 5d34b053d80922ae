"""权限判断: ``can(actor, action, subject) -> Allowed | Denied`` and ``transition`` (pure).

Every answer comes from :mod:`jixiao.domain.workflow.table`. A refusal says why in Chinese, for
the page (“已批复，如需修改请发起调整”), with a code that tells an adapter how to answer:

========= ================================================================ ======
code      meaning                                                          HTTP
========= ================================================================ ======
login     the public may not do this: sign in first                        401
hidden    the actor may not see the document (another department, a draft  404
          for the public): answer as if it did not exist, so nothing leaks
role      the role never takes this action                                 403
state     not in this state (locked, already submitted, superseded …)      409
reason    the action requires a reason and none was given                  422
invalid   the action does not exist for this kind of document              400
========= ================================================================ ======

The checks run in that order, so a refusal never tells more than the actor may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from jixiao.domain.workflow.roles import Actor, DepartmentPath, Role
from jixiao.domain.workflow.states import (
    FAMILY_OF,
    KIND_LABELS,
    STATE_LABELS,
    STATES,
    WAITING_ON,
    DocKind,
    Family,
    State,
)
from jixiao.domain.workflow.table import ACTIONS, Action, grants

DenialCode = Literal["login", "hidden", "role", "state", "reason", "invalid"]
HTTP_STATUS: dict[DenialCode, int] = {
    "login": 401,
    "hidden": 404,
    "role": 403,
    "state": 409,
    "reason": 422,
    "invalid": 400,
}
NOT_FOUND = "未找到该文档，或您无权查看"


@dataclass(frozen=True)
class Subject:
    """What an action is taken on: a document version (kind + state), or only a department.

    ``superseded``: a newer version replaced this one (history, read-only). ``adjusting``: this
    is the version in force and an adjustment of it is under way. Build both with
    :func:`jixiao.domain.workflow.versions.subject` rather than by hand.
    """

    department: DepartmentPath
    kind: DocKind | None = None
    state: State | None = None
    superseded: bool = False
    adjusting: bool = False

    def __post_init__(self) -> None:
        if (self.kind is None) != (self.state is None):
            raise ValueError("a document subject has both a kind and a state")
        if self.kind is not None and self.state not in STATES[FAMILY_OF[self.kind]]:
            raise ValueError(f"a {self.kind} is never {self.state}")


@dataclass(frozen=True)
class Allowed:
    """允许."""

    def __bool__(self) -> bool:
        return True


@dataclass(frozen=True)
class Denied:
    """拒绝, with the reason to show (Chinese) and a :data:`DenialCode`."""

    reason: str
    code: DenialCode

    def __bool__(self) -> bool:
        return False

    @property
    def http_status(self) -> int:
        return HTTP_STATUS[self.code]


ALLOWED = Allowed()
Decision = Allowed | Denied


class Refused(Exception):
    """A transition that may not happen; ``denied`` says why."""

    def __init__(self, denied: Denied) -> None:
        super().__init__(denied.reason)
        self.denied = denied


def can(actor: Actor, action: Action, subject: Subject | None = None) -> Decision:
    """Whether ``actor`` may take ``action`` on ``subject`` (None for the system-wide actions)."""
    info = ACTIONS[action]
    if not grants(action, actor.role):
        if actor.role is Role.PUBLIC:
            return Denied("请先登录", "login")
        return Denied(f"您的角色无权{info.label}", "role")
    if info.subject == "system":
        return ALLOWED
    if subject is None:
        raise ValueError(f"{action} is taken on a {info.subject}: give the subject")
    if not actor.reaches(subject.department):
        return Denied(NOT_FOUND, "hidden")
    if info.subject == "department":
        return ALLOWED
    if subject.kind is None or subject.state is None:
        raise ValueError(f"{action} is taken on a document: give its kind and state")
    return _on_document(actor, action, subject.kind, subject.state, subject)


def _on_document(
    actor: Actor, action: Action, kind: DocKind, state: State, subject: Subject
) -> Decision:
    family = FAMILY_OF[kind]
    if not _allows(actor.role, Action.VIEW, family, state):
        return Denied(NOT_FOUND, "hidden")
    label = ACTIONS[action].label
    if not grants(action, family=family):
        return Denied(f"{KIND_LABELS[kind]}没有“{label}”这一步", "invalid")
    if not grants(action, actor.role, family):
        return Denied(f"您的角色无权{label}", "role")
    if subject.superseded and not ACTIONS[action].reads:
        return Denied("此版本已被新版本取代，仅供查阅", "state")
    if not _allows(actor.role, action, family, state):
        return Denied(_why_not(action, family, state), "state")
    if action is Action.ADJUST and subject.adjusting:
        return Denied("已有调整中的新版本，请在新版本上修改", "state")
    return ALLOWED


def _allows(role: Role, action: Action, family: Family, state: State) -> bool:
    return any(state in g.states for g in grants(action, role, family))


_EDITING = (Action.EDIT_DRAFT, Action.SUBMIT, Action.WITHDRAW)


def _why_not(action: Action, family: Family, state: State) -> str:
    """Why ``action`` cannot be taken in ``state``: a lock message for the editor's actions."""
    label = STATE_LABELS[state]
    if action in _EDITING:
        if state in (State.APPROVED, State.PUBLISHED) and family == "target":
            return f"{label}，如需修改请发起调整"
        if state in (State.REVIEWED, State.PUBLISHED):
            return f"{label}，不能再修改"
        if state is State.SUBMITTED:
            return "已提交审核，如需修改请先撤回"
        if state is State.FINANCE_REVIEW:
            return "正在财政审核，如需修改请联系审核人退回"
    if action is Action.ADJUST and state in (State.DRAFT, State.RETURNED):
        return "尚未批复，请直接修改，无需调整"
    waiting = f"（{WAITING_ON[state]}）" if state is not State.PUBLISHED else ""
    return f"当前状态为“{label}”{waiting}，不能{ACTIONS[action].label}"


def transition(subject: Subject, action: Action, actor: Actor, reason: str = "") -> State:
    """The state ``action`` leads to; raises :class:`Refused` when it may not happen.

    For :attr:`Action.ADJUST` the answer is the state of the new version it opens (草稿): use
    :func:`jixiao.domain.workflow.versions.act` to get the versions.
    """
    info = ACTIONS[action]
    if info.to_state is None:
        raise ValueError(f"{action} is not a transition")
    decision = can(actor, action, subject)
    if isinstance(decision, Denied):
        raise Refused(decision)
    if info.reason_required and not reason.strip():
        raise Refused(Denied(f"{info.label}须填写理由", "reason"))
    return info.to_state
