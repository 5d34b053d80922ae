"""在线自评 (jixiao.domain.evaluating): prefilled from the approved table, scored by the rules,
overrides need a reason, the conclusion drafted from the numbers and checked by the engine."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jixiao.domain import evaluating
from jixiao.domain.drafting import RowFields, TableFields, build
from jixiao.domain.evaluating import EvaluationFields, RowInput
from jixiao.domain.model import Department, TargetTable
from jixiao.domain.scoring import load_profile

PROFILE = load_profile("central_2020")


def table() -> TargetTable:
    fields = TableFields(
        department=Department(code="362101", name="天津市生态环境局"),
        year=2025,
        project="辐射安全许可现场核查",
        total="80",
        fiscal="80",
        goals="完成辐射安全许可证现场核查。",
        rows=(
            RowFields("产出指标", "数量指标", "现场核查数量", "", "≥100家"),
            RowFields("产出指标", "质量指标", "核查覆盖率", "", "=100%"),
            RowFields("产出指标", "时效指标", "完成时间", "", "2025年12月31日前"),
            RowFields("效益指标", "社会效益指标", "辐射环境安全", "", "有效保障"),
            RowFields("满意度指标", "服务对象满意度指标", "企业满意度", "", "≥90%"),
        ),
    )
    built = build(fields)
    assert not built.errors
    return built.table


def test_the_skeleton_allocates_the_profile_points_per_level1() -> None:
    doc = evaluating.skeleton(table(), PROFILE)
    weights = [r.weight for r in doc.indicators]
    assert weights == [Decimal("16.67"), Decimal("16.67"), Decimal("16.66"), 30, 10]
    assert doc.budget.annual == 80 and doc.budget.weight == 10 and doc.total_weight == 100
    assert doc.indicators[0].target.raw == "≥100家"
    assert doc.goals[0].target == "完成辐射安全许可证现场核查。"
    assert doc.project is not None and doc.project.name == "辐射安全许可现场核查"


def actuals(**changes: RowInput) -> EvaluationFields:
    rows = [
        RowInput("104家"),
        RowInput("95%", "两家企业停产"),
        RowInput("2025年12月20日"),
        RowInput("有效保障，未发生辐射事故", "", "28", "无事故，按达成档打分"),
        RowInput("92%"),
    ]
    for key, row in changes.items():
        rows[int(key.removeprefix("row"))] = row
    return EvaluationFields(annual="80", executed="72", goals=("完成",), rows=tuple(rows))


def test_rows_are_scored_by_the_rules_and_the_total_and_grade_follow() -> None:
    built = evaluating.build(evaluating.skeleton(table(), PROFILE), actuals(), PROFILE)
    assert built.errors == {}
    doc, report = built.document, built.report
    assert doc.indicators[0].score == Decimal("16.67")  # 104 ≥ 100: full marks
    assert doc.indicators[1].score == Decimal("15.84")  # 16.66… × 95/100
    assert "实际" in report.rows[0].outcome.explanation
    assert doc.budget.rate == Decimal("90.00") and doc.budget.score == Decimal("9.00")
    assert report.rows[3].outcome.fallback  # text: the unit's judgement, kept and flagged
    assert doc.total == report.totals.recomputed_total == Decimal("96.17")
    assert doc.grade == report.totals.recomputed_grade == "优"


def test_an_override_needs_a_reason_and_is_counted() -> None:
    base = evaluating.skeleton(table(), PROFILE)
    bare = evaluating.build(base, actuals(row1=RowInput("95%", "", "16.66")), PROFILE)
    assert "reason-1" in bare.errors and "调整理由" in bare.errors["reason-1"]
    fine = evaluating.build(
        base, actuals(row1=RowInput("95%", "", "16.66", "两家停产不可抗")), PROFILE
    )
    assert "reason-1" not in fine.errors
    found = evaluating.adjustments(fine.report, fine.document)
    assert [(a.index, a.computed, a.claimed) for a in found] == [
        (2, Decimal("15.84"), Decimal("16.66")),
        (4, None, Decimal("28")),
    ]
    assert evaluating.summary(found) == "1 行人工调整，合计 +0.82 分；1 行规则无法评分，由人工判断"


def test_a_judgement_without_a_reason_is_refused() -> None:
    base = evaluating.skeleton(table(), PROFILE)
    built = evaluating.build(base, actuals(row3=RowInput("有效保障", "", "30")), PROFILE)
    assert "判断依据" in built.errors["reason-3"]


def test_the_drafted_conclusion_passes_the_engines_claim_checks() -> None:
    base = evaluating.skeleton(table(), PROFILE)
    built = evaluating.build(base, actuals(), PROFILE)
    text = evaluating.draft_conclusion(built.document, built.report)
    assert "年度绩效指标5项" in text and "自评得分为96.17分" in text and "执行率为90%" in text
    checked = evaluating.build(base, actuals_with(text), PROFILE)
    codes = {d.code for d in checked.report.differences}
    assert not codes & {"COUNT", "CLAIM_TOTAL", "CLAIM_RATE"}
    wrong = evaluating.build(base, actuals_with(text.replace("指标5项", "指标6项")), PROFILE)
    assert "COUNT" in {d.code for d in wrong.report.differences}


def actuals_with(conclusion: str) -> EvaluationFields:
    fields = actuals()
    return EvaluationFields(
        annual=fields.annual,
        executed=fields.executed,
        goals=fields.goals,
        rows=fields.rows,
        conclusion=conclusion,
    )


def test_fields_of_a_built_document_rebuild_it() -> None:
    built = evaluating.build(evaluating.skeleton(table(), PROFILE), actuals(), PROFILE)
    fields = evaluating.fields_of(built.document, PROFILE)
    assert fields.rows[0].score == "" and fields.rows[3].score == "28"
    again = evaluating.build(built.document, fields, PROFILE)
    assert again.document == built.document


def test_unreadable_amounts_and_scores_are_named() -> None:
    base = evaluating.skeleton(table(), PROFILE)
    fields = EvaluationFields(executed="七十", rows=(RowInput("104家", "", "99"),))
    built = evaluating.build(base, fields, PROFILE)
    assert "全年执行数" in built.errors["executed"]
    assert "分值 16.67" in built.errors["score-0"]


def test_a_self_evaluation_opens_after_approval_and_the_year() -> None:
    assert (
        evaluating.why_not_yet(False, 2025, date(2026, 1, 5)) == "绩效目标表尚未批复，不能填报自评"
    )
    assert "2025年度结束后" in (evaluating.why_not_yet(True, 2025, date(2025, 12, 31)) or "")
    assert evaluating.why_not_yet(True, 2025, date(2026, 1, 1)) is None


def test_records_match_across_years_without_the_leading_year() -> None:
    from jixiao.domain.records import normalise_name, yearless

    assert yearless(normalise_name("2025年度 辐射安全核查")) == yearless("2026年度辐射安全核查")
    assert yearless("辐射安全2025年度核查") == "辐射安全2025年度核查"


def test_a_department_table_gets_the_department_form_and_profile() -> None:
    department = table().model_copy(update={"scope": "department"})
    doc = evaluating.skeleton(department, load_profile("tianjin_dept"))
    assert doc.title == "2025年度部门整体支出绩效自评表" and doc.project is None
    assert [r.weight for r in doc.indicators] == [Decimal(18)] * 5  # 90 equally, step 0.05


def test_every_approved_goal_gets_its_own_row() -> None:
    goals = ("完成现场核查不少于100家。", "出具核查意见。")
    doc = evaluating.skeleton(table().model_copy(update={"goals": goals}), PROFILE)
    assert [(g.no, g.target, g.actual) for g in doc.goals] == [(1, goals[0], ""), (2, goals[1], "")]
    assert {r.goal_no for r in doc.indicators} == {None}  # which goal a row serves is not known
    one = evaluating.skeleton(table(), PROFILE)
    assert [g.no for g in one.goals] == [1] and {r.goal_no for r in one.indicators} == {1}
