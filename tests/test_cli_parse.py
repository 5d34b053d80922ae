"""``jixiao parse`` and ``jixiao schema`` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.demo import SEEDS, seed_paths
from jixiao.domain import interchange

runner = CliRunner()


def test_parse_json_round_trips() -> None:
    result = runner.invoke(app, ["parse", *map(str, seed_paths())])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["format"], data["version"]) == ("jixiao-interchange", "1")
    kinds = [d["kind"] for d in data["documents"]]
    assert kinds.count("target_table") == 43 and kinds.count("self_evaluation") == 1
    first = data["documents"][0]
    budget = {k: v for k, v in first["budget"].items() if v is not None}
    assert budget == {"total": "2187.85", "fiscal": "2187.85"}
    assert first["indicators"][0]["target"]["raw"] == "≥2个"
    assert first["indicators"][0]["source"]["line"] == 30
    assert interchange.dumps(interchange.loads(result.stdout)) == result.stdout.rstrip("\n")


def test_parse_table_format() -> None:
    result = runner.invoke(
        app, ["parse", str(SEEDS / "003_88a8ef7fc06e4953.txt"), "--format", "table"]
    )
    assert result.exit_code == 0
    assert "2024年度天津市生态环境有奖举报项目绩效目标表" in result.stdout
    assert "≤12个月" in result.stdout


def test_parse_self_evaluation_table() -> None:
    result = runner.invoke(app, ["parse", str(SEEDS / "001_eb7a6641e668a5f6.txt"), "-f", "table"])
    assert result.exit_code == 0
    assert "总分 98.6/100" in result.stdout and "目标 20 项" in result.stdout


def test_bad_files_exit_2_with_one_line_each(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.txt"
    result = runner.invoke(
        app, ["parse", str(SEEDS / "003_88a8ef7fc06e4953.txt"), str(empty), str(missing)]
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{empty}: the file is empty" in result.stderr
    assert f"{missing}: No such file or directory" in result.stderr
    assert "Traceback" not in result.stderr


def test_console_script_without_traceback(tmp_path: Path) -> None:
    binary = tmp_path / "x.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    done = subprocess.run(
        [sys.executable, "-m", "jixiao", "parse", str(binary)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "not a recognised performance table" in done.stderr and "Traceback" not in done.stderr


def test_schema_is_current() -> None:
    """The checked-in schema equals the generated one: run `jixiao schema --write` after a model change."""
    assert interchange.SCHEMA_PATH.read_text(encoding="utf-8") == interchange.schema_text()


def test_parse_output_validates_against_schema() -> None:
    jsonschema = __import__("jsonschema")
    result = runner.invoke(app, ["parse", *map(str, seed_paths())])
    jsonschema.validate(json.loads(result.stdout), interchange.json_schema())
