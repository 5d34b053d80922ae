"""diff(old, new): field-by-field changes between two versions of a document, in Chinese."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from jixiao.domain import model
from jixiao.domain.diff import SPECS, Change, diff, summary_zh
from jixiao.domain.model import (
    Department,
    MonitoringBudget,
    MonitoringIndicator,
    MonitoringReport,
    Project,
    SelfEvaluation,
    Source,
    TargetTable,
    Task,
)
from jixiao.domain.targets import parse_target


@pytest.fixture
def table(tables_003: list[TargetTable]) -> TargetTable:
    """003 表1: budget 6.00, one goal, six indicators (购置设备数量 4台 first)."""
    return tables_003[0]


def edit(document: Any, **update: Any) -> Any:
    return document.model_copy(update=update)


def budget(table: TargetTable, **update: Decimal | None) -> TargetTable:
    return table.model_copy(update={"budget": table.budget.model_copy(update=update)})


def labels(changes: list[Change]) -> list[str]:
    return [c.label_zh for c in changes]


def test_identical_documents_have_no_change(table: TargetTable) -> None:
    assert diff(table, table) == []
    assert summary_zh([]) == "无变化"


def test_where_a_document_was_read_is_not_a_change(table: TargetTable) -> None:
    moved = Source(file="other.xlsx", cell="目标表!C9")
    copy = edit(
        table, id="f" * 64 + "#3", number=7, source=moved,
        indicators=tuple(edit(row, source=moved) for row in table.indicators),
    )  # fmt: skip
    assert diff(table, copy) == []


def test_budget_change_is_labelled_in_wan_yuan_with_exact_decimals(table: TargetTable) -> None:
    (change,) = diff(table, budget(table, total=Decimal("7")))
    assert change == Change(
        path="budget.total", field_zh="预算数", label_zh="预算数 6.00 → 7.00 万元",
        old=Decimal("6.00"), new=Decimal("7"), kind="changed",
    )  # fmt: skip
    assert change.model_dump(mode="json")["new"] == "7"


def test_money_keeps_every_decimal_it_has(table: TargetTable) -> None:
    (change,) = diff(table, budget(table, total=Decimal("6.000001")))
    assert change.label_zh == "预算数 6.00 → 6.000001 万元"
    assert change.new == Decimal("6.000001")


def test_same_amount_written_differently_is_no_change(table: TargetTable) -> None:
    assert diff(table, budget(table, total=Decimal("6.0"), fiscal=Decimal("6"))) == []


def test_filled_and_emptied_fields_are_added_and_removed(table: TargetTable) -> None:
    changes = diff(table, budget(table, fiscal=None, other=Decimal("1.5")))
    assert [(c.kind, c.label_zh) for c in changes] == [
        ("removed", "财政资金 6.00 → （空）"),
        ("added", "其他资金 （空） → 1.50 万元"),
    ]


def test_summary_of_budget_and_added_indicators(table: TargetTable) -> None:
    first = table.indicators[0]
    new_rows = (
        edit(first, level3="购置防护服数量", target=parse_target("≥10套")),
        edit(first, level3="培训人次", target=parse_target("≥100人次")),
    )
    new = edit(budget(table, total=Decimal(7)), indicators=table.indicators + new_rows)
    changes = diff(table, new)
    assert summary_zh(changes) == "预算数 6.00 → 7.00 万元；新增指标 2 项"
    assert labels(changes)[1:] == [
        "新增指标「购置防护服数量」 ≥10套",
        "新增指标「培训人次」 ≥100人次",
    ]
    assert changes[2].path == "indicators[产出指标/数量指标/培训人次]"
    assert changes[2].old is None and changes[2].new == new_rows[1]


def test_removed_and_changed_indicators(table: TargetTable) -> None:
    rows = list(table.indicators)
    rows[0] = edit(rows[0], target=parse_target("5台"), description="辐射检测报警设备及防护服")
    del rows[3]  # 项目总投资 ≤6万元
    changes = diff(table, edit(table, indicators=tuple(rows)))
    assert labels(changes) == [
        "指标「购置设备数量」 绩效指标描述 辐射检测报警设备 → 辐射检测报警设备及防护服",
        "指标「购置设备数量」 指标值 4台 → 5台",
        "删除指标「项目总投资」 ≤6万元",
    ]
    assert (changes[1].path, changes[1].old, changes[1].new) == (
        "indicators[产出指标/数量指标/购置设备数量].target", "4台", "5台"
    )  # fmt: skip
    assert summary_zh(changes) == "修改指标 1 项；删除指标 1 项"


def test_a_row_moved_to_another_level_is_removed_and_added(table: TargetTable) -> None:
    rows = (edit(table.indicators[0], level2="质量指标"), *table.indicators[1:])
    changes = diff(table, edit(table, indicators=rows))
    assert [c.kind for c in changes] == ["removed", "added"]
    assert summary_zh(changes) == "删除指标 1 项；新增指标 1 项"


def test_repeated_names_are_matched_in_order(table: TargetTable) -> None:
    first = table.indicators[0]
    twice = edit(table, indicators=(first, first, *table.indicators[1:]))
    second_changed = edit(
        table, indicators=(first, edit(first, target=parse_target("6台")), *table.indicators[1:])
    )
    (change,) = diff(twice, second_changed)
    assert change.path == "indicators[产出指标/数量指标/购置设备数量#2].target"
    assert (change.old, change.new) == ("4台", "6台")
    (removed,) = diff(twice, table)
    assert removed.kind == "removed" and removed.path.endswith("#2]")


def test_reordered_rows_are_one_change(table: TargetTable) -> None:
    rows = (*table.indicators[1:], table.indicators[0])
    (change,) = diff(table, edit(table, indicators=rows))
    assert (change.path, change.label_zh, change.kind) == ("indicators", "调整指标顺序", "changed")
    assert change.old[0] == "产出指标/数量指标/购置设备数量"
    assert change.new[-1] == "产出指标/数量指标/购置设备数量"


def test_goals_are_aligned_so_an_insertion_is_one_addition() -> None:
    old = ("1.完成设备采购", "2.提升执法效率", "3.保障人员安全")
    new = ("1.完成设备采购", "新增：开展培训", "2.提升执法效率", "3.保障人员安全（修订）")
    changes = list(_goal_changes(old, new))
    assert [(c.kind, c.path) for c in changes] == [("added", "goals[2]"), ("changed", "goals[3]")]
    assert changes[0].label_zh == "新增绩效目标 2「新增：开展培训」"
    assert changes[1].label_zh == "绩效目标 3「3.保障人员安全」→「3.保障人员安全（修订）」"
    removed = list(_goal_changes(old, old[:1]))
    assert [c.label_zh for c in removed] == [
        "删除绩效目标 2「2.提升执法效率」",
        "删除绩效目标 3「3.保障人员安全」",
    ]
    assert summary_zh(removed) == "删除绩效目标 2 条"


def _goal_changes(old: tuple[str, ...], new: tuple[str, ...]) -> list[Change]:
    report = MonitoringReport(
        title="监控表", month=7, department=Department(name="生态环境局"),
        budget=MonitoringBudget(), goals=old, indicators=(), source=Source(file="m.json"),
    )  # fmt: skip
    return diff(report, edit(report, goals=new))


def test_long_texts_are_clipped_in_labels_and_only_named_in_the_summary(table: TargetTable) -> None:
    purpose = "用于购置辐射检测报警设备和个人防护装备，配备一线执法人员，并开展使用培训和年度检定校准工作。"
    (change,) = diff(table, edit(table, purpose=purpose))
    assert change.new == purpose
    assert change.label_zh.endswith("→ 用于购置辐射检测报警设备和个人防护装备，配备一线执法人员，…")
    assert summary_zh([change]) == "修改资金用途"


def test_department_tables_compare_tasks_by_name(table: TargetTable) -> None:
    source = Source(file="dept.xlsx")
    task = Task(name="环境执法", content="执法检查", amount=Decimal("12.5"), source=source)
    old = edit(table, scope="department", tasks=(task,))
    new = edit(
        table, scope="department",
        tasks=(edit(task, amount=Decimal("13")), Task(name="监测", source=source)),
    )  # fmt: skip
    assert labels(diff(old, new)) == [
        "任务「环境执法」 预算金额 12.50 → 13.00 万元",
        "新增任务「监测」",
    ]
    assert labels(diff(table, old))[0] == "类型 项目支出 → 部门整体支出"


def test_self_evaluation_rows_goals_and_budget(self_evaluation: SelfEvaluation) -> None:
    row = self_evaluation.indicators[0]
    goal = self_evaluation.goals[0]
    new = edit(
        self_evaluation,
        budget=edit(self_evaluation.budget, rate=Decimal("90")),
        goals=(edit(goal, actual="已完成"), *self_evaluation.goals[1:]),
        indicators=(edit(row, score=Decimal("0.3")), *self_evaluation.indicators[1:]),
        grade="良",
    )
    changes = diff(self_evaluation, new)
    assert [c.path for c in changes] == [
        "budget.rate",
        "goals[1].actual",
        f"indicators[{row.level1}/{row.level2}/{row.level3}].score",
        "grade",
    ]
    assert changes[0].label_zh == "执行率 86.1 → 90%"
    assert changes[2].label_zh == f"指标「{row.level3}」 得分 {row.score} → 0.3 分"
    assert changes[3].label_zh == "自评等级 优 → 良"
    assert (
        summary_zh(changes)
        == "执行率 86.1 → 90%；修改绩效目标 1 条；修改指标 1 项；自评等级 优 → 良"
    )


def test_monitoring_indicator_fields() -> None:
    row = MonitoringIndicator(
        level1="产出指标", level2="数量指标", level3="检查企业", target=parse_target("≥100家"),
        progress=parse_target("60家"), source=Source(file="m.json"),
    )  # fmt: skip
    report = MonitoringReport(
        title="监控表", month=7, department=Department(name="生态环境局"),
        project=Project(name="执法检查"), budget=MonitoringBudget(annual=Decimal(10)),
        indicators=(row,), source=Source(file="m.json"),
    )  # fmt: skip
    later = edit(
        report, month=8,
        indicators=(edit(row, progress=parse_target("70家"), reasons=("经费保障", "其他")),),
    )  # fmt: skip
    assert labels(diff(report, later)) == [
        "监控截至月份 7 → 8 月",
        "指标「检查企业」 当前完成值 60家 → 70家",
        "指标「检查企业」 偏差原因 （空） → 经费保障、其他",
    ]


def test_documents_of_different_kinds_are_refused(
    table: TargetTable, self_evaluation: SelfEvaluation
) -> None:
    with pytest.raises(ValueError, match="cannot compare"):
        diff(table, self_evaluation)


def test_every_field_of_the_model_is_compared_or_deliberately_skipped() -> None:
    records = {
        cls for cls in vars(model).values()
        if isinstance(cls, type) and issubclass(cls, model.Record)
        and cls not in (model.Record, model.Source)
    }  # fmt: skip
    assert set(SPECS) == records
    for cls, spec in SPECS.items():
        assert set(spec) == set(cls.model_fields), cls.__name__
