"""Tables that share a title get exactly their own findings and grade (文档标识, not titles).

Both workbooks hold several tables titled alike: ``side_by_side.xlsx`` (three sets, one per
sheet) and ``same_titles.xlsx`` (one project per sheet, each with a different fault).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.domain.model import Document, TargetTable
from jixiao.domain.review import Finding, grades, review
from jixiao.domain.review.identity import document_keys, label, place
from jixiao.ingest import read_path

OFFICE = Path(__file__).parent.parent / "data" / "office"
SIDE_BY_SIDE = OFFICE / "side_by_side.xlsx"
SAME_TITLES = OFFICE / "same_titles.xlsx"


def _reviewed(path: Path) -> tuple[list[Document], list[Finding]]:
    documents = read_path(path)
    return documents, review(documents)


def _table(path: Path, where: str) -> tuple[Document, list[Finding], str]:
    """The table of ``path`` that starts at ``where``, its own findings and its grade."""
    documents, findings = _reviewed(path)
    (document,) = [d for d in documents if place(d.source) == where]
    assert document.id is not None
    own = [f for f in findings if f.document == document.id]
    return document, own, grades(findings).get(document.id, "优")


def _seen(findings: list[Finding]) -> list[tuple[str, str, str]]:
    return sorted((f.rule, place(f.source), f.message) for f in findings)


def test_every_table_has_its_own_identity() -> None:
    for path in (SIDE_BY_SIDE, SAME_TITLES):
        documents, findings = _reviewed(path)
        assert len({d.title for d in documents}) == 1  # one title for all the tables
        ids = {d.id for d in documents}
        assert len(ids) == len(documents)
        assert {f.document for f in findings} <= ids


def test_side_by_side_first_sheet() -> None:
    document, own, grade = _table(SIDE_BY_SIDE, "中长期!A1")
    assert label(document) == "项目支出绩效目标表：农村饮水安全（中长期!A1）"
    assert _seen(own) == [
        ("CMP-01", "中长期!A1", "缺少绩效目标"),
        ("CMP-01", "中长期!A1", "缺少预算数"),
        ("CMP-04", "中长期!A1", "指标体系缺少质量指标、时效指标、成本指标、满意度指标"),
    ]
    assert {f.label for f in own} == {label(document)}
    assert grade == "差"


def test_side_by_side_paired_sheet() -> None:
    _, own, grade = _table(SIDE_BY_SIDE, "分列!A1")
    assert sorted((f.rule, place(f.source)) for f in own if f.rule in {"CMP-03", "CMP-05"}) == [
        ("CMP-03", "分列!A5"),
        ("CMP-03", "分列!C5"),
        ("CMP-03", "分列!E5"),
        ("CMP-05", "分列!A5"),
        ("CMP-05", "分列!C5"),
        ("CMP-05", "分列!E5"),
    ]
    assert len(own) == 9
    assert grade == "差"


def test_side_by_side_horizontal_sheet() -> None:
    _, own, grade = _table(SIDE_BY_SIDE, "横排!B2")
    assert ("CMP-02", "横排!D2", "三级指标名称“时效指标”只是层级名称，没有说明衡量什么") in _seen(
        own
    )
    assert ("CMP-04", "横排!B2", "指标体系缺少成本指标") in _seen(own)
    assert (  # a qualitative benefit without grades (REL-05, issue 12)
        "REL-05",
        "横排!E2",
        "“全民阅读氛围明显提升”的指标值“全民阅读氛围明显提升”无法评判，指标解释中也没有评价标准",
    ) in _seen(own)
    assert len(own) == 5
    assert grade == "差"


def test_same_titles_clean_sheet_has_no_findings() -> None:
    document, own, grade = _table(SAME_TITLES, "大气!A1")
    assert isinstance(document, TargetTable) and document.project.name == "大气监测运维"
    assert own == []
    assert grade == "优"


def test_same_titles_template_goal_is_found_at_the_goal_cell() -> None:
    _, own, grade = _table(SAME_TITLES, "水!A1")
    assert _seen(own) == [
        (
            "CMP-02",
            "水!B4",
            "绩效目标含模板文字“目标内容1”：1.目标内容1完成水质监测点位20个的运行维护",
        )
    ]
    assert grade == "中"


def test_same_titles_missing_budget() -> None:
    _, own, grade = _table(SAME_TITLES, "土壤!A1")
    assert _seen(own) == [("CMP-01", "土壤!A1", "缺少预算数")]
    assert grade == "差"


def test_documents_built_in_code_get_positional_keys(tables_004: list[TargetTable]) -> None:
    anonymous = [t.model_copy(update={"id": None}) for t in tables_004[:2]]
    assert document_keys([*anonymous, tables_004[2], tables_004[2]]) == [
        "#0",
        "#1",
        tables_004[2].id,
        "#3",  # the same table given twice is told apart by position
    ]
    assert {f.document for f in review(anonymous)} <= {"#0", "#1"}


@pytest.mark.parametrize(
    ("path", "places"),
    [
        (SIDE_BY_SIDE, ["中长期!A1", "分列!A1", "横排!B2"]),
        (SAME_TITLES, ["大气!A1", "水!A1", "土壤!A1"]),
    ],
)
def test_cli_prints_one_summary_row_per_table(path: Path, places: list[str]) -> None:
    result = CliRunner().invoke(app, ["review", str(path)])
    summary = result.output.split("审核汇总")[1]
    assert "1 份文件，3 张表" in summary
    assert [p for p in places if summary.count(p) == 1] == places
    payload = CliRunner().invoke(app, ["review", str(path), "--format", "json"]).output
    assert payload.count('"place"') == 3
