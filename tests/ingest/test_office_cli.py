import json
from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli import app


def test_jixiao_parse_reads_office_files(office: Path) -> None:
    files = [
        str(office / name)
        for name in ("split_target.xlsx", "legacy.xls", "department.docx", "ruled.pdf")
    ]
    result = CliRunner().invoke(app, ["parse", *files])
    assert result.exit_code == 0, result.output
    documents = json.loads(result.stdout)["documents"]
    assert len(documents) == 4
    assert documents[0]["indicators"][1]["source"]["cell"] == "目标表!C9"
    assert documents[2]["scope"] == "department"


def test_jixiao_parse_reports_a_password_protected_workbook(office: Path) -> None:
    result = CliRunner().invoke(app, ["parse", str(office / "encrypted.xlsx")])
    assert result.exit_code == 2
    assert "password-protected" in result.output
