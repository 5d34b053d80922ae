"""``jixiao score`` and ``jixiao weights``."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.demo import seed_paths

runner = CliRunner()
SEED_001 = next(p for p in seed_paths() if p.name.startswith("001"))


def test_score_text_lists_rows_totals_and_differences() -> None:
    result = runner.invoke(app, ["score", str(SEED_001)])
    assert result.exit_code == 0, result.output
    assert "实际 104家 ≥ 目标 100家" in result.output
    assert "总分：所述 98.6，报告各项之和 98.05，重算 98.05" in result.output
    assert "[COUNT] 自评结论：所述 165，应为 164" in result.output
    assert "差异 7 项" in result.output


def test_score_json_is_the_report() -> None:
    result = runner.invoke(
        app, ["score", str(SEED_001), "--format", "json", "--profile", "central_2020"]
    )
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.output)
    assert report["profile"] == "central_2020"
    assert report["budget"]["recomputed"] == "8.61"
    assert len(report["rows"]) == 164
    assert report["rows"][0]["recomputed"] == "0.55" and report["rows"][0]["difference"] == "0.00"


def test_score_reads_interchange_json(tmp_path: Path) -> None:
    exported = runner.invoke(app, ["parse", str(SEED_001)])
    path = tmp_path / "001.json"
    path.write_text(exported.output, encoding="utf-8")
    result = runner.invoke(app, ["score", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["totals"]["recomputed_total"] == "98.05"


def test_score_refuses_an_unknown_profile() -> None:
    result = runner.invoke(app, ["score", str(SEED_001), "--profile", "nowhere"])
    assert result.exit_code == 2
    assert "unknown profile 'nowhere'" in result.output


def test_score_refuses_a_file_without_self_evaluation() -> None:
    targets = next(p for p in seed_paths() if p.name.startswith("003"))
    result = runner.invoke(app, ["score", str(targets)])
    assert result.exit_code == 2
    assert "no self-evaluation (绩效自评表) or monitoring report" in result.output


def test_score_names_an_empty_interchange_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text(
        '{"format": "jixiao-interchange", "version": "1", "documents": []}', encoding="utf-8"
    )
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 2
    assert "empty.json: no table found" in result.output


def test_weights_equal_split() -> None:
    result = runner.invoke(app, ["weights", "--count", "165", "--points", "90"])
    assert result.exit_code == 0
    assert "165 行，150×0.55 + 15×0.5 = 90" in result.output


def test_weights_by_level1_json() -> None:
    result = runner.invoke(
        app, ["weights", "-p", "central_2020", "--level1", "产出指标=3", "--level1", "效益指标=2",
              "--level1", "满意度指标=1", "-f", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["产出指标"]["groups"] == [["16.67", 2], ["16.66", 1]]
    assert data["效益指标"]["total"] == "30.00"


def test_weights_errors_exit_2() -> None:
    result = runner.invoke(app, ["weights", "--count", "10", "--points", "90.03"])
    assert result.exit_code == 2
    assert "not a multiple of the step 0.05" in result.output
