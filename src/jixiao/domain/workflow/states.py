"""文档状态: the states a target table, a self-evaluation or a monitoring report goes through.

A target table (绩效目标表): 草稿 → 已提交 (主管部门审核) → 财政审核 → 已批复 → 已公开, with 已退回
from either review back to the unit. Self-evaluations and monitoring reports (自评表、监控表):
草稿 → 已提交 → 已审核 → 已公开, with 已退回. The states belong to one version of a document;
an adjustment (调整) opens a new version (see :mod:`jixiao.domain.workflow.versions`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

DocKind = Literal["target_table", "self_evaluation", "monitoring"]  # the model's ``kind``
Family = Literal["target", "report"]


class State(StrEnum):
    """状态 of a document version."""

    DRAFT = "draft"  # 草稿
    SUBMITTED = "submitted"  # 已提交，待主管部门审核
    FINANCE_REVIEW = "finance_review"  # 主管部门已审核，待财政局审核
    RETURNED = "returned"  # 已退回，待预算单位修改
    APPROVED = "approved"  # 已批复 (target tables)
    REVIEWED = "reviewed"  # 已审核 (self-evaluations, monitoring reports)
    PUBLISHED = "published"  # 已公开


STATE_LABELS: dict[State, str] = {
    State.DRAFT: "草稿",
    State.SUBMITTED: "已提交",
    State.FINANCE_REVIEW: "财政审核",
    State.RETURNED: "已退回",
    State.APPROVED: "已批复",
    State.REVIEWED: "已审核",
    State.PUBLISHED: "已公开",
}

WAITING_ON: dict[State, str] = {  # what a document in this state waits for (待办)
    State.DRAFT: "待预算单位填写",
    State.SUBMITTED: "待主管部门审核",
    State.FINANCE_REVIEW: "待财政局审核",
    State.RETURNED: "待预算单位修改",
    State.APPROVED: "待公开",
    State.REVIEWED: "待公开",
    State.PUBLISHED: "—",
}

FAMILY_OF: dict[DocKind, Family] = {
    "target_table": "target",
    "self_evaluation": "report",
    "monitoring": "report",
}
FAMILY_LABELS: dict[Family, str] = {"target": "绩效目标表", "report": "绩效自评表、监控表"}
KIND_LABELS: dict[DocKind, str] = {
    "target_table": "绩效目标表",
    "self_evaluation": "绩效自评表",
    "monitoring": "绩效监控表",
}

STATES: dict[Family, tuple[State, ...]] = {
    "target": (
        State.DRAFT,
        State.SUBMITTED,
        State.FINANCE_REVIEW,
        State.RETURNED,
        State.APPROVED,
        State.PUBLISHED,
    ),
    "report": (State.DRAFT, State.SUBMITTED, State.RETURNED, State.REVIEWED, State.PUBLISHED),
}

IN_FORCE = frozenset({State.APPROVED, State.REVIEWED, State.PUBLISHED})  # 已生效: locked
