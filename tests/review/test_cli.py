"""``jixiao review`` and ``jixiao rules`` on the command line: output formats and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.demo import SEEDS
from jixiao.domain.review import RULES

runner = CliRunner()
SEED_004 = str(SEEDS / "004_5a0f60c6186e32fd.txt")


def test_review_text_exits_1_when_errors_are_found() -> None:
    result = runner.invoke(app, ["review", SEED_004])
    assert result.exit_code == 1
    assert "CMP-02" in result.output and "目标内容1" in result.output
    assert "审核汇总" in result.output


def test_review_json() -> None:
    result = runner.invoke(app, ["review", SEED_004, "--format", "json"])
    payload = json.loads(result.output)
    assert payload["profile"] == "tianjin"
    assert {"rule", "severity", "message", "message_en", "source", "document", "field"} <= set(
        payload["findings"][0]
    )
    (table,) = [d for d in payload["documents"] if d["place"] == "第240行"]
    assert table["label"] == "天津市危险废物综合监管信息系统升级改造绩效目标表（第240行）"
    assert table["document"].endswith("#3")
    assert payload["grades"][table["document"]] == table["grade"] == "中"


def test_review_html() -> None:
    result = runner.invoke(app, ["review", SEED_004, "--format", "html"])
    assert result.output.startswith("<!doctype html>")
    assert "APP-01" in result.output


def test_review_exits_0_when_only_warnings(tmp_path: Path) -> None:
    profile = tmp_path / "lenient.toml"
    rules = "".join(
        f'[rules.{code}]\nseverity = "warning"\n'
        for code, r in RULES.items()
        if r.severity == "error"
    )
    profile.write_text(f'inherits = "tianjin"\n{rules}', encoding="utf-8")
    result = runner.invoke(app, ["review", SEED_004, "--profile", str(profile)])
    assert result.exit_code == 0, result.output


def test_review_exits_2_on_unreadable_input(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("hello", encoding="utf-8")
    result = runner.invoke(app, ["review", str(bad)])
    assert result.exit_code == 2
    assert "notes.txt" in result.output


def test_review_exits_2_on_unknown_profile() -> None:
    result = runner.invoke(app, ["review", SEED_004, "--profile", "hubei"])
    assert result.exit_code == 2
    assert "unknown profile" in result.output


def test_rules_lists_the_catalogue() -> None:
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    assert all(code in result.output for code in RULES)
    markdown = runner.invoke(app, ["rules", "--markdown"]).output
    assert markdown.startswith("# 审核规则目录")
