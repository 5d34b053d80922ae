"""The layouts of issue 11 and the Shenzhen form of issue 12, in every format they come in.

The fixtures are made by tests/data/make_fixtures.py from tests/data/shapes.py; the documents of
each are pinned (format-independent) in tests/data/office_shapes.json, and the tests below name
what each shape is about.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from jixiao.domain.model import SelfEvaluation, TargetTable
from jixiao.ingest import ReadError, read_bytes
from jixiao.ingest.report import FileReport

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "data"))
from shapes import SHAPES
from shapes_summary import summary

Read = Callable[[str], FileReport]
PINNED = json.loads(
    (Path(__file__).parent.parent / "data" / "office_shapes.json").read_text(encoding="utf-8")
)
SHAPE_FILES = [f"{name}.{suffix}" for name, (_, formats) in SHAPES.items() for suffix in formats]


@pytest.mark.parametrize("filename", SHAPE_FILES)
def test_each_shape_reads_to_its_pinned_documents(filename: str, office_report: Read) -> None:
    """Every format of a shape gives the same documents, except where the pins name a format
    (a PDF loses the line breaks inside a cell)."""
    name, suffix = filename.rsplit(".", 1)
    base = name.removesuffix("_print")
    expected = PINNED.get(f"{base}.{suffix}", PINNED[base])
    assert [summary(d) for d in office_report(filename).documents] == expected


def _targets(result: FileReport) -> list[TargetTable]:
    return [d for d in result.documents if isinstance(d, TargetTable)]


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "docx"])
def test_headers_with_spaces_line_breaks_vertical_labels_and_split_columns(
    suffix: str, office_report: Read
) -> None:
    result = office_report(f"headers.{suffix}")
    table, evaluation = result.documents
    assert isinstance(table, TargetTable) and isinstance(evaluation, SelfEvaluation)
    assert [i.level3 for i in table.indicators][:3] == ["整治点位", "验收合格率", "乱堆乱放点位"]
    assert table.indicators[2].target.raw == "≤5个" and table.indicators[2].weight == 10
    assert table.indicators[2].direction == "lower_better"  # 指标方向 反向
    assert table.budget.total == 80 and table.goals == ("完成辖区环境整治",)
    (target_table,) = [t for t in result.tables if t.kind == "project_target"]
    assert (
        target_table.columns["op"] == "绩效指标性质"
        and target_table.columns["level1"] == "一级\n指标"
    )
    assert evaluation.indicators[0].actual.raw == "6个"  # 全年实际值
    assert not [s for s in result.skipped if s.reason == "not in any field of the model"]


def test_application_form_with_check_boxes_sentences_and_funding_grid(office_report: Read) -> None:
    (table,) = _targets(office_report("application.xlsx"))
    assert (table.applicant, table.implementer, table.responsible) == (
        "某市文化广电旅游局", "某市文化馆", "张明",
    )  # fmt: skip
    assert (table.attribute, table.term, table.basis) == ("新增", "经常性", "法律法规、部门职责")
    assert table.project_code == "2025-WH-003"
    assert (table.budget.total, table.budget.fiscal, table.budget.procurement) == (50, 50, 15)
    assert table.budget.mid_term is None  # 中期资金总额： 万元 (blank)
    assert [(f.name, f.amount) for f in table.funding_sources][:2] == [
        ("一般公共预算收入", 45), ("政府性基金", 5),
    ]  # fmt: skip
    assert table.long_term_goals == ("三年内建成覆盖全市的公共文化服务网络",)
    assert table.indicators[0].description == "全年举办的公益演出"  # 指标值（包含数字及文字描述）


@pytest.mark.parametrize("suffix", ["xlsx", "xls"])
def test_shenzhen_form_one_sheet_per_project(suffix: str, office_report: Read) -> None:
    result = office_report(f"shenzhen.{suffix}")
    good, bad = _targets(result)
    assert good.project.name == "社区工作站经费" and good.budget.total == Decimal("120.5")
    assert good.basis is not None and "〔2019〕15号" in good.basis
    assert good.calculation is not None and "10人×8万元/人=80万元" in good.calculation
    assert (good.project_code, good.term) == ("44030020250001", "2025年1月至2025年12月")
    assert good.long_term_goals == ("建成规范高效的社区服务体系",) and good.year == 2025
    not_applicable = [i.level2 for i in good.indicators if i.level3 == "不适用"]
    assert not_applicable == ["经济效益指标", "生态效益指标", "其他满意度"]
    assert good.budget.problems is None
    # 1205000 under 本年度项目金额（万元）: read as 元, and flagged
    assert bad.budget.total == Decimal("120.5") and bad.budget.problems == ("yuan_converted",)
    (blank_name,) = [i for i in bad.indicators if not i.level3]
    assert (blank_name.level2, blank_name.target.raw) == ("时效指标", "≤3天")
    assert (bad.basis, bad.calculation) == ("根据工作需要", "按实际需要安排")


def test_a_six_figure_amount_under_a_wan_label_is_kept_and_flagged() -> None:
    book = openpyxl.Workbook()
    for row in [["项目名称：", "试点"], ["本年度项目金额（万元）：", 350000],
                ["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "户数", "≥10户"]]:  # fmt: skip
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    (table,) = read_bytes("doubtful.xlsx", data.getvalue())
    assert isinstance(table, TargetTable)
    assert table.budget.total == 350000 and table.budget.problems == ("yuan_doubtful",)


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "docx"])
def test_department_application_budget_grid_in_yuan(suffix: str, office_report: Read) -> None:
    result = office_report(f"department_application.{suffix}")
    (table,) = _targets(result)
    assert table.scope == "department"
    budget = table.budget
    assert (budget.total, budget.basic, budget.project_spending) == (5200, 3200, 2000)
    assert [t.category for t in table.tasks] == ["项目支出", "项目支出", "人员经费", "公用经费"]
    assert table.tasks[0].amount == 1500 and table.goals == ("改善全市生态环境质量",)
    grid = [s.reason for s in result.skipped if "budget grid" in s.reason]
    assert len(grid) == 6 and "only its 合计" in grid[0]


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "docx"])
def test_self_evaluation_narratives_and_row_numbers(suffix: str, office_report: Read) -> None:
    result = office_report(f"completion.{suffix}")
    evaluation, completion = result.documents
    assert isinstance(evaluation, SelfEvaluation) and isinstance(completion, SelfEvaluation)
    assert evaluation.overview == "平台覆盖全区12个街道，接入视频2000路"
    assert evaluation.implementation == "按季度开展巡检，更新设备120台"
    assert evaluation.goal_completion == "完成平台全年运维，案件处置率98%"
    assert (evaluation.budget.executed, evaluation.total) == (190, Decimal("97.5"))
    assert sum(s.reason == "row number (序号)" for s in result.skipped) == 4
    assert [i.actual.raw for i in completion.indicators] == ["32场", "93%"]


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "docx"])
def test_unit_lines_head_their_projects(suffix: str, office_report: Read) -> None:
    result = office_report(f"grouped.{suffix}")
    tables = _targets(result)
    assert [(t.department.code, t.project.name) for t in tables] == [
        ("106001", "预算绩效管理"), ("106001", "财政信息化"), ("106002", "纳税服务"),
    ]  # fmt: skip
    assert tables[0].goals == ("开展绩效评价", "提升资金效益")  # <br/> inside the cell
    assert [len(t.indicators) for t in tables] == [2, 2, 1]
    assert [s.reason for s in result.skipped] == [
        "totals row (总计 / 合计): a sum of the rows above"
    ]


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "docx"])
def test_disclosure_financial_tables_are_skipped_by_name(suffix: str, office_report: Read) -> None:
    result = office_report(f"disclosure.{suffix}")
    (table,) = _targets(result)
    assert table.project.name == "学生资助"
    financial = [s.reason for s in result.skipped if s.reason.startswith("financial table")]
    assert financial[0] == "financial table (「部门收支总表」): not a performance table"
    assert len(financial) == 5


@pytest.mark.parametrize("suffix", ["xlsx", "xls"])
def test_long_format_export_is_joined_by_project_code(suffix: str, office_report: Read) -> None:
    result = office_report(f"long_format.{suffix}")
    roads, buses = _targets(result)
    assert (roads.project.name, roads.project_code, roads.budget.total) == (
        "道路维修",
        "P2025001",
        500,
    )
    assert [i.level3 for i in roads.indicators] == ["维修里程", "通行条件", "群众满意度"]
    assert [i.level3 for i in buses.indicators] == ["补贴线路", "每公里补贴"]
    assert buses.goals == ("保障公交运营",) and buses.department.name == "交通局"
    assert [t.kind for t in result.tables] == ["project_list", "project_target"]
    assert not result.skipped


def test_a_project_list_row_without_indicators_is_reported() -> None:
    book = openpyxl.Workbook()
    book.active.title = "项目信息"
    for row in [["项目编码", "项目名称"], ["A1", "有指标"], ["A2", "无指标"]]:
        book.active.append(row)
    sheet = book.create_sheet("指标信息")
    for row in [["项目编码", "一级指标", "二级指标", "三级指标", "指标值"],
                ["A1", "产出指标", "数量指标", "户数", "≥10户"]]:  # fmt: skip
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    from jixiao.ingest import describe

    result = describe("list.xlsx", data.getvalue())
    assert result is not None and len(result.documents) == 1
    assert {s.where: s.reason for s in result.skipped} == {
        "项目信息!A3": "project list row: no indicator row has its 项目编码",
        "项目信息!B3": "project list row: no indicator row has its 项目编码",
    }


def test_a_file_without_a_performance_table_names_each_table_it_saw() -> None:
    book = openpyxl.Workbook()
    book.active.title = "封面"
    book.active.append(["2025年某局部门预算"])
    for title in ["1.部门收支总表", "2.一般公共预算“三公”经费支出表"]:
        sheet = book.create_sheet(title)
        sheet.append([f"2025年{title[2:]}"])
        sheet.append(["项目", "预算数"])
    data = io.BytesIO()
    book.save(data)
    with pytest.raises(ReadError) as caught:
        read_bytes("budget.xlsx", data.getvalue())
    message = str(caught.value)
    assert "封面!A1..封面!A1 「2025年某局部门预算」: no indicator header row" in message
    assert "financial table (「部门收支总表」)" in message
    assert "financial table (「一般公共预算“三公”经费支出表」)" in message


@pytest.mark.parametrize("suffix", ["pdf", "xlsx", "docx"])
def test_projects_merged_down_in_one_table_become_documents(
    suffix: str, office_report: Read
) -> None:
    result = office_report(f"pdf_projects.{suffix}")
    tables = _targets(result)
    assert [(t.project.name, t.budget.total, len(t.indicators)) for t in tables] == [
        ("社区养老服务", 120, 14), ("老年食堂运营", 80, 14), ("适老化改造", 60, 12),
    ]  # fmt: skip
    assert tables[1].goals == ("运营老年食堂6个",)
    reasons = {s.reason for s in result.skipped}
    assert reasons == {
        "实施周期指标值: the 年度指标值 is read",
        "评（扣）分标准: scoring rules are not in the model",
    }
    assert tables[0].indicators[1].target.raw == "≥92%"  # 年度指标值, not 实施周期指标值


def test_a_pdf_table_continued_on_the_next_page_without_its_header(office_report: Read) -> None:
    result = office_report("pdf_projects.pdf")
    (table,) = result.tables
    assert table.where.startswith("page 1 row 1 cell 1..page 2 ")
    last = _targets(result)[-1].indicators[-1]
    assert (last.level3, last.source.cell) == ("验收合格率12", "page 2 row 3 cell 6")


@pytest.mark.parametrize("suffix", ["pdf", "xlsx", "docx"])
def test_packed_joined_and_flat_indicators(suffix: str, office_report: Read) -> None:
    result = office_report(f"pdf_packed.{suffix}")
    sanitation, dredging, irrigation, fitness, transfer = _targets(result)
    assert [(i.level1, i.level2, i.level3, i.target.raw) for i in sanitation.indicators][-2:] == [
        ("效益指标", "社会效益指标", "村容村貌", "明显改善"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
    ]
    assert len(sanitation.indicators) == 4 and len(dredging.indicators) == 2
    first = irrigation.indicators[0]
    assert (first.level1, first.level2, first.level3, first.weight) == (
        "产出指标", "数量指标", "新建渠道", 40,
    )  # fmt: skip
    assert [(i.level1, i.level2) for i in fitness.indicators] == [("", "")] * 3
    notes = [n.why for n in result.notes]
    assert notes.count("no 一级指标 / 二级指标 column: levels left blank") == 1
    assert notes.count("levels joined in one cell: split") == 3
    assert (transfer.project.name, transfer.budget.total, transfer.budget.fiscal) == (
        "农业生产发展资金", 1500, 1200,
    )  # fmt: skip


def test_labels_written_with_their_value_in_one_cell() -> None:
    book = openpyxl.Workbook()
    for row in [["项目名称：道路养护"], ["预算数：120"], ["年度目标：养护道路120公里"],
                ["政策依据：《公路法》\u3000实施期限：2025年"],
                ["一级指标", "二级指标", "三级指标", "指标值"],
                ["产出指标", "数量指标", "养护里程", "≥120公里"]]:  # fmt: skip
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    (table,) = read_bytes("inline.xlsx", data.getvalue())
    assert isinstance(table, TargetTable)
    assert (table.project.name, table.budget.total, table.goals) == (
        "道路养护", 120, ("养护道路120公里",),
    )  # fmt: skip
    assert (table.basis, table.term) == ("《公路法》", "2025年")
