"""The workflow table (流转与权限表): every action, what it acts on, and who may do it in which state.

This is the one place that says who may do what. :func:`jixiao.domain.workflow.policy.can` reads
it, docs/workflow.md is generated from it (:mod:`jixiao.domain.workflow.docs`), and the tests
compare it with a matrix written out by hand.

``ACTIONS`` describes each action once: its Chinese name, what it acts on (a document version, a
department, or the system as a whole), the state a transition leads to, and whether a reason is
required. ``GRANTS`` lists who may take an action, on which kind of document, from which states;
the department each role reaches is :data:`jixiao.domain.workflow.roles.ROLE_SCOPES`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from jixiao.domain.workflow.roles import Role
from jixiao.domain.workflow.states import STATES, Family, State

Subject = Literal["document", "department", "system"]


class Action(StrEnum):
    """动作: transitions first, then reading, editing and administration."""

    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    FORWARD = "forward"
    RETURN = "return"
    APPROVE = "approve"
    ACCEPT = "accept"
    PUBLISH = "publish"
    ADJUST = "adjust"
    VIEW = "view"
    EXPORT = "export"
    EDIT_DRAFT = "edit_draft"
    COMMENT = "comment"
    DISMISS_FINDING = "dismiss_finding"
    RECTIFY = "rectify"
    JUDGE = "judge"
    IMPORT = "import"
    BULK_APPROVE = "bulk_approve"
    VIEW_AUDIT = "view_audit"
    MANAGE_USERS = "manage_users"
    MANAGE_DEPARTMENTS = "manage_departments"
    CURATE_LIBRARY = "curate_library"
    EDIT_PROFILES = "edit_profiles"


@dataclass(frozen=True)
class ActionInfo:
    """What an action is: ``to_state`` is set for the transitions (None: the state stays)."""

    label: str
    subject: Subject
    to_state: State | None = None
    reason_required: bool = False
    reads: bool = False  # allowed on a superseded version (history stays readable)


ACTIONS: dict[Action, ActionInfo] = {
    Action.SUBMIT: ActionInfo("提交", "document", State.SUBMITTED),
    Action.WITHDRAW: ActionInfo("撤回", "document", State.DRAFT),
    Action.FORWARD: ActionInfo("审核通过并报财政", "document", State.FINANCE_REVIEW),
    Action.RETURN: ActionInfo("退回", "document", State.RETURNED, reason_required=True),
    Action.APPROVE: ActionInfo("批复", "document", State.APPROVED),
    Action.ACCEPT: ActionInfo("审核通过", "document", State.REVIEWED),
    Action.PUBLISH: ActionInfo("公开", "document", State.PUBLISHED),
    # 调整: the state of the *new* version it opens; the adjusted version stays in force
    Action.ADJUST: ActionInfo("调整", "document", State.DRAFT, reason_required=True),
    Action.VIEW: ActionInfo("查看", "document", reads=True),
    Action.EXPORT: ActionInfo("导出", "document", reads=True),
    Action.EDIT_DRAFT: ActionInfo("编辑", "document"),
    Action.COMMENT: ActionInfo("填写审核意见", "document"),
    Action.DISMISS_FINDING: ActionInfo("忽略审核发现", "document", reason_required=True),
    Action.RECTIFY: ActionInfo("记录整改", "document"),
    Action.JUDGE: ActionInfo("审核判断", "document"),
    Action.IMPORT: ActionInfo("导入", "department"),
    Action.BULK_APPROVE: ActionInfo("批量批复", "system"),
    Action.VIEW_AUDIT: ActionInfo("查看审计日志", "system", reads=True),
    Action.MANAGE_USERS: ActionInfo("管理用户", "system"),
    Action.MANAGE_DEPARTMENTS: ActionInfo("管理单位", "system"),
    Action.CURATE_LIBRARY: ActionInfo("维护指标库", "system"),
    Action.EDIT_PROFILES: ActionInfo("维护审核口径", "system"),
}


@dataclass(frozen=True)
class Grant:
    """Who (``roles``) may take ``action`` on documents of ``families`` in ``states``.

    For the actions on a department or on the system, ``families`` and ``states`` are empty.
    """

    action: Action
    roles: tuple[Role, ...]
    families: tuple[Family, ...] = ()
    states: tuple[State, ...] = ()


_E, _D, _F = Role.UNIT_EDITOR, Role.DEPARTMENT_REVIEWER, Role.FINANCE_REVIEWER
_A, _M, _P = Role.AUDITOR, Role.ADMINISTRATOR, Role.PUBLIC
_S = State
_BOTH: tuple[Family, ...] = ("target", "report")
_ANY = tuple(dict.fromkeys(STATES["target"] + STATES["report"]))
_SIGNED_IN = (_E, _D, _F, _A, _M)

GRANTS: tuple[Grant, ...] = (
    # transitions
    Grant(Action.SUBMIT, (_E,), _BOTH, (_S.DRAFT, _S.RETURNED)),
    Grant(Action.WITHDRAW, (_E,), _BOTH, (_S.SUBMITTED,)),
    Grant(Action.FORWARD, (_D,), ("target",), (_S.SUBMITTED,)),
    Grant(Action.RETURN, (_D, _F), _BOTH, (_S.SUBMITTED,)),
    Grant(Action.RETURN, (_F,), ("target",), (_S.FINANCE_REVIEW,)),
    Grant(Action.APPROVE, (_F,), ("target",), (_S.FINANCE_REVIEW,)),
    Grant(Action.ACCEPT, (_D, _F), ("report",), (_S.SUBMITTED,)),
    Grant(Action.PUBLISH, (_F,), ("target",), (_S.APPROVED,)),
    Grant(Action.PUBLISH, (_F,), ("report",), (_S.REVIEWED,)),
    Grant(Action.ADJUST, (_E,), ("target",), (_S.APPROVED, _S.PUBLISHED)),
    # reading and editing documents
    Grant(Action.VIEW, _SIGNED_IN, _BOTH, _ANY),
    Grant(Action.VIEW, (_P,), _BOTH, (_S.PUBLISHED,)),
    Grant(Action.EXPORT, _SIGNED_IN, _BOTH, _ANY),
    Grant(Action.EXPORT, (_P,), _BOTH, (_S.PUBLISHED,)),
    Grant(Action.EDIT_DRAFT, (_E,), _BOTH, (_S.DRAFT, _S.RETURNED)),
    Grant(Action.COMMENT, (_D, _F), _BOTH, (_S.SUBMITTED,)),
    Grant(Action.COMMENT, (_F,), ("target",), (_S.FINANCE_REVIEW,)),
    Grant(Action.DISMISS_FINDING, (_D, _F), _BOTH, (_S.SUBMITTED,)),
    Grant(Action.DISMISS_FINDING, (_F,), ("target",), (_S.FINANCE_REVIEW,)),
    # 整改 (结果应用): reviewers record rectification items on a reviewed self-evaluation
    Grant(Action.RECTIFY, (_D, _F), ("report",), (_S.SUBMITTED, _S.REVIEWED, _S.PUBLISHED)),
    # 审核判断: reviewers score the rows of a submitted self-evaluation the rules cannot score
    Grant(Action.JUDGE, (_D, _F), ("report",), (_S.SUBMITTED,)),
    # a department, the system
    Grant(Action.IMPORT, (_E, _F)),
    Grant(Action.BULK_APPROVE, (_F,)),
    Grant(Action.VIEW_AUDIT, (_F, _A, _M)),
    Grant(Action.MANAGE_USERS, (_M,)),
    Grant(Action.MANAGE_DEPARTMENTS, (_M,)),
    Grant(Action.CURATE_LIBRARY, (_F,)),
    Grant(Action.EDIT_PROFILES, (_F, _M)),
)

WAITING_ROLE: dict[State, Role | None] = {  # whose to-do list (待办) a document in a state is on
    State.DRAFT: Role.UNIT_EDITOR,
    State.RETURNED: Role.UNIT_EDITOR,
    State.SUBMITTED: Role.DEPARTMENT_REVIEWER,
    State.FINANCE_REVIEW: Role.FINANCE_REVIEWER,
    State.APPROVED: Role.FINANCE_REVIEWER,  # to publish
    State.REVIEWED: Role.FINANCE_REVIEWER,  # to publish
    State.PUBLISHED: None,
}


def todo_states(role: Role, family: Family) -> tuple[State, ...]:
    """The states in which documents of ``family`` wait on ``role`` (its 待办, within its scope)."""
    return tuple(s for s in STATES[family] if WAITING_ROLE[s] is role)


def grants(action: Action, role: Role | None = None, family: Family | None = None) -> list[Grant]:
    """The grants of ``action``, for ``role`` and documents of ``family`` when given."""
    return [
        g
        for g in GRANTS
        if g.action == action
        and (role is None or role in g.roles)
        and (family is None or family in g.families)
    ]
