"""docs/scoring.md: the settings tables and the worked examples are generated from the engine.

Each block between ``<!-- generated:NAME -->`` and ``<!-- /generated -->`` must equal what this
test renders. To refresh the blocks after a change: ``JIXIAO_WRITE_DOCS=1 pytest tests/scoring``.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.domain.model import Department, ExecutionBudget, IndicatorResult, SelfEvaluation, Source
from jixiao.domain.scoring import ScoreReport, load_profile, score_self_evaluation
from jixiao.domain.scoring.profile import Section
from jixiao.domain.scoring.rounding import fmt
from jixiao.domain.targets import parse_target

DOC = Path(__file__).resolve().parents[2] / "docs" / "scoring.md"
BLOCK = re.compile(
    r"(<!-- generated:(?P<name>[\w:]+) -->\n)(?P<body>.*?)(<!-- /generated -->)", re.S
)
SEED_ROWS = (1, 2, 6, 15, 16, 42, 59, 87)


def settings_table(name: str) -> str:
    profile = load_profile(name)
    lines = ["| setting | value | source |", "|---|---|---|"]
    for key, section in profile.__dict__.items():
        if isinstance(section, Section):
            for setting in type(section).model_fields:
                if setting != "sources":
                    value = _value(getattr(section, setting))
                    lines.append(f"| {key}.{setting} | {value} | {section.sources[setting]} |")
    return "\n".join(lines) + "\n"


def _value(value: object) -> str:
    if isinstance(value, Decimal):
        return fmt(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_value(v)}" for k, v in value.items()) + "}"
    if hasattr(value, "model_dump"):
        return _value(value.model_dump())
    return str(value).replace("|", "\\|")


def example(report: ScoreReport, indices: tuple[int, ...] | None = None) -> str:
    b, t = report.budget, report.totals
    lines = [
        f"预算执行得分: 报告 {_value(b.reported)}, 重算 {_value(b.recomputed)} — {b.explanation}",
        "",
        "| # | 二级指标 | 指标值 | 实际完成值 | 分值 | 报告 | 重算 | 说明 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in report.rows:
        if indices is None or row.index in indices:
            mark = "[沿用] " if row.outcome.fallback else ""
            lines.append(
                f"| {row.index} | {row.level2} | {row.target} | {row.actual} | {_value(row.weight)} "
                f"| {_value(row.reported)} | {_value(row.recomputed)} | {mark}{row.outcome.explanation} |"
            )
    lines += [
        "",
        f"Σ分值 {fmt(t.indicator_weight_sum)} (规则 {fmt(t.indicator_points)}); "
        f"Σ得分 报告 {fmt(t.reported_indicator_sum)}, 重算 {fmt(t.recomputed_indicator_sum)}",
        f"总分: 所述 {_value(t.stated_total)}, 报告各项之和 {_value(t.sum_of_stated_parts)}, "
        f"重算 {fmt(t.recomputed_total)}; 等级: 所述 {t.stated_grade or '—'}, 重算 {t.recomputed_grade}",
        "",
        "Differences:",
        "",
    ]
    lines += [
        f"- `{d.code}` {d.where}: 所述 {d.stated}, 应为 {d.recomputed} — {d.message}"
        for d in report.differences
    ]
    return "\n".join(lines) + "\n"


def project_example() -> SelfEvaluation:
    """A small 项目支出 self-evaluation in the 10号 layout, reported at full marks throughout."""
    rows = [
        ("产出指标", "数量指标", "委托业务项目数量", "≥50个", "50个", "12.5"),
        ("产出指标", "质量指标", "验收合格率", "=100%", "95%", "12.5"),
        ("产出指标", "时效指标", "完成时间", "2022年12月底前", "2023年2月", "12.5"),
        ("产出指标", "成本指标", "委托业务成本", "≤20万元", "23万元", "12.5"),
        ("效益指标", "社会效益指标", "服务质量提升", "有效提升", "部分达成", "15"),
        ("效益指标", "生态效益指标", "区域环境改善", "持续改善", "环境质量持续改善", "15"),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "96%", "10"),
    ]
    source = Source(file="example.txt", line=1)
    indicators = tuple(
        IndicatorResult(
            level1=l1,
            level2=l2,
            level3=l3,
            target=parse_target(t),
            actual=parse_target(a),
            weight=Decimal(w),
            score=Decimal(w),
            source=source,
        )
        for l1, l2, l3, t, a, w in rows
    )
    return SelfEvaluation(
        scope="project",
        title="项目支出绩效自评表",
        year=2022,
        department=Department(name="示例单位"),
        budget=ExecutionBudget(
            annual=Decimal(20),
            executed=Decimal("18.5"),
            rate=Decimal("92.5"),
            weight=Decimal(10),
            score=Decimal(10),
        ),
        goals=(),
        indicators=indicators,
        total_weight=Decimal(100),
        total=Decimal(100),
        grade="优",
        source=source,
    )


def render(name: str, seed: SelfEvaluation) -> str:
    if name.startswith("profile:"):
        return settings_table(name.removeprefix("profile:"))
    if name == "example:tianjin_dept":
        return example(score_self_evaluation(seed, "tianjin_dept"), SEED_ROWS)
    if name == "example:central_2020":
        return example(score_self_evaluation(project_example(), "central_2020"))
    raise AssertionError(f"unknown generated block {name}")


def test_generated_blocks_are_current(self_evaluation: SelfEvaluation) -> None:
    text = DOC.read_text(encoding="utf-8")
    names = [m["name"] for m in BLOCK.finditer(text)]
    assert names == [
        "profile:central_2020", "profile:tianjin_dept", "example:tianjin_dept", "example:central_2020"
    ]  # fmt: skip
    fresh = BLOCK.sub(lambda m: m[1] + render(m["name"], self_evaluation) + m[4], text)
    if os.environ.get("JIXIAO_WRITE_DOCS") == "1":
        DOC.write_text(fresh, encoding="utf-8")
    assert text == fresh, "docs/scoring.md is stale: run JIXIAO_WRITE_DOCS=1 pytest tests/scoring"


@pytest.mark.parametrize("name", ["central_2020", "tianjin_dept"])
def test_settings_table_lists_every_setting(name: str) -> None:
    table = settings_table(name)
    assert table.count("\n") == 2 + 28
    assert "| budget.points | 10 |" in table
