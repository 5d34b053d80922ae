"""transition() and the versions of a document: the whole cycle, returns, adjustments, in force."""

from __future__ import annotations

import pytest

from jixiao.domain.workflow import (
    Action,
    Actor,
    Denied,
    Refused,
    Role,
    State,
    Subject,
    Version,
    Versions,
    act,
    can,
    transition,
)

UNIT = ("3621", "362101")
EDITOR = Actor(Role.UNIT_EDITOR, UNIT)
DEPARTMENT = Actor(Role.DEPARTMENT_REVIEWER, ("3621",))
FINANCE = Actor(Role.FINANCE_REVIEWER)
OTHER_EDITOR = Actor(Role.UNIT_EDITOR, ("3621", "362102"))


def refusal(
    versions: Versions, number: int, action: Action, actor: Actor, reason: str = ""
) -> Denied:
    with pytest.raises(Refused) as refused:
        act(versions, number, action, actor, reason)
    return refused.value.denied


def approved_once() -> Versions:
    """Version 1 written, returned once by the department, fixed, and approved by finance."""
    steps = [
        (Action.SUBMIT, EDITOR, ""),
        (Action.RETURN, DEPARTMENT, "指标值偏低，请参考上年实际 104家"),
        (Action.SUBMIT, EDITOR, ""),
        (Action.FORWARD, DEPARTMENT, ""),
        (Action.APPROVE, FINANCE, "同意"),
    ]
    versions = Versions("target_table", UNIT)
    states = []
    for action, actor, reason in steps:
        versions = act(versions, 1, action, actor, reason)
        states.append(versions.latest.state)
    assert states == [
        State.SUBMITTED,
        State.RETURNED,
        State.SUBMITTED,
        State.FINANCE_REVIEW,
        State.APPROVED,
    ]
    return versions


def test_the_cycle_of_a_target_table() -> None:
    versions = approved_once()
    assert versions.in_force == Version(1, State.APPROVED)
    assert versions.working is None and versions.public is None
    locked = can(EDITOR, Action.EDIT_DRAFT, versions.subject(1))
    assert locked == Denied("已批复，如需修改请发起调整", "state")
    published = act(versions, 1, Action.PUBLISH, FINANCE)
    assert published.public == published.in_force == Version(1, State.PUBLISHED)


def test_an_adjustment_opens_version_2_while_version_1_stays_in_force() -> None:
    versions = act(approved_once(), 1, Action.PUBLISH, FINANCE)
    adjusted = act(versions, 1, Action.ADJUST, EDITOR, "  预算调减 1 万元  ")
    assert adjusted.versions == (
        Version(1, State.PUBLISHED),
        Version(2, State.DRAFT, adjusts=1, reason="预算调减 1 万元"),
    )
    assert adjusted.in_force == adjusted.public == Version(1, State.PUBLISHED)
    assert adjusted.working == adjusted.latest
    assert adjusted.summary_zh() == "第 1 版 已公开（在用）；第 2 版 草稿（调整中）"
    assert adjusted.subject(1).adjusting and not adjusted.subject(1).superseded
    assert refusal(adjusted, 1, Action.ADJUST, EDITOR, "再调") == Denied(
        "已有调整中的新版本，请在新版本上修改", "state"
    )
    for action, actor in [
        (Action.SUBMIT, EDITOR),
        (Action.FORWARD, DEPARTMENT),
        (Action.APPROVE, FINANCE),
    ]:
        adjusted = act(adjusted, 2, action, actor)
        assert adjusted.in_force == Version(1, State.PUBLISHED) or action is Action.APPROVE
    assert (
        adjusted.in_force
        == adjusted.latest
        == Version(2, State.APPROVED, adjusts=1, reason="预算调减 1 万元")
    )
    assert adjusted.public == Version(1, State.PUBLISHED)  # until version 2 is published
    assert adjusted.summary_zh() == "第 1 版 已公开；第 2 版 已批复（在用）"
    old = adjusted.subject(1)
    assert old.superseded and not old.adjusting
    assert refusal(adjusted, 1, Action.ADJUST, EDITOR, "x") == Denied(
        "此版本已被新版本取代，仅供查阅", "state"
    )
    assert act(adjusted, 2, Action.PUBLISH, FINANCE).public == Version(
        2, State.PUBLISHED, adjusts=1, reason="预算调减 1 万元"
    )


def test_reasons_are_required_for_return_and_adjust() -> None:
    submitted = act(Versions("target_table", UNIT), 1, Action.SUBMIT, EDITOR)
    assert refusal(submitted, 1, Action.RETURN, DEPARTMENT, "  ") == Denied(
        "退回须填写理由", "reason"
    )
    assert refusal(approved_once(), 1, Action.ADJUST, EDITOR) == Denied("调整须填写理由", "reason")
    assert act(submitted, 1, Action.FORWARD, DEPARTMENT).latest.state is State.FINANCE_REVIEW


def test_withdraw_and_resubmit() -> None:
    submitted = act(Versions("target_table", UNIT), 1, Action.SUBMIT, EDITOR)
    assert act(submitted, 1, Action.WITHDRAW, EDITOR).latest.state is State.DRAFT
    assert refusal(submitted, 1, Action.SUBMIT, EDITOR) == Denied(
        "已提交审核，如需修改请先撤回", "state"
    )


def test_another_unit_cannot_move_the_table() -> None:
    versions = Versions("target_table", UNIT)
    assert refusal(versions, 1, Action.SUBMIT, OTHER_EDITOR).code == "hidden"


def test_self_evaluation_cycle() -> None:
    versions = Versions("self_evaluation", UNIT)
    for action, actor, state in [
        (Action.SUBMIT, EDITOR, State.SUBMITTED),
        (Action.RETURN, FINANCE, State.RETURNED),
        (Action.SUBMIT, EDITOR, State.SUBMITTED),
        (Action.ACCEPT, DEPARTMENT, State.REVIEWED),
        (Action.PUBLISH, FINANCE, State.PUBLISHED),
    ]:
        versions = act(versions, 1, action, actor, "请补充偏差原因")
        assert versions.latest.state is state
    assert refusal(versions, 1, Action.ADJUST, EDITOR, "x").code == "invalid"


def test_a_newer_import_supersedes_an_old_draft() -> None:
    versions = Versions("target_table", UNIT, (Version(1, State.DRAFT), Version(2, State.DRAFT)))
    assert versions.subject(1).superseded and versions.in_force is None
    assert refusal(versions, 1, Action.SUBMIT, EDITOR).reason == "此版本已被新版本取代，仅供查阅"
    assert act(versions, 2, Action.SUBMIT, EDITOR).latest.state is State.SUBMITTED


def test_transition_answers_the_new_state_or_refuses() -> None:
    draft = Subject(UNIT, "target_table", State.DRAFT)
    assert transition(draft, Action.SUBMIT, EDITOR) is State.SUBMITTED
    with pytest.raises(Refused, match="您的角色无权批复") as refused:
        transition(draft, Action.APPROVE, EDITOR)
    assert refused.value.denied.http_status == 403
    with pytest.raises(ValueError, match="not a transition"):
        transition(draft, Action.VIEW, EDITOR)


def test_versions_are_numbered_in_order() -> None:
    with pytest.raises(ValueError, match="numbered"):
        Versions("target_table", UNIT, (Version(2, State.DRAFT),))
    with pytest.raises(ValueError, match="numbered"):
        Versions("target_table", UNIT, ())
    with pytest.raises(ValueError, match="no version 3"):
        Versions("target_table", UNIT).subject(3)
