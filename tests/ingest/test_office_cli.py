import json
from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.demo import seed_paths
from jixiao.ingest import read_path


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


def test_jixiao_parse_report_goes_to_stderr(office: Path) -> None:
    seed = str(seed_paths()[0])
    result = CliRunner().invoke(app, ["parse", "--report", str(office / "stacked.xlsx"), seed])
    assert result.exit_code == 0, result.output
    assert "stacked.xlsx (Excel workbook (.xlsx)): 4 document(s)" in result.stderr
    assert "skipped 汇总!A3: unit total row (单位合计), not an indicator" in result.stderr
    assert "note 汇总!C4: '1500000' read as '150'" in result.stderr
    assert "汇总!A3" not in result.stdout
    assert len(json.loads(result.stdout)["documents"]) == 4 + len(read_path(seed))


def test_jixiao_parse_without_report_prints_none(office: Path) -> None:
    result = CliRunner().invoke(app, ["parse", str(office / "stacked.xlsx")])
    assert result.exit_code == 0
    assert "skipped" not in result.stderr


def test_jixiao_parse_report_of_an_unreadable_file_is_its_error(office: Path) -> None:
    result = CliRunner().invoke(app, ["parse", "--report", str(office / "encrypted.xlsx")])
    assert result.exit_code == 2
    assert "password-protected" in result.stderr


def test_jixiao_parse_report_of_a_folder_measures_each_file_and_the_corpus(
    office: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    for name in ("grouped.xlsx", "disclosure.xls", "encrypted.xlsx"):
        (folder / "sub" / name).write_bytes((office / name).read_bytes())
    (folder / "seed.txt").write_bytes(seed_paths()[2].read_bytes())
    result = CliRunner().invoke(app, ["parse", "--report", str(folder)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    grouped = next(i for i, line in enumerate(lines) if line.startswith(f"{folder}/sub/grouped"))
    assert lines[grouped].endswith(
        "3 document(s), 5 indicator(s), 1 table(s) read, 43 cell(s) read, 1 skipped"
    )
    assert lines[grouped + 1] == "    1 × totals row (总计 / 合计): a sum of the rows above"
    assert "    5 table(s) × financial table 「…」" in lines
    assert any("encrypted.xlsx: unreadable — " in line and "password" in line for line in lines)
    seed = len(read_path(seed_paths()[2]))
    assert f"seed.txt: {seed} document(s)" in result.stdout
    assert f"total: 4 file(s), 1 unreadable, {3 + 1 + seed} document(s)" in result.stdout
    assert "0 (0.0%) not in any field of the model" in result.stdout
    assert '"documents"' not in result.stdout  # the report, not the JSON
