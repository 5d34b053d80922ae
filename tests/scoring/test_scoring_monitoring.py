"""绩效运行监控: the MonitoringReport model and the pacing lights."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.domain import interchange
from jixiao.domain.model import (
    Department,
    Likelihood,
    MonitoringBudget,
    MonitoringIndicator,
    MonitoringReport,
    Source,
)
from jixiao.domain.scoring import Profile, assess_monitoring
from jixiao.domain.scoring.monitoring import budget_pacing, deviation_reason, indicator_pacing
from jixiao.domain.targets import parse_target

SOURCE = Source(file="monitor.json", line=1)


def indicator(
    target: str, progress: str, level2: str = "数量指标", likelihood: Likelihood | None = None,
    reasons: tuple[str, ...] = (), forecast: str | None = None, note: str | None = None,
) -> MonitoringIndicator:  # fmt: skip
    return MonitoringIndicator(
        level1="产出指标",
        level2=level2,
        level3="指标",
        target=parse_target(target),
        progress=parse_target(progress),
        forecast=None if forecast is None else parse_target(forecast),
        likelihood=likelihood,
        reasons=tuple(deviation_reason(r) for r in reasons),
        note=note,
        source=SOURCE,
    )


def report(*indicators: MonitoringIndicator, month: int = 7) -> MonitoringReport:
    return MonitoringReport(
        title="2025年 1–7月 绩效目标执行监控表",
        year=2025,
        month=month,
        department=Department(name="测试单位"),
        budget=MonitoringBudget(annual=Decimal(1200), executed=Decimal(420)),
        indicators=indicators,
        source=SOURCE,
    )


@pytest.mark.parametrize(
    ("executed", "light"), [("349", "red"), ("350", "yellow"), ("466", "yellow"), ("467", "green")]
)
def test_budget_light_against_elapsed_time(tianjin: Profile, executed: str, light: str) -> None:
    # 7/12 elapsed: q = (B/1000)/(7/12)×100; 60 ⇔ B = 350, 80 ⇔ B = 466.67
    pacing = budget_pacing(Decimal(1000), Decimal(executed), 7, tianjin)
    assert pacing.light == light
    assert pacing.elapsed == Decimal("58.3")


Settings = Callable[..., Profile]


def test_budget_light_explains(tianjin: Profile) -> None:
    pacing = budget_pacing(Decimal(1200), Decimal(420), 7, tianjin)
    assert pacing.explanation == "1–7月执行率 35%，序时进度 58.3%，执行进度比 60 → 黄灯"
    assert budget_pacing(None, Decimal(1), 7, tianjin).light is None


@pytest.mark.parametrize(
    ("progress", "light"),
    [("34家", "red"), ("35家", "yellow"), ("47家", "green"), ("70家", "blue")],
)
def test_indicator_light_against_the_pro_rata_target(
    tianjin: Profile, progress: str, light: str
) -> None:
    # T = 100, m = 7: S = 58.33; 0.6·S = 35, 0.8·S = 46.67, 1.2·S = 70
    pacing = indicator_pacing(1, indicator("≥100家", progress), 7, tianjin)
    assert pacing.progress_light == light


def test_binary_rows_are_met_or_not(tianjin: Profile) -> None:
    assert (
        indicator_pacing(1, indicator("≤70万元", "40万元", "成本指标"), 7, tianjin).light == "green"
    )
    assert (
        indicator_pacing(1, indicator("≤70万元", "75万元", "成本指标"), 7, tianjin).light == "red"
    )
    assert indicator_pacing(1, indicator("=100%", "98%", "质量指标"), 7, tianjin).light == "red"
    assert indicator_pacing(1, indicator("≤3件", "1件"), 7, tianjin).light == "green"


def test_qualitative_and_deadline_progress(tianjin: Profile) -> None:
    assert indicator_pacing(1, indicator("有效推进", "部分达成"), 7, tianjin).light == "yellow"
    assert (
        indicator_pacing(1, indicator("2025年6月底前", "2025年5月", "时效指标"), 7, tianjin).light
        == "green"
    )
    unknown = indicator_pacing(1, indicator("有效推进", "正在推进"), 7, tianjin)
    assert unknown.light is None and "不是数值" in unknown.explanation


def test_likelihood_light_and_the_worse_light_wins(tianjin: Profile) -> None:
    row = indicator(
        "≥100家",
        "60家",
        likelihood="完全不可能",
        reasons=("经费原因",),
        forecast="80家",
        note="资金未到位",
    )
    pacing = indicator_pacing(1, row, 7, tianjin)
    assert (pacing.progress_light, pacing.likelihood_light, pacing.light) == ("green", "red", "red")
    assert pacing.missing == ()
    assert "完成可能性「完全不可能」→ 红灯" in pacing.explanation


def test_tianjin_requires_forecast_reasons_and_note(tianjin: Profile) -> None:
    pacing = indicator_pacing(1, indicator("≥100家", "60家", likelihood="有可能"), 7, tianjin)
    assert pacing.missing == ("偏差原因", "全年预计完成情况")
    noted = indicator_pacing(1, indicator("≥100家", "60家", reasons=("其他",)), 7, tianjin)
    assert noted.missing == ("原因说明",)


def test_central_requires_reasons_for_red_and_yellow_only(central: Profile) -> None:
    assert indicator_pacing(1, indicator("≥100家", "20家"), 7, central).missing == ("偏差原因",)
    assert (
        indicator_pacing(1, indicator("≥100家", "60家", likelihood="确定能"), 7, central).missing
        == ()
    )
    assert (
        indicator_pacing(1, indicator("≥100家", "60家", reasons=("其他",)), 7, central).missing
        == ()
    )


def test_thresholds_are_settings(with_settings: Settings, tianjin: Profile) -> None:
    stricter = with_settings(tianjin, "monitoring", budget_thresholds=(Decimal(70), Decimal(90)))
    assert budget_pacing(Decimal(1000), Decimal(400), 7, tianjin).light == "yellow"
    assert budget_pacing(Decimal(1000), Decimal(400), 7, stricter).light == "red"


def test_deviation_reasons_enumeration() -> None:
    assert deviation_reason("人员原因") == "人员保障"
    assert deviation_reason("硬件条件保障") == "硬件条件保障"
    with pytest.raises(ValueError, match="unknown 偏差原因"):
        deviation_reason("天气")


def _write(tmp_path: Path, doc: MonitoringReport) -> Path:
    path = tmp_path / f"monitor-{doc.month}.json"
    path.write_text(interchange.dumps([doc]), encoding="utf-8")
    return path


def test_month_must_be_a_month() -> None:
    with pytest.raises(ValidationError):
        report(month=13)


def test_monitoring_report_round_trips_through_interchange(
    tianjin: Profile, tmp_path: Path
) -> None:
    doc = report(indicator("≥100家", "20家"), indicator("≤70万元", "40万元", "成本指标"))
    text = interchange.dumps([doc])
    assert interchange.loads(text) == (doc,)
    pacing = assess_monitoring(doc, tianjin)
    assert [i.light for i in pacing.indicators] == ["red", "green"]
    assert len(pacing.warnings) == 1
    path = tmp_path / "monitor.json"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["score", str(path)])
    assert result.exit_code == 0, result.output
    assert "1. [红] 指标" in result.output and "缺：偏差原因" in result.output
    assert "需关注 1 项" in result.output
    assert "检查点" not in result.output
    june = CliRunner().invoke(app, ["score", str(_write(tmp_path, report(month=6)))])
    assert "注意：规则的检查点为 1–7月" in june.output
    as_json = CliRunner().invoke(app, ["score", str(path), "-f", "json"])
    assert json.loads(as_json.output)[0]["budget"]["light"] == "yellow"
