"""A finding about a goal points at the goal's line or cell, not at the table's title."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from jixiao.demo import SEEDS
from jixiao.domain.model import Document, TargetTable
from jixiao.domain.review import review
from jixiao.ingest import read_bytes, read_path

SEED_003 = SEEDS / "003_88a8ef7fc06e4953.txt"


def _goal_findings(documents: list[Document]) -> list[tuple[str, str]]:
    return [(f.rule, str(f.source)) for f in review(documents) if f.field == "goals"]


def test_seed_goals_carry_their_lines(tables_004: list[TargetTable]) -> None:
    first = tables_004[0]
    assert first.source.line == 1
    assert [s.line for s in first.goal_sources] == [20]
    assert first.goals_cell is not None and first.goals_cell.line == 20
    assert len(tables_004[3].goal_sources) == len(tables_004[3].goals)


def test_template_goal_text_is_found_at_the_goal_line(tables_004: list[TargetTable]) -> None:
    placeholders = [f for f in review(tables_004) if f.rule == "CMP-02" and f.field == "goals"]
    assert [f.source.line for f in placeholders] == [20, 259]


def test_a_blank_goal_is_reported_at_the_goal_cell() -> None:
    lines = SEED_003.read_text(encoding="utf-8").split("\n")
    assert lines[19].startswith("\t1.提高执法人员")
    lines[19] = "\t"
    first = read_bytes("blank.txt", "\n".join(lines).encode())[0]
    assert isinstance(first, TargetTable) and first.goals == ()
    assert ("CMP-01", "blank.txt:20") in _goal_findings([first])


def _workbook(goal: str | None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "大气"
    for row in [
        ["2025年项目支出绩效目标表"],
        ["项目名称", "大气监测运维", "单位名称", "362101-某市生态环境局"],
        ["预算数", 60, "其中：财政资金", 60, "其他资金", 0],
        ["绩效目标", goal],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "监测点位", "≥20个"],
    ]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_office_goals_carry_their_cells() -> None:
    (table,) = read_bytes("goals.xlsx", _workbook("1.目标内容1完成监测\n2.数据有效率达到90%"))
    assert isinstance(table, TargetTable)
    assert [s.cell for s in table.goal_sources] == ["大气!B4", "大气!B4"]
    assert ("CMP-02", "goals.xlsx [大气!B4]") in _goal_findings([table])


def test_a_blank_office_goal_is_reported_at_its_label() -> None:
    (table,) = read_bytes("blank.xlsx", _workbook(None))
    assert _goal_findings([table]) == [("CMP-01", "blank.xlsx [大气!A4]")]


def test_goal_sources_must_match_the_goals(tables_004: list[TargetTable]) -> None:
    first = tables_004[0]
    data = first.model_dump() | {"goal_sources": [*first.model_dump()["goal_sources"]] * 2}
    with pytest.raises(ValueError, match="2 goal sources for 1 goals"):
        TargetTable.model_validate(data)


def test_side_by_side_without_goals_points_at_the_table() -> None:
    path = Path(__file__).parent.parent / "data" / "office" / "side_by_side.xlsx"
    first = read_path(path)[0]
    assert isinstance(first, TargetTable) and first.goals_cell is None
    assert ("CMP-01", f"{path} [中长期!A1]") in _goal_findings([first])
