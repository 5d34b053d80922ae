"""docs/workflow.md, generated from the workflow table (a test fails when the file is stale).

Refresh it with ``JIXIAO_WRITE_DOCS=1 pytest tests/workflow``.
"""

from __future__ import annotations

from jixiao.domain.workflow.policy import HTTP_STATUS, Denied, Subject, can
from jixiao.domain.workflow.roles import ROLE_LABELS, ROLE_SCOPES, SCOPE_LABELS, Actor, Role
from jixiao.domain.workflow.states import (
    FAMILY_LABELS,
    STATE_LABELS,
    STATES,
    WAITING_ON,
    DocKind,
    Family,
    State,
)
from jixiao.domain.workflow.table import ACTIONS, GRANTS, WAITING_ROLE, Action, grants

ROLE_SHORT: dict[Role, str] = {  # the matrix's cell abbreviations
    Role.UNIT_EDITOR: "填报",
    Role.DEPARTMENT_REVIEWER: "主管",
    Role.FINANCE_REVIEWER: "财政",
    Role.AUDITOR: "审计",
    Role.ADMINISTRATOR: "管理",
    Role.PUBLIC: "公众",
}
_CODES = {
    "login": "the public may not do this: sign in first",
    "hidden": "not visible to the actor (another department; not published): answer as not found",
    "role": "the role never takes this action",
    "state": "not in this state (locked, under review, superseded, adjustment under way)",
    "reason": "the action requires a reason and none was given",
    "invalid": "the action does not exist for this kind of document",
}
_OWN = ("3621", "362101")
_EXAMPLES: tuple[tuple[Role, Action, DocKind, State], ...] = (
    (Role.UNIT_EDITOR, Action.EDIT_DRAFT, "target_table", State.APPROVED),
    (Role.UNIT_EDITOR, Action.EDIT_DRAFT, "target_table", State.SUBMITTED),
    (Role.UNIT_EDITOR, Action.SUBMIT, "self_evaluation", State.REVIEWED),
    (Role.UNIT_EDITOR, Action.ADJUST, "target_table", State.DRAFT),
    (Role.DEPARTMENT_REVIEWER, Action.APPROVE, "target_table", State.FINANCE_REVIEW),
    (Role.FINANCE_REVIEWER, Action.APPROVE, "target_table", State.SUBMITTED),
    (Role.AUDITOR, Action.COMMENT, "target_table", State.SUBMITTED),
    (Role.PUBLIC, Action.VIEW, "target_table", State.APPROVED),
    (Role.PUBLIC, Action.COMMENT, "target_table", State.PUBLISHED),
    (Role.DEPARTMENT_REVIEWER, Action.FORWARD, "self_evaluation", State.SUBMITTED),
)


def markdown() -> str:
    """The whole of docs/workflow.md."""
    lines = [
        "# 流转与权限 / Workflow and permissions",
        "",
        "Generated from `src/jixiao/domain/workflow/table.py` (`ACTIONS`, `GRANTS`) by",
        "`JIXIAO_WRITE_DOCS=1 pytest tests/workflow`; do not edit by hand (a test fails when this",
        "file is stale). `jixiao.domain.workflow.can(actor, action, subject)` answers every",
        "question below; pages, the API and the CLI ask it and nothing else.",
        "",
        *_roles(),
        *_states(),
        *_transitions(),
        *_matrix("target"),
        *_matrix("report"),
        *_other_actions(),
        *_refusals(),
        *_versions(),
    ]
    return "\n".join(lines) + "\n"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
    ]


def _roles() -> list[str]:
    rows = [[f"`{r}`", ROLE_LABELS[r], ROLE_SHORT[r], SCOPE_LABELS[ROLE_SCOPES[r]]] for r in Role]
    return [
        "## 角色 Roles",
        "",
        "A unit editor reaches only their own department, a department reviewer their department",
        "and every unit below it in the department tree, the other roles every department. The",
        "public (not signed in) sees published documents only.",
        "",
        *_table(["role", "角色", "简称", "范围 scope"], rows),
    ]


def _states() -> list[str]:
    lines = ["## 状态 States", ""]
    for family in ("target", "report"):
        rows = [[f"`{s}`", STATE_LABELS[s], WAITING_ON[s], _waiting(s)] for s in STATES[family]]
        header = ["state", "状态", "等待 waiting for", "待办 on the to-do list of"]
        lines += [f"{FAMILY_LABELS[family]}:", "", *_table(header, rows)]
    return lines


def _waiting(state: State) -> str:
    role = WAITING_ROLE[state]
    return ROLE_LABELS[role] if role is not None else "—"


def _roles_of(roles: tuple[Role, ...]) -> str:
    return "、".join(ROLE_LABELS[r] for r in roles)


def _transitions() -> list[str]:
    rows = []
    for g in GRANTS:
        info = ACTIONS[g.action]
        if info.to_state is not None:
            rows.append([
                f"`{g.action}`", info.label, "、".join(FAMILY_LABELS[f] for f in g.families),
                "、".join(STATE_LABELS[s] for s in g.states), STATE_LABELS[info.to_state],
                _roles_of(g.roles), "必填" if info.reason_required else "可填",
            ])  # fmt: skip
    return [
        "## 流转 Transitions",
        "",
        "Each transition is one action with its audit row (who, when, from and to state, reason).",
        "`adjust` (调整) leaves the approved version in force and opens a new version in 草稿;",
        "see [Versions](#版本-versions).",
        "",
        *_table(["action", "动作", "文档", "从 from", "到 to", "谁 who", "理由 reason"], rows),
    ]


def _matrix(family: Family) -> list[str]:
    states = STATES[family]
    rows = []
    for action in Action:
        if ACTIONS[action].subject == "document" and grants(action, family=family):
            cells = [_cell(action, family, s) for s in states]
            rows.append([f"`{action}` {ACTIONS[action].label}", *cells])
    return [
        f"## 权限矩阵：{FAMILY_LABELS[family]} / Permission matrix",
        "",
        "Who may take each action in each state, on a document of a department they reach.",
        "",
        *_table(["action", *(STATE_LABELS[s] for s in states)], rows),
    ]


def _cell(action: Action, family: Family, state: State) -> str:
    roles = [r for r in Role for g in grants(action, r, family) if state in g.states]
    return " ".join(ROLE_SHORT[r] for r in dict.fromkeys(roles)) or "—"


def _other_actions() -> list[str]:
    rows = [
        [
            f"`{g.action}`",
            ACTIONS[g.action].label,
            _SUBJECTS[ACTIONS[g.action].subject],
            _roles_of(g.roles),
        ]
        for g in GRANTS
        if ACTIONS[g.action].subject != "document"
    ]
    return [
        "## 其他操作 Department and system actions",
        "",
        "`import` is asked with the department the documents go into (a unit editor imports into",
        "their own department only); the others concern the whole system. `bulk_approve` opens the",
        "bulk page; each table in it is still checked with `approve` and audited one by one.",
        "",
        *_table(["action", "动作", "对象", "谁 who"], rows),
    ]


_SUBJECTS = {"department": "单位", "system": "系统"}


def _refusals() -> list[str]:
    codes = [[f"`{c}`", str(HTTP_STATUS[c]), _CODES[c]] for c in HTTP_STATUS]
    examples = []
    for role, action, kind, state in _EXAMPLES:
        actor = Actor(role, _OWN if ROLE_SCOPES[role] != "all" else ())
        decision = can(actor, action, Subject(_OWN, kind, state))
        assert isinstance(decision, Denied), (role, action, state)
        examples.append([
            ROLE_LABELS[role], f"`{action}`", f"{kind} · {STATE_LABELS[state]}",
            f"`{decision.code}`", decision.reason,
        ])  # fmt: skip
    return [
        "## 拒绝 Refusals",
        "",
        "A refusal is `Denied(reason, code)`: the reason is shown to the user as it is (never a bare",
        "403), the code tells the page or the API which status to answer. The checks run in the",
        "order of this table, so a refusal never reveals more than the actor may see.",
        "",
        *_table(["code", "HTTP", "meaning"], codes),
        "Examples (documents of the actor's own department):",
        "",
        *_table(["角色", "action", "文档", "code", "reason"], examples),
    ]


def _versions() -> list[str]:
    return [
        "## 版本 Versions",
        "",
        "Each version of a document has its own state. The version **in force** (在用) is the",
        "newest approved (已批复), reviewed (已审核) or published (已公开) one. `adjust` on the",
        "version in force (with a required reason) opens version n+1 in 草稿, which goes through",
        "the whole cycle again; the adjusted version stays in force until the new one is",
        "approved, and only one adjustment can be under way. The public sees the newest",
        "published version. Any other older version is superseded: it stays readable (`view`,",
        "`export`), and every other action on it is refused (`state`).",
        "",
    ]
