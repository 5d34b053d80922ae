"""Seed 001 (天津市生态环境局 2024 整体支出绩效自评表) recomputed under tianjin_dept."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.domain.model import SelfEvaluation
from jixiao.domain.scoring import ScoreReport, score_self_evaluation


@pytest.fixture(scope="module")
def report(self_evaluation: SelfEvaluation) -> ScoreReport:
    return score_self_evaluation(self_evaluation)


def codes(report: ScoreReport) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for d in report.differences:
        found.setdefault(d.code, []).append((d.stated, d.recomputed))
    return found


def test_budget_score_is_reproduced_from_a_and_b(report: ScoreReport) -> None:
    budget = report.budget
    assert (budget.annual, budget.executed) == (Decimal("112213.87"), Decimal("96576.03"))
    assert budget.recomputed == budget.reported == Decimal("8.6")
    assert budget.rate == budget.reported_rate == Decimal("86.1")


def test_every_row_is_recomputed_with_an_explanation(report: ScoreReport) -> None:
    assert len(report.rows) == 164
    for row in report.rows:
        assert row.recomputed is not None
        assert row.outcome.explanation
    methods = {
        m: sum(r.outcome.method == m for r in report.rows)
        for m in ("quantitative", "deadline", "fallback")
    }
    assert methods == {"quantitative": 112, "deadline": 18, "fallback": 34}
    assert report.rows[0].outcome.explanation == "实际 104家 ≥ 目标 100家 → 满分 0.55"


def test_no_row_score_differs(report: ScoreReport) -> None:
    assert [r for r in report.rows if r.difference] == []
    assert "ROW_SCORE" not in codes(report)


def test_totals_against_the_document(report: ScoreReport) -> None:
    totals = report.totals
    assert totals.indicator_weight_sum == Decimal("89.45")
    assert totals.reported_indicator_sum == totals.recomputed_indicator_sum == Decimal("89.45")
    assert totals.stated_total == Decimal("98.6")
    assert totals.sum_of_stated_parts == totals.recomputed_total == Decimal("98.05")
    assert totals.stated_grade == totals.recomputed_grade == "优"


def test_differences_are_reported_plainly(report: ScoreReport) -> None:
    found = codes(report)
    assert found["TOTAL_ARITHMETIC"] == [("98.6", "98.05")]
    assert found["WEIGHT_SUM"] == [("89.45", "90")]
    assert found["TOTAL_WEIGHT"] == [("100", "99.45")]
    assert found["COUNT"] == [("43", "42"), ("165", "164")]
    allocation = next(d for d in report.differences if d.code == "WEIGHT_ALLOCATION")
    assert allocation.stated == "149×0.55 + 15×0.5"
    assert "按结论所称 165 项应为 150×0.55 + 15×0.5 = 90" in allocation.message
    weight_sum = next(d for d in report.differences if d.code == "WEIGHT_SUM")
    assert "差额正好是表中一行的分值" in weight_sum.message
    assert set(found) == {
        "TOTAL_ARITHMETIC",
        "TOTAL",
        "WEIGHT_SUM",
        "TOTAL_WEIGHT",
        "WEIGHT_ALLOCATION",
        "COUNT",
    }


def test_counts_beside_claims(report: ScoreReport) -> None:
    counts = {c.what: (c.counted, c.claimed) for c in report.counts}
    assert counts["数量指标"] == (42, 43)
    assert counts["服务对象满意度指标"] == (2, 2)
    assert counts["年度绩效指标"] == (164, 165)
    assert counts["年度绩效目标"] == (20, 20)


def test_cost_row_with_positive_comparator(report: ScoreReport) -> None:
    row = next(r for r in report.rows if r.target == "≥1796万元")
    assert "cost_direction" in row.outcome.flags
    assert any(f.code == "cost_direction" and f.where == row.where for f in report.findings)


def test_text_target_with_text_actual_falls_back(report: ScoreReport) -> None:
    row = next(r for r in report.rows if r.actual == "环境空气质量较23年持续改善")
    assert row.target == "持续改善"
    assert row.outcome.fallback and row.recomputed == row.reported


def test_matching_profile_scope_is_not_remarked(report: ScoreReport) -> None:
    assert all(f.code != "profile_scope" for f in report.findings)


def test_over_achievement_findings(report: ScoreReport) -> None:
    over = [f for f in report.findings if f.code == "over_achievement"]
    assert len(over) == 7
    assert any("A/T = 4.37" in f.message and "偏差原因未填写" in f.message for f in over)


def test_project_profile_on_the_department_table(self_evaluation: SelfEvaluation) -> None:
    report = score_self_evaluation(self_evaluation, "central_2020")
    assert report.budget.recomputed == Decimal("8.61")
    assert report.findings[0].message == "规则 central_2020 用于项目支出，本表为部门整体支出自评"
    level1 = {d.where: d.stated for d in report.differences if d.code == "LEVEL1_WEIGHT"}
    assert level1 == {"产出指标": "70.4", "效益指标": "17.95", "满意度指标": "1.1"}
