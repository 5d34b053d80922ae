"""``jixiao parse`` and ``jixiao schema`` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.demo import SEEDS, seed_paths
from jixiao.domain import interchange
from jixiao.domain.model import (
    Department,
    MonitoringBudget,
    MonitoringIndicator,
    MonitoringReport,
    Source,
)
from jixiao.domain.targets import parse_target

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


def test_parse_table_format_of_a_monitoring_report(tmp_path: Path) -> None:
    row = MonitoringIndicator(
        level1="产出指标", level2="数量指标", level3="检查企业", target=parse_target("≥100家"),
        progress=parse_target("20家"), likelihood="有可能", source=Source(file="m.json"),
    )  # fmt: skip
    document = MonitoringReport(
        title="2025年 1–7月 绩效目标执行监控表", year=2025, month=7,
        department=Department(name="测试单位"), indicators=(row,), source=Source(file="m.json"),
        budget=MonitoringBudget(annual=Decimal(1200), executed=Decimal(420)),
    )  # fmt: skip
    path = tmp_path / "m.json"
    path.write_text(interchange.dumps([document]), encoding="utf-8")
    result = runner.invoke(app, ["parse", str(path), "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "A=1200 B=420" in result.stdout and "有可能" in result.stdout
