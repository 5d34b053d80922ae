"""check_save: optimistic locking of drafts, and what the refusal tells the second editor."""

from __future__ import annotations

from decimal import Decimal

from jixiao.domain.model import TargetTable
from jixiao.domain.targets import parse_target
from jixiao.domain.workflow import Accepted, Conflict, check_save


def test_a_save_from_the_stored_revision_is_accepted() -> None:
    assert check_save(4, 4) == Accepted(5)
    assert check_save(0, 0) == Accepted(1)


def test_a_save_from_an_older_revision_is_refused_with_what_changed(
    tables_003: list[TargetTable],
) -> None:
    base = tables_003[0]
    first = base.indicators[0]
    theirs = base.model_copy(update={
        "budget": base.budget.model_copy(update={"total": Decimal(7)}),
        "indicators": (first.model_copy(update={"target": parse_target("5台")}), *base.indicators[1:]),
    })  # fmt: skip
    mine = base.model_copy(update={
        "purpose": "购置设备",
        "indicators": (first.model_copy(update={"target": parse_target("6台")}), *base.indicators[1:]),
    })  # fmt: skip
    result = check_save(3, 4, base=base, stored=theirs, mine=mine)
    assert isinstance(result, Conflict)
    assert [c.label_zh for c in result.theirs] == [
        "预算数 6.00 → 7.00 万元",
        "指标「购置设备数量」 指标值 4台 → 5台",
    ]
    assert result.overlap == ("指标「购置设备数量」 指标值",)
    assert result.message_zh == (
        "保存未成功：您打开此草稿（第 3 次修订）后，他人已保存到第 4 次修订。"
        "他人的修改：预算数 6.00 → 7.00 万元；修改指标 1 项。"
        "与您的修改重叠：指标「购置设备数量」 指标值。"
        "您填写的内容尚未保存，也未丢失，请核对后重新保存。"
    )


def test_a_removed_row_overlaps_a_change_inside_it(tables_003: list[TargetTable]) -> None:
    base = tables_003[0]
    theirs = base.model_copy(update={"indicators": base.indicators[1:]})
    mine = base.model_copy(update={
        "indicators": (base.indicators[0].model_copy(update={"description": "新描述"}), *base.indicators[1:]),
    })  # fmt: skip
    result = check_save(1, 2, base=base, stored=theirs, mine=mine)
    assert isinstance(result, Conflict)
    assert result.overlap == ("指标「购置设备数量」",)


def test_without_the_base_document_the_refusal_still_says_what_to_do() -> None:
    assert check_save(2, 5) == Conflict(
        "保存未成功：您打开此草稿（第 2 次修订）后，他人已保存到第 5 次修订。"
        "您填写的内容尚未保存，也未丢失，请核对后重新保存。"
    )


def test_an_impossible_base_revision_is_refused_not_crashed() -> None:
    for base in (6, -1):
        result = check_save(base, 5)
        assert isinstance(result, Conflict)
        assert result.message_zh.startswith(f"保存未成功：修订号 {base} 无效")
