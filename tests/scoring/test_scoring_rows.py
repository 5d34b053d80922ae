"""One row: dispatch to the rule, deadlines, qualitative bands, fallbacks, missing actuals."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from jixiao.domain.model import IndicatorResult
from jixiao.domain.scoring import Profile
from jixiao.domain.scoring.rows import score_row

Rows = Callable[..., IndicatorResult]
Settings = Callable[..., Profile]


def test_deadline_met(tianjin: Profile, make_row: Rows) -> None:
    row = score_row(1, make_row("2024年12月底前", "2024年11月", "0.55", "0.55"), tianjin)
    assert row.recomputed == Decimal("0.55")
    assert row.outcome.method == "deadline"
    assert row.outcome.explanation == "完成 2024-11-30 ≤ 期限 2024-12-31 → 满分 0.55"


def test_deadline_missed_with_full_reported_score_is_a_difference(
    tianjin: Profile, make_row: Rows
) -> None:
    row = score_row(1, make_row("2024年12月底前", "2025年3月", "1", "1"), tianjin)
    assert row.recomputed == Decimal("0.70")  # 部分达成 band, suggested share 0.7
    assert row.difference == Decimal("-0.30")
    assert row.outcome.flags == ("deadline_missed",)
    assert "逾期" in row.outcome.explanation


def test_deadline_missed_keeps_a_reported_score_inside_the_band(
    tianjin: Profile, make_row: Rows
) -> None:
    row = score_row(1, make_row("2024年12月底前", "2025年3月", "1", "0.65"), tianjin)
    assert row.recomputed == Decimal("0.65")
    assert "在档内" in row.outcome.explanation


def test_relative_deadline_falls_back(tianjin: Profile, make_row: Rows) -> None:
    row = score_row(1, make_row("法定时限", "法定时限内", "0.55", "0.55"), tianjin)
    assert row.outcome.fallback
    assert row.recomputed == Decimal("0.55")
    assert "没有具体日期" in row.outcome.explanation


def test_qualitative_text_falls_back_to_the_reported_score(
    tianjin: Profile, make_row: Rows
) -> None:
    row = score_row(1, make_row("持续改善", "环境空气质量较23年持续改善", "0.55", "0.55"), tianjin)
    assert row.outcome.fallback and row.outcome.method == "fallback"
    assert row.recomputed == Decimal("0.55")
    assert "实际完成值包含指标值原文" in row.outcome.explanation
    assert "落在「达成」档 0.44–0.55" in row.outcome.explanation


def test_fallback_caps_a_reported_score_above_the_weight(tianjin: Profile, make_row: Rows) -> None:
    row = score_row(1, make_row("有效推进", "有效推进", "0.5", "0.55"), tianjin)
    assert row.recomputed == Decimal("0.5")
    assert "超过分值" in row.outcome.explanation


def test_fallback_without_reported_score(tianjin: Profile, make_row: Rows) -> None:
    row = score_row(1, make_row("有效推进", "有效推进", "0.5", None), tianjin)
    assert row.recomputed is None and row.difference is None


@pytest.mark.parametrize(
    ("actual", "reported", "expected"),
    [
        ("达成", "1", "1"),
        ("达成", "0.5", "1.0"),  # below the 达成 band → the band's suggestion
        ("部分达成目标并具有一定效果", "0.9", "0.70"),  # above the band
        ("部分达成", "0.6", "0.6"),  # inside [0.6, 0.8)
        ("未达成目标且效果较差", "0.6", "0.30"),  # 0.6 is not < 0.6
    ],
)
def test_qualitative_grade_bands(
    tianjin: Profile, make_row: Rows, actual: str, reported: str, expected: str
) -> None:
    row = score_row(1, make_row("有效推进", actual, "1", reported), tianjin)
    assert row.outcome.method == "qualitative_band"
    assert row.recomputed == Decimal(expected)


def test_missing_actual_scores_zero(tianjin: Profile, make_row: Rows) -> None:
    row = score_row(1, make_row("≥100家", "", "0.55", "0.55"), tianjin)
    assert row.recomputed == Decimal(0)
    assert row.outcome.explanation == "未填写实际完成值 → 0"


def test_missing_actual_fallback_setting(
    with_settings: Settings, tianjin: Profile, make_row: Rows
) -> None:
    lenient = with_settings(tianjin, "quantitative", missing_actual="fallback")
    row = score_row(1, make_row("≥100家", "", "0.55", "0.55"), lenient)
    assert row.outcome.fallback and row.recomputed == Decimal("0.55")


def test_cost_row_with_positive_comparator_is_flagged(tianjin: Profile, make_row: Rows) -> None:
    row = score_row(
        1, make_row("≥1796万元", "1796万元", "0.55", "0.55", level2="成本指标"), tianjin
    )
    assert row.recomputed == Decimal("0.55")
    assert "cost_direction" in row.outcome.flags
    assert "成本指标用「≥」" in row.outcome.explanation


def test_row_without_weight_falls_back(tianjin: Profile, make_row: Rows) -> None:
    row = score_row(1, make_row("≥100家", "104家", None, "0.55"), tianjin)
    assert row.outcome.fallback and "无分值" in row.outcome.explanation


def test_row_keeps_its_place(tianjin: Profile, make_row: Rows) -> None:
    row = score_row(3, make_row("≥100家", "104家", "0.55", "0.5"), tianjin)
    assert row.where == "第3行（源文件第7行） 目标1 测试指标"
    assert row.difference == Decimal("0.05")
