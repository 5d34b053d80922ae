"""``jixiao export``: a department-year's stored tables as one file."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.ingest import read_path
from jixiao.web import models


def test_export_writes_one_workbook_with_a_sheet_per_table(demo, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    args = [
        "export",
        "--department",
        "362207",
        "--year",
        "2025",
        "--format",
        "xlsx",
        "-o",
        str(out),
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    stored = models.Project.objects.filter(department__code="362207", year=2025, is_current=True)
    back = read_path(out)
    assert [d.project.name for d in back] == [p.name for p in stored.order_by("number", "id")]
    assert f"wrote {out} ({stored.count()} tables" in result.output


def test_export_to_word_has_every_table_and_the_self_evaluation(demo, tmp_path: Path) -> None:
    out = tmp_path / "all.docx"
    result = CliRunner().invoke(app, ["export", "--format", "docx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    back = read_path(out)
    expected = models.Project.objects.filter(is_current=True).count() + 1
    assert len(back) == expected
    assert back[-1].kind == "self_evaluation"


def test_export_refuses_unknown_formats_and_empty_selections(demo, tmp_path: Path) -> None:
    out = tmp_path / "x"
    result = CliRunner().invoke(app, ["export", "--format", "odt", "-o", str(out)])
    assert result.exit_code == 2 and "unknown format" in result.output
    result = CliRunner().invoke(app, ["export", "--year", "1999", "-o", str(out)])
    assert result.exit_code == 1 and "no stored tables match" in result.output
    assert not out.exists()
