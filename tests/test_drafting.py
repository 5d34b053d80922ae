"""在线填报 (pure): the table built from the editor's fields, and what a 指标值 means."""

from __future__ import annotations

from decimal import Decimal

from jixiao.domain.drafting import RowFields, TableFields, build, fields_of, meaning
from jixiao.domain.model import Department
from jixiao.domain.targets import parse_target

UNIT = Department(code="362101", name="天津市生态环境局")


def test_meaning_in_chinese() -> None:
    assert meaning(parse_target("≥100家次")).text == "数量 · ≥ 100 家次 · 越大越好"
    assert meaning(parse_target("≤5%")).text == "比率 · ≤ 5 % · 越小越好"
    deadline = meaning(parse_target("2025年12月底前"))
    assert deadline.readable and "时限" in deadline.text and "2025-12-31" in deadline.text
    unread = meaning(parse_target("尽快完成"))
    assert not unread.readable and unread.problems == ("无法读出可衡量的数值",)
    assert not meaning(parse_target("")).readable
    assert "未写比较符，按“=”理解" in meaning(parse_target("100台")).problems


def test_build_reads_amounts_exactly_and_numbers_rows_by_their_place() -> None:
    fields = TableFields(
        department=UNIT,
        year=2025,
        project="核查项目",
        total="1,234.56",
        fiscal="１２００",
        other="34.56万元",
        goals="目标一\n\n目标二",
        rows=(
            RowFields("产出指标", "数量指标", "核查数量", "", "≥100家"),
            RowFields(),
            RowFields("产出指标", "成本指标", "核查成本", "", "≤60万"),
        ),
    )
    built = build(fields)
    assert built.errors == {}
    table = built.table
    assert table.budget.total == Decimal("1234.56") and table.budget.fiscal == Decimal("1200")
    assert table.budget.other == Decimal("34.56")
    assert table.goals == ("目标一", "目标二")
    assert [i.source.line for i in table.indicators] == [1, 3]  # the blank row is left out
    assert table.indicators[1].target.kind == "amount"  # 60万 in a cost row is 60 万元
    assert fields_of(table).rows[1].level3 == "核查成本"


def test_unreadable_fields_are_reported_not_dropped_silently() -> None:
    built = build(TableFields(department=UNIT, total="十二", fiscal="-3"))
    assert built.errors["total"] == "年度资金总额“十二”不是数字，请填写以万元为单位的金额"
    assert "不小于 0" in built.errors["fiscal"]
    assert built.errors["project"] == "请填写项目名称"
    assert built.table.budget.total is None
