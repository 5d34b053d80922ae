"""The review report out: .xlsx one row per project, Word 审核意见书 per project.

``same_titles.xlsx`` holds three projects under one title (one per sheet): 大气 is clean, 水 has
template goal text (CMP-02), 土壤 has no budget (CMP-01). Each row and each letter must carry
its own project's opinions, never a neighbour's.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
from openpyxl import load_workbook
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.domain.review import review
from jixiao.domain.review.report import ProjectReview, project_reviews
from jixiao.export.review import REPORTS, write_report
from jixiao.export.review.xlsx import HEADINGS
from jixiao.ingest import read_path

SAME_TITLES = Path(__file__).parent.parent / "data" / "office" / "same_titles.xlsx"


def _reviews() -> list[ProjectReview]:
    documents = read_path(SAME_TITLES)
    return project_reviews(documents, review(documents), "tianjin")


def test_project_reviews_conclusions_and_numbered_opinions() -> None:
    by_place = {r.place: r for r in _reviews()}
    assert [by_place[p].conclusion for p in ("大气!A1", "水!A1", "土壤!A1")] == [
        "通过",
        "修改后通过",
        "退回",
    ]
    water = by_place["水!A1"].opinions()
    assert list(water) == ["完整性"]
    (opinion,) = water["完整性"]
    assert opinion.line().startswith("1. 【错误】绩效目标含模板文字“目标内容1”")
    assert "修改建议" in opinion.text and opinion.basis
    assert by_place["大气!A1"].opinions() == {}


def _xlsx_rows(data: bytes) -> list[dict[str, object]]:
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADINGS
    return [dict(zip(HEADINGS, row, strict=True)) for row in rows[1:]]


def test_xlsx_has_one_row_per_project_with_its_own_opinions() -> None:
    rows = _xlsx_rows(write_report(_reviews(), "xlsx"))
    assert [(r["位置"], r["项目名称"], r["审核结论"]) for r in rows] == [
        ("大气!A1", "大气监测运维", "通过"),
        ("水!A1", "水质监测运维", "修改后通过"),
        ("土壤!A1", "土壤监测运维", "退回"),
    ]
    clean, water, soil = rows
    assert clean["完整性意见"] is None and clean["错误"] == 0
    assert (clean["预算单位"], clean["预算数（万元）"], clean["建议等级"]) == (
        "某市生态环境局",
        60,
        "优",
    )
    assert str(water["完整性意见"]).startswith("1. 【错误】绩效目标含模板文字")
    assert "预算数" not in str(water["完整性意见"])
    assert str(soil["完整性意见"]).startswith("1. 【错误】缺少预算数")
    assert "目标内容1" not in str(soil["完整性意见"])
    assert (soil["错误"], soil["建议等级"], soil["预算数（万元）"]) == (1, "差", None)


def _letters(data: bytes) -> list[str]:
    """The text of each 审核意见书 (they start with the heading)."""
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    return text.split("绩效目标审核意见书")[1:]


def _facts(data: bytes) -> list[dict[str, str]]:
    tables = docx.Document(io.BytesIO(data)).tables
    return [{row.cells[0].text: row.cells[1].text for row in table.rows} for table in tables]


def test_docx_has_one_letter_per_project_with_its_own_opinions() -> None:
    data = write_report(_reviews(), "docx")
    clean, water, soil = _letters(data)
    assert "未发现问题" in clean and "审核结论：通过" in clean
    assert "（一）完整性\n1. 【错误】绩效目标含模板文字“目标内容1”" in water
    assert "依据：" in water and "审核结论：修改后通过（建议等级：中" in water
    assert "缺少预算数" in soil and "目标内容1" not in soil
    assert "审核结论：退回" in soil
    facts = _facts(data)
    assert [f["文件及位置"] for f in facts] == [
        "same_titles.xlsx 大气!A1",
        "same_titles.xlsx 水!A1",
        "same_titles.xlsx 土壤!A1",
    ]
    assert facts[0]["项目名称"] == "大气监测运维"


def test_unknown_format_is_refused() -> None:
    assert set(REPORTS) == {"xlsx", "docx"}
    try:
        write_report([], "pdf")
    except ValueError as exc:
        assert "pdf" in str(exc)
    else:
        raise AssertionError("pdf accepted")


def test_cli_writes_both_reports(tmp_path: Path) -> None:
    xlsx, word = tmp_path / "审核.xlsx", tmp_path / "意见书.docx"
    result = CliRunner().invoke(
        app,
        ["review", str(SAME_TITLES), "--report-xlsx", str(xlsx), "--report-docx", str(word)],
    )
    assert result.exit_code == 1, result.output  # errors found
    assert [r["审核结论"] for r in _xlsx_rows(xlsx.read_bytes())] == ["通过", "修改后通过", "退回"]
    assert len(_letters(word.read_bytes())) == 3
