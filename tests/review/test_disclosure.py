"""预算绩效管理情况 of disclosure reports: read from seed-shaped reports and checked (DIS rules).

The fixtures in tests/data/disclosure are shaped like the seeds (bookmark line, 362101 unit line,
tab-indented paragraphs): a 2025 budget report and a 2024 final-accounts report, each correct
and with one figure wrong.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.domain.disclosure import read_disclosure
from jixiao.domain.review import review
from jixiao.ingest.disclosure import read_disclosure_path
from jixiao.ingest.errors import ReadError

DATA = Path(__file__).parent.parent / "data" / "disclosure"


def _read(name: str):
    found = read_disclosure((DATA / name).read_text(encoding="utf-8"), name)
    assert found is not None
    return found


def test_budget_report_figures() -> None:
    found = _read("budget_2025.txt")
    assert (found.department.code, found.department.name, found.year) == (
        "362101", "天津市生态环境局", 2025,
    )  # fmt: skip
    assert (found.target_projects, found.target_funds) == (22, Decimal("5600.00"))
    assert found.project_spending == Decimal("5678.90")
    assert found.source.line == 11 and found.title == "预算绩效管理情况"


def test_final_accounts_figures_take_the_total_not_the_level_counts() -> None:
    found = _read("final_2024.txt")
    assert found.evaluated == 20  # “一级项目3个，二级项目20个，共涉及项目20个”
    assert found.grades == (("优", 15), ("良", 4), ("合格", 1), ("不合格", 0))
    assert found.project_spending == Decimal("5234.56")


def test_amounts_in_yuan_are_read_as_wan() -> None:
    assert _read("budget_2025_over.txt").target_funds == Decimal("6800")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("budget_2025.txt", []),
        ("final_2024.txt", []),
        (
            "budget_2025_over.txt",
            [("DIS-01", "实行绩效目标管理的资金 6,800.00万元 超过项目支出 5,678.90万元")],
        ),
        (
            "final_2024_grades_off.txt",
            [
                (
                    "DIS-02",
                    "自评结果优15个、良4个、合格2个、不合格0个，合计 21 个，与自评项目数 20 个不符",
                )
            ],
        ),
    ],
)
def test_disclosure_findings_are_pinned(name: str, expected: list[tuple[str, str]]) -> None:
    found = review([_read(name)])
    assert [(f.rule, f.message) for f in found] == expected
    assert all(
        f.label == f"天津市生态环境局{_read(name).title}（第{_read(name).source.line}行）"
        for f in found
    )


def test_a_report_without_the_paragraph_has_none(tmp_path: Path) -> None:
    text = "2025年部门预算说明\n项目支出100万元。"
    assert read_disclosure(text, "x.txt") is None
    (tmp_path / "x.txt").write_text(text, encoding="utf-8")
    with pytest.raises(ReadError, match=r"x\.txt: 没有找到"):
        read_disclosure_path(tmp_path / "x.txt")


def test_a_word_report_is_read(tmp_path: Path) -> None:
    document = docx.Document()
    for line in (DATA / "final_2024_grades_off.txt").read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    path = tmp_path / "决算说明.docx"
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    assert [f.rule for f in review([read_disclosure_path(path)])] == ["DIS-02"]
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(ReadError, match=r"broken\.docx"):
        read_disclosure_path(broken)


def test_cli_checks_disclosures_beside_tables() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["review", "--disclosure", str(DATA / "budget_2025_over.txt")])
    assert result.exit_code == 1 and "DIS-01" in result.output
    assert (
        runner.invoke(app, ["review", "--disclosure", str(DATA / "final_2024.txt")]).exit_code == 0
    )
    assert runner.invoke(app, ["review"]).exit_code == 2


FRAGMENTS = st.sampled_from(
    ["预算绩效管理情况", "绩效目标管理的项目", "绩效自评", "共涉及项目", "项目支出", "优", "良",
     "合格", "不合格", "中", "差", "个", "万元", "元", "，", "。", "\n", "2025年", "12", "0",
     "3,4", "1.5", "362101天津市生态环境局"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(FRAGMENTS, max_size=40).map("".join))
def test_no_text_makes_reading_or_checking_raise(text: str) -> None:
    found = read_disclosure(text, "random.txt")
    if found is not None:
        assert not [f.message for f in review([found]) if "无法检查" in f.message]
