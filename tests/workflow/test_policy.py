"""can(actor, action, subject): every role × action × state, against a matrix written out by hand.

The matrices below are the expected answers, written once (letters: E unit editor, D department
reviewer, F finance reviewer, A auditor, M administrator, P public; ``-`` nobody). The policy
reads its own table (workflow/table.py); these tests check that table against this independent
statement of the rules, cell by cell, for documents of the actor's own department.
"""

from __future__ import annotations

import pytest

from jixiao.domain.workflow import Action, Actor, Denied, Role, State, Subject, can
from jixiao.domain.workflow.policy import DenialCode
from jixiao.domain.workflow.roles import ROLE_SCOPES
from jixiao.domain.workflow.states import DocKind, Family
from jixiao.domain.workflow.table import ACTIONS, todo_states

LETTERS = {
    "E": Role.UNIT_EDITOR,
    "D": Role.DEPARTMENT_REVIEWER,
    "F": Role.FINANCE_REVIEWER,
    "A": Role.AUDITOR,
    "M": Role.ADMINISTRATOR,
    "P": Role.PUBLIC,
}

TARGET = """
action           draft  submitted  finance_review  returned  approved  published
submit           E      -          -               E         -         -
withdraw         -      E          -               -         -         -
forward          -      D          -               -         -         -
return           -      DF         F               -         -         -
approve          -      -          F               -         -         -
accept           -      -          -               -         -         -
publish          -      -          -               -         F         -
adjust           -      -          -               -         E         E
view             EDFAM  EDFAM      EDFAM           EDFAM     EDFAM     EDFAMP
export           EDFAM  EDFAM      EDFAM           EDFAM     EDFAM     EDFAMP
edit_draft       E      -          -               E         -         -
comment          -      DF         F               -         -         -
dismiss_finding  -      DF         F               -         -         -
rectify          -      -          -               -         -         -
judge            -      -          -               -         -         -
"""

REPORT = """
action           draft  submitted  returned  reviewed  published
submit           E      -          E         -         -
withdraw         -      E          -         -         -
forward          -      -          -         -         -
return           -      DF         -         -         -
approve          -      -          -         -         -
accept           -      DF         -         -         -
publish          -      -          -         F         -
adjust           -      -          -         -         -
view             EDFAM  EDFAM      EDFAM     EDFAM     EDFAMP
export           EDFAM  EDFAM      EDFAM     EDFAM     EDFAMP
edit_draft       E      -          E         -         -
comment          -      DF         -         -         -
dismiss_finding  -      DF         -         -         -
rectify          -      DF         -         DF        DF
judge            -      DF         -         -         -
"""

SYSTEM = {  # actions on the system as a whole: who may
    Action.BULK_APPROVE: "F",
    Action.VIEW_AUDIT: "FAM",
    Action.MANAGE_USERS: "M",
    Action.MANAGE_DEPARTMENTS: "M",
    Action.CURATE_LIBRARY: "F",
    Action.EDIT_PROFILES: "FM",
}

OWN = ("3621", "362101")  # 主管部门 3621, unit 362101


def actor(role: Role, department: tuple[str, ...] = OWN) -> Actor:
    return Actor(role, department if ROLE_SCOPES[role] != "all" else ())


def parse(matrix: str) -> dict[tuple[Action, State], str]:
    header, *rows = (line.split() for line in matrix.strip().splitlines())
    states = [State(s) for s in header[1:]]
    return {
        (Action(row[0]), state): cell
        for row in rows
        for state, cell in zip(states, row[1:], strict=True)
    }


def cells(
    matrix: str, kinds: tuple[DocKind, ...]
) -> list[tuple[DocKind, Action, State, Role, bool]]:
    return [
        (kind, action, state, role, letter in cell)
        for kind in kinds
        for (action, state), cell in parse(matrix).items()
        for letter, role in LETTERS.items()
    ]


DOCUMENT_ACTIONS = {a for a, info in ACTIONS.items() if info.subject == "document"}


@pytest.mark.parametrize("matrix", [TARGET, REPORT])
def test_matrices_cover_every_document_action(matrix: str) -> None:
    assert {action for action, _ in parse(matrix)} == DOCUMENT_ACTIONS


@pytest.mark.parametrize(
    ("kind", "action", "state", "role", "expected"),
    cells(TARGET, ("target_table",)) + cells(REPORT, ("self_evaluation", "monitoring")),
)
def test_every_role_action_and_state(
    kind: DocKind, action: Action, state: State, role: Role, expected: bool
) -> None:
    decision = can(actor(role), action, Subject(OWN, kind, state))
    assert bool(decision) is expected, decision
    if isinstance(decision, Denied):
        assert decision.reason and decision.reason.isascii() is False


@pytest.mark.parametrize(("action", "role"), [(a, r) for a in SYSTEM for r in Role])
def test_system_actions(action: Action, role: Role) -> None:
    assert bool(can(actor(role), action)) is (role in {LETTERS[c] for c in SYSTEM[action]})


# --- department scope -------------------------------------------------------------------------

PARENT, SIBLING, CHILD = ("3621",), ("3621", "362102"), ("3621", "362101", "01")
REACH: dict[
    Role, set[tuple[str, ...]]
] = {  # role → which departments (relative to the actor's own, 362101) it reaches
    Role.UNIT_EDITOR: {OWN},
    Role.DEPARTMENT_REVIEWER: {OWN, CHILD},
    Role.FINANCE_REVIEWER: {OWN, CHILD, PARENT, SIBLING},
    Role.AUDITOR: {OWN, CHILD, PARENT, SIBLING},
    Role.ADMINISTRATOR: {OWN, CHILD, PARENT, SIBLING},
}


@pytest.mark.parametrize("role", list(REACH))
@pytest.mark.parametrize("department", [OWN, PARENT, SIBLING, CHILD])
def test_scope_follows_the_department_tree(role: Role, department: tuple[str, ...]) -> None:
    decision = can(actor(role), Action.VIEW, Subject(department, "target_table", State.DRAFT))
    assert bool(decision) is (department in REACH[role])


@pytest.mark.parametrize("action", sorted(DOCUMENT_ACTIONS))
@pytest.mark.parametrize("state", [State.DRAFT, State.SUBMITTED, State.APPROVED])
def test_another_departments_documents_leak_nothing(action: Action, state: State) -> None:
    """Out of reach, every action is refused without a word about the document's state."""
    for role in (Role.UNIT_EDITOR, Role.DEPARTMENT_REVIEWER):
        decision = can(actor(role), action, Subject(SIBLING, "target_table", state))
        assert isinstance(decision, Denied)
        assert decision.code in ("hidden", "role"), decision
        assert "状态" not in decision.reason


def test_public_sees_only_published_documents_as_not_found() -> None:
    public = Actor(Role.PUBLIC)
    draft = can(public, Action.VIEW, Subject(OWN, "target_table", State.APPROVED))
    assert draft == Denied("未找到该文档，或您无权查看", "hidden")
    assert draft.http_status == 404
    assert can(public, Action.VIEW, Subject(SIBLING, "self_evaluation", State.PUBLISHED))
    assert can(public, Action.EDIT_DRAFT, Subject(OWN, "target_table", State.PUBLISHED)) == Denied(
        "请先登录", "login"
    )


@pytest.mark.parametrize(
    ("role", "department", "expected"),
    [
        (Role.UNIT_EDITOR, OWN, True),
        (Role.UNIT_EDITOR, SIBLING, False),
        (Role.UNIT_EDITOR, CHILD, False),
        (Role.FINANCE_REVIEWER, SIBLING, True),
        (Role.DEPARTMENT_REVIEWER, OWN, False),
        (Role.AUDITOR, OWN, False),
    ],
)
def test_import_into_a_department(role: Role, department: tuple[str, ...], expected: bool) -> None:
    assert bool(can(actor(role), Action.IMPORT, Subject(department))) is expected


# --- what a refusal says ----------------------------------------------------------------------

MESSAGES = [
    (Role.UNIT_EDITOR, Action.EDIT_DRAFT, "target_table", State.APPROVED, "state", "已批复，如需修改请发起调整"),
    (Role.UNIT_EDITOR, Action.SUBMIT, "target_table", State.PUBLISHED, "state", "已公开，如需修改请发起调整"),
    (Role.UNIT_EDITOR, Action.EDIT_DRAFT, "target_table", State.SUBMITTED, "state", "已提交审核，如需修改请先撤回"),
    (Role.UNIT_EDITOR, Action.WITHDRAW, "target_table", State.FINANCE_REVIEW, "state", "正在财政审核，如需修改请联系审核人退回"),
    (Role.UNIT_EDITOR, Action.EDIT_DRAFT, "monitoring", State.REVIEWED, "state", "已审核，不能再修改"),
    (Role.UNIT_EDITOR, Action.EDIT_DRAFT, "self_evaluation", State.PUBLISHED, "state", "已公开，不能再修改"),
    (Role.UNIT_EDITOR, Action.ADJUST, "target_table", State.RETURNED, "state", "尚未批复，请直接修改，无需调整"),
    (Role.UNIT_EDITOR, Action.WITHDRAW, "target_table", State.DRAFT, "state", "当前状态为“草稿”（待预算单位填写），不能撤回"),
    (Role.FINANCE_REVIEWER, Action.PUBLISH, "target_table", State.PUBLISHED, "state", "当前状态为“已公开”，不能公开"),
    (Role.UNIT_EDITOR, Action.APPROVE, "target_table", State.FINANCE_REVIEW, "role", "您的角色无权批复"),
    (Role.AUDITOR, Action.EDIT_DRAFT, "target_table", State.DRAFT, "role", "您的角色无权编辑"),
    (Role.FINANCE_REVIEWER, Action.ADJUST, "target_table", State.APPROVED, "role", "您的角色无权调整"),
    (Role.FINANCE_REVIEWER, Action.APPROVE, "self_evaluation", State.SUBMITTED, "invalid", "绩效自评表没有“批复”这一步"),
    (Role.ADMINISTRATOR, Action.APPROVE, "target_table", State.FINANCE_REVIEW, "role", "您的角色无权批复"),
]  # fmt: skip


@pytest.mark.parametrize(("role", "action", "kind", "state", "code", "reason"), MESSAGES)
def test_refusals_say_why_in_chinese(
    role: Role, action: Action, kind: DocKind, state: State, code: DenialCode, reason: str
) -> None:
    assert can(actor(role), action, Subject(OWN, kind, state)) == Denied(reason, code)


def test_superseded_versions_are_read_only_and_adjustments_are_one_at_a_time() -> None:
    old = Subject(OWN, "target_table", State.APPROVED, superseded=True)
    editor = actor(Role.UNIT_EDITOR)
    assert can(editor, Action.VIEW, old)
    assert can(editor, Action.EXPORT, old)
    assert can(editor, Action.ADJUST, old) == Denied("此版本已被新版本取代，仅供查阅", "state")
    finance = actor(Role.FINANCE_REVIEWER)
    assert can(finance, Action.PUBLISH, old) == Denied("此版本已被新版本取代，仅供查阅", "state")
    adjusting = Subject(OWN, "target_table", State.APPROVED, adjusting=True)
    assert can(editor, Action.ADJUST, adjusting) == Denied(
        "已有调整中的新版本，请在新版本上修改", "state"
    )
    assert can(finance, Action.PUBLISH, adjusting)


def test_questions_without_their_subject_are_programming_errors() -> None:
    with pytest.raises(ValueError, match="give the subject"):
        can(actor(Role.UNIT_EDITOR), Action.VIEW)
    with pytest.raises(ValueError, match="kind and state"):
        can(actor(Role.UNIT_EDITOR), Action.VIEW, Subject(OWN))
    with pytest.raises(ValueError, match="never approved"):
        Subject(OWN, "self_evaluation", State.APPROVED)
    with pytest.raises(ValueError, match="give its path"):
        Actor(Role.DEPARTMENT_REVIEWER)


# --- to-do lists --------------------------------------------------------------------------------

TODO = {  # role → family → the states on its to-do list (待办)
    Role.UNIT_EDITOR: {
        "target": [State.DRAFT, State.RETURNED],
        "report": [State.DRAFT, State.RETURNED],
    },
    Role.DEPARTMENT_REVIEWER: {"target": [State.SUBMITTED], "report": [State.SUBMITTED]},
    Role.FINANCE_REVIEWER: {
        "target": [State.FINANCE_REVIEW, State.APPROVED],
        "report": [State.REVIEWED],
    },
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("family", ["target", "report"])
def test_todo_lists(role: Role, family: Family) -> None:
    assert list(todo_states(role, family)) == TODO.get(role, {}).get(family, [])


@pytest.mark.parametrize("role", list(TODO))
def test_what_waits_on_a_role_is_something_it_can_move(role: Role) -> None:
    for family, states in TODO[role].items():
        kind: DocKind = "target_table" if family == "target" else "self_evaluation"
        for state in states:
            subject = Subject(OWN, kind, state)
            moves = [
                a for a, info in ACTIONS.items() if info.to_state and can(actor(role), a, subject)
            ]
            assert moves, (role, state)
