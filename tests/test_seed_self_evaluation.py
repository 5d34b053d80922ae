"""Seed 001, the 2024 department self-evaluation: budget block, goals and every indicator row."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from jixiao.domain import levels
from jixiao.domain.model import SelfEvaluation


def test_header(self_evaluation: SelfEvaluation) -> None:
    assert self_evaluation.scope == "department"
    assert self_evaluation.title == "整体支出绩效自评表"
    assert self_evaluation.year == 2024
    assert self_evaluation.department.name == "天津市生态环境局"


def test_budget_block(self_evaluation: SelfEvaluation) -> None:
    budget = self_evaluation.budget
    assert (budget.initial, budget.annual, budget.executed) == (
        Decimal("87333.7"),
        Decimal("112213.87"),
        Decimal("96576.03"),
    )
    assert (budget.weight, budget.score, budget.rate) == (
        Decimal(10),
        Decimal("8.6"),
        Decimal("86.1"),
    )
    assert budget.deviation is not None and budget.deviation.startswith("受市场影响")
    assert budget.source is not None and budget.source.line == 9


def test_goals(self_evaluation: SelfEvaluation) -> None:
    goals = self_evaluation.goals
    assert [g.no for g in goals] == list(range(1, 21))
    assert goals[0].target.startswith("通过做好对核技术利用单位") and "(2017人)" in goals[0].actual
    assert goals[4].source.line == 16  # "5" in the first column, cells shifted left
    assert goals[13].target.startswith("通过持续开展我市大气环境管理工作")  # after the split label
    assert goals[18].target.startswith("进一步强化") and "<p>" not in goals[18].target
    assert goals[19].actual.endswith("并完成第八批两山基地创建申报。")
    assert self_evaluation.goal_deviation is None


def test_indicator_rows(self_evaluation: SelfEvaluation) -> None:
    rows = self_evaluation.indicators
    assert len(rows) == 164
    assert Counter(r.goal_no for r in rows) == {
        1: 8, 2: 7, 3: 15, 4: 7, 5: 12, 6: 6, 7: 5, 8: 6, 9: 7, 10: 5,
        11: 8, 12: 5, 13: 6, 14: 5, 15: 14, 16: 5, 17: 8, 18: 9, 19: 19, 20: 7,
    }  # fmt: skip
    assert sum(r.weight or 0 for r in rows) == Decimal("89.45")
    assert sum(r.score or 0 for r in rows) == Decimal("89.45")
    for row in rows:
        assert levels.parent_of(row.level2) == levels.canonical(row.level1), row
        assert row.level3 and row.target.raw and row.actual.raw


def test_shifted_rows_are_resolved(self_evaluation: SelfEvaluation) -> None:
    by_line = {r.source.line: r for r in self_evaluation.indicators}
    # level 3 in the first column, the rest shifted left
    assert (by_line[81].goal_no, by_line[81].level2, by_line[81].level3) == (
        4,
        "数量指标",
        "建设项目环评审批和规划环评审查数",
    )
    # level 3 in the second column with three empty cells before the target
    assert (by_line[77].level1, by_line[77].level2, by_line[77].level3) == (
        "效益指标",
        "社会效益指标",
        "生态环境舆情",
    )
    # 社会效益指标 under a blank level 1 after 产出 rows: level 1 follows from level 2
    assert (by_line[107].level1, by_line[107].level2) == ("效益指标", "社会效益指标")
    # 满意度 row that names level 1 and an alias of level 2
    assert (by_line[174].goal_no, by_line[174].level1, by_line[174].level2) == (
        15,
        "满意度指标",
        "服务对象满意度",
    )
    # goal label in the second column
    assert by_line[222].goal_no == 20 and by_line[222].target.raw == "≥4次"
    # deviation text to the right of the score
    assert by_line[143].deviation is not None and by_line[143].deviation.startswith(
        "落实“双随机一公开”"
    )


def test_values_are_parsed(self_evaluation: SelfEvaluation) -> None:
    first = self_evaluation.indicators[0]
    assert (first.target.op, first.target.value, first.target.unit) == ("≥", Decimal(100), "家")
    assert (first.actual.value, first.actual.unit) == (Decimal(104), "家")
    assert (first.weight, first.score) == (Decimal("0.55"), Decimal("0.55"))


def test_totals_and_conclusion(self_evaluation: SelfEvaluation) -> None:
    assert (self_evaluation.total_weight, self_evaluation.total) == (Decimal(100), Decimal("98.6"))
    assert self_evaluation.grade == "优"
    assert self_evaluation.conclusion is not None
    assert self_evaluation.conclusion.startswith("按照市财政局要求")
    assert "涉及年度绩效指标165项" in self_evaluation.conclusion
