"""``jixiao import`` prints what each file's reader recognised and skipped."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.demo import seed_paths
from jixiao.web import models

OFFICE = Path(__file__).parent.parent / "data" / "office"
STACKED = str(OFFICE / "stacked.xlsx")


def test_import_prints_a_line_per_table_and_the_counts(db) -> None:
    result = CliRunner().invoke(app, ["import", "--dry-run", STACKED, str(seed_paths()[3])])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"{STACKED} (Excel workbook (.xlsx)): 4 document(s)"
    assert sum("indicator rows" in line for line in lines) == 4
    assert "— not supported" in lines[3]
    assert "  4 skipped, 2 normalised (--verbose lists them)" in lines
    assert "汇总!A3" not in result.stdout
    assert "would import: 2 个文件" in result.stdout
    assert models.ImportBatch.objects.count() == 0


def test_import_verbose_lists_skipped_cells_and_notes(db) -> None:
    result = CliRunner().invoke(app, ["import", "--verbose", STACKED])
    assert result.exit_code == 0, result.output
    assert "skipped 汇总!A3: unit total row (单位合计), not an indicator" in result.stdout
    assert "note 汇总!C6: '995,600.00' read as '99.56'" in result.stdout
    assert "imported batch" in result.stdout
    assert models.Project.objects.count() == 4
