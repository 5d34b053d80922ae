"""Each fixture reproduces a published layout; the documents read from it are checked in detail."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from jixiao.domain.model import SelfEvaluation, TargetTable
from jixiao.ingest.report import FileReport

Read = Callable[[str], FileReport]


def _targets(result: FileReport) -> list[TargetTable]:
    documents = result.documents
    assert all(isinstance(d, TargetTable) for d in documents)
    return [d for d in documents if isinstance(d, TargetTable)]


def test_split_target_columns_with_system_codes(office_report: Read) -> None:
    result = office_report("split_target.xlsx")
    (table,) = _targets(result)
    assert table.title == "2025年项目支出绩效目标表" and table.year == 2025
    assert (table.department.code, table.department.name) == ("301108", "某小学")
    assert table.project.name == "社区养老服务"
    assert table.budget.total == Decimal("82800.92") and table.budget.other == Decimal("2800.92")
    assert table.goals == ("1.完成社区养老服务", "2.提升老人满意度")
    by_name = {i.level3: i for i in table.indicators}
    assert by_name["服务人次"].target.raw == "≥9000人次"
    assert by_name["服务合格率"].target.value == Decimal("95")
    assert by_name["完成时间"].target.deadline == date(2024, 12, 31)
    assert by_name["覆盖率"].target.raw == "=100%"
    assert by_name["满意度"].target.op == "≥"  # ≧90%
    assert by_name["投诉处理"].target.kind == "qualitative"
    assert by_name["回访人次"].target.raw == "约5.5万人次"
    assert by_name["服务人次"].level1 == "产出指标"  # 产出指标(50分), merged down
    assert by_name["培训人数"].level1 == "产出指标"
    assert (by_name["人均成本"].level1, by_name["人均成本"].level2) == ("成本指标", "经济成本指标")
    assert by_name["回访人次"].level2 == "社会公众或服务对象满意度指标"
    assert by_name["服务合格率"].source.cell == "目标表!C9"
    assert "可持续发展指标" not in {i.level2 for i in table.indicators}
    assert "template leftover" in result.reasons()["目标表!B15"]
    assert "主管部门" in result.reasons()["目标表!E3"]
    notes = {n.cell: n for n in result.notes}
    assert (notes["目标表!E9"].raw, notes["目标表!E9"].read_as) == ("0.95", "≥95%")
    assert notes["目标表!A8"].read_as == "产出指标"


def test_project_self_evaluation_with_budget_block_and_repeated_header(office_report: Read) -> None:
    result = office_report("self_evaluation.xlsx")
    (evaluation,) = result.documents
    assert isinstance(evaluation, SelfEvaluation)
    assert (evaluation.scope, evaluation.year) == ("project", 2024)
    assert evaluation.department.name == "某县公路站"
    assert evaluation.project is not None and evaluation.project.name == "乡村道路养护"
    budget = evaluation.budget
    assert (budget.initial, budget.annual, budget.executed) == (100, 120, 114)
    assert (budget.rate, budget.weight, budget.score) == (Decimal("95"), 10, Decimal("9.5"))
    (goal,) = evaluation.goals
    assert (goal.target, goal.actual) == ("完成道路养护120公里", "完成养护114公里")
    assert [i.level3 for i in evaluation.indicators] == [
        "养护里程",
        "优良路率",
        "通行条件",
        "群众满意度",
    ]
    quality = evaluation.indicators[1]
    assert (quality.target.raw, quality.actual.raw) == ("90%", "92%")
    assert (quality.level1, quality.level2) == ("产出指标", "质量指标")
    assert evaluation.indicators[0].deviation == "部分路段延期"
    assert (evaluation.total_weight, evaluation.total) == (100, Decimal("88.5"))
    assert evaluation.conclusion == "项目总体完成较好，自评等级为良。"
    assert "only the total line" in result.reasons()["自评表!C7"]


def test_stacked_forms_score_sheet_and_rows_per_indicator(office_report: Read) -> None:
    result = office_report("stacked.xlsx")
    tables = _targets(result)
    assert [t.project.name for t in tables] == [
        "城市绿化管护",
        "公园设施维修",
        "校舍维修",
        "教师培训",
    ]
    assert [len(t.indicators) for t in tables] == [2, 2, 2, 2]
    assert tables[1].budget.total == 50 and tables[1].goals == ("维修设施30处",)
    score = next(t for t in result.tables if t.kind == "score_sheet")
    assert not score.supported and score.documents == 0
    assert "not supported" in result.reasons()[score.where]
    assert "unit total" in result.reasons()["汇总!A3"]
    assert (tables[2].department.code, tables[2].budget.total) == ("301108", Decimal("150"))
    assert tables[3].budget.total == Decimal("99.56")  # 995,600.00 元 under 预算数（万元）
    assert tables[3].goals == ("培训教师",)
    assert tables[3].indicators[1].source.cell == "汇总!G7"


def test_side_by_side_paired_and_horizontal_sets(office_report: Read) -> None:
    result = office_report("side_by_side.xlsx")
    annual, paired, horizontal = _targets(result)
    assert [i.target.raw for i in annual.indicators] == ["3座", "大于9000人次"]
    assert "中长期" in result.reasons()["中长期!D5"]
    assert [(i.level1, i.level3, i.target.raw) for i in paired.indicators] == [
        ("产出指标", "开放天数", "≥300天"),
        ("效益指标", "接待人次", "≥5万人次"),
        ("满意度指标", "群众满意度", "≥90%"),
    ]
    assert horizontal.project.name == "图书馆免费开放"
    first, second = horizontal.indicators[:2]
    assert (first.level3, first.target.raw, second.level3) == (
        "年接待读者",
        "≥10万人次",
        "举办讲座",
    )
    assert first.source.cell == second.source.cell == "横排!B2"
    timing = horizontal.indicators[3]
    assert (timing.level2, timing.level3, timing.target.kind) == (
        "时效指标",
        "时效指标",
        "deadline",
    )


def test_legacy_xls_with_merges_and_percent_format(office_report: Read) -> None:
    (table,) = _targets(office_report("legacy.xls"))
    assert table.project.name == "河道保洁" and table.budget.total == Decimal("120.5")
    assert [i.target.raw for i in table.indicators] == ["≥35公里", "98%", "100%"]
    assert table.indicators[1].level1 == "产出指标"
    assert table.indicators[0].description == "保洁的河道总长"


def test_department_overall_table_in_word(office_report: Read) -> None:
    result = office_report("department.docx")
    (table,) = _targets(result)
    assert table.scope == "department" and table.title == "2025年部门整体支出绩效目标表"
    assert table.department.name == "某区教育局"
    assert (table.budget.total, table.budget.basic, table.budget.project_spending) == (
        5000,
        3000,
        2000,
    )
    assert [(t.name, t.amount) for t in table.tasks] == [
        ("义务教育保障", 1500),
        ("教师队伍建设", 500),
    ]
    assert table.tasks[0].source.cell == "table 1 row 4 cell 2"
    assert [i.level1 for i in table.indicators] == [
        "完成指标",
        "完成指标",
        "成本指标",
        "管理类指标",
        "效益指标",
    ]
    assert "金额合计" in result.reasons()["table 1 row 6 cell 2"]


def test_many_forms_in_one_word_table(office_report: Read) -> None:
    result = office_report("many_forms.docx")
    first, second, completion = result.documents
    assert isinstance(first, TargetTable) and isinstance(second, TargetTable)
    assert (first.project.name, second.project.name) == ("老旧小区改造", "燃气管道更新")
    assert first.indicators[1].target.deadline == date(2025, 10, 31)
    assert isinstance(completion, SelfEvaluation)
    assert completion.indicators[0].actual.raw == "21公里"
    assert [t.kind for t in result.tables] == ["project_target", "project_target", "completion"]


def test_ruled_pdf_table_across_two_pages(office_report: Read) -> None:
    (table,) = _targets(office_report("ruled.pdf"))
    assert table.title == "2025年项目支出绩效目标表" and table.project.name == "安全生产监管"
    assert [i.level3 for i in table.indicators] == [
        "巡检次数",
        "问题整改率",
        "事故发生率",
        "企业满意度",
    ]
    assert table.indicators[2].source.cell == "page 2 row 2 cell 3"
