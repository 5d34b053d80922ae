"""The 136号 monitoring table (项目支出绩效目标执行监控表) read from .xlsx: text and tick-box columns."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from jixiao.ingest import ReadError, read_bytes

TEXT_HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "1-7月执行情况", "全年预计完成情况",
               "偏差原因", "完成目标可能性", "原因说明", "纠偏措施"]  # fmt: skip
ROWS = [
    ["产出指标", "数量指标", "现场核查数量", "≥120家", "30家", "110家", "经费保障、其他", "有可能",
     "核查经费晚到", "追加核查力量"],
    ["产出指标", "时效指标", "完成时间", "2025年12月31日前", "进行中", "", "", "确定能", "", ""],
    ["效益指标", "社会效益指标", "辐射安全水平", "持续提升", "达成", "", "", "确定能", "", ""],
]  # fmt: skip


def workbook(rows: list[list[str]] | None = None, ticks: bool = False) -> bytes:
    """A monitoring table in the 136号 layout, made with openpyxl (merged title and labels)."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["2025年度项目支出绩效目标执行监控表"])
    ws.merge_cells("A1:J1")
    ws.append(["项目名称", "辐射安全许可现场核查"])
    ws.append(["主管部门及代码", "362101 天津市生态环境局", "", "实施单位", "天津市辐射环境管理所"])
    ws.append(["项目资金（万元）", "年初预算数", "1-7月执行数", "1-7月执行率", "全年预计执行数"])
    ws.append(["年度资金总额", "120", "70.50", "58.75%", "118"])
    ws.append(["其中：财政拨款", "120", "70.50", "58.75%", "118"])
    if not ticks:
        ws.append(TEXT_HEADER)
        for row in rows or ROWS:
            ws.append(row)
    else:
        reasons = ["经费保障", "制度保障", "人员保障", "硬件条件保障", "其他"]
        likely = ["确定能", "有可能", "完全不可能"]
        ws.append(
            [*TEXT_HEADER[:6], "偏差原因分析", "", "", "", "", "完成目标可能性", "", "", "备注"]
        )
        ws.append(["", "", "", "", "", "", *reasons, *likely, ""])
        ws.merge_cells("G7:K7")
        ws.merge_cells("L7:N7")
        for row in rows or ROWS:
            boxes = ["√" if r in row[6] else "" for r in reasons]
            marks = ["√" if c == row[7] else "" for c in likely]
            ws.append([*row[:6], *boxes, *marks, row[8]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_text_layout_reads_into_a_monitoring_report() -> None:
    [report] = read_bytes("监控表.xlsx", workbook())
    assert report.kind == "monitoring"
    assert (report.year, report.month, str(report.as_of)) == (2025, 7, "2025-07-31")
    assert report.project.name == "辐射安全许可现场核查"
    assert (report.department.code, report.department.name) == ("362101", "天津市生态环境局")
    assert report.budget.annual == Decimal("120") and report.budget.executed == Decimal("70.50")
    assert report.budget.forecast == Decimal("118")
    first = report.indicators[0]
    assert (first.level2, first.level3, first.target.raw) == ("数量指标", "现场核查数量", "≥120家")
    assert first.progress.value == Decimal("30") and first.forecast.raw == "110家"
    assert first.reasons == ("经费保障", "其他") and first.likelihood == "有可能"
    assert (first.note, first.measures) == ("核查经费晚到", "追加核查力量")
    assert first.source.cell == "Sheet!C8"
    assert len(report.indicators) == 3


def test_the_tick_box_layout_reads_the_same() -> None:
    [ticked] = read_bytes("监控表.xlsx", workbook(ticks=True))
    [text] = read_bytes("监控表.xlsx", workbook())
    assert [i.reasons for i in ticked.indicators] == [i.reasons for i in text.indicators]
    assert [i.likelihood for i in ticked.indicators] == [i.likelihood for i in text.indicators]
    assert ticked.indicators[0].note == "核查经费晚到"


def test_an_unknown_reason_names_its_cell() -> None:
    rows = [[*ROWS[0][:6], "天气原因", "有可能", "", ""]]
    with pytest.raises(ReadError) as error:
        read_bytes("监控表.xlsx", workbook(rows))
    assert "偏差原因“天气原因”" in str(error.value) and "G8" in str(error.value)
