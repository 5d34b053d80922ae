"""定量指标: 正向/反向/等于, T = 0, bounds like ">99.9%", units, strict comparators, rounding."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from jixiao.domain.scoring import Profile
from jixiao.domain.scoring.quantitative import incomparable, score_quantitative
from jixiao.domain.targets import parse_target


def score(
    target: str, actual: str, weight: str, profile: Profile
) -> tuple[Decimal | None, str, tuple[str, ...]]:
    t, a = parse_target(target), parse_target(actual)
    assert incomparable(t, a) is None
    outcome = score_quantitative(Decimal(weight), t, a, profile)
    return outcome.score, outcome.explanation, outcome.flags


Settings = Callable[..., Profile]


def test_positive_met_explains_in_chinese(tianjin: Profile) -> None:
    assert score("≥100家", "104家", "0.55", tianjin) == (
        Decimal("0.55"), "实际 104家 ≥ 目标 100家 → 满分 0.55", (),
    )  # fmt: skip


def test_positive_missed_is_proportional(tianjin: Profile) -> None:
    value, text, _ = score("≥100家", "80家", "0.55", tianjin)
    assert value == Decimal("0.44")
    assert text == "实际 80家 < 目标 100家 → 0.55 × 80/100 = 0.44"


def test_rounding_is_half_up(tianjin: Profile) -> None:
    # 1 × 109/200 = 0.545: half-up gives 0.55 (banker's rounding would give 0.54)
    assert score("≥200个", "109个", "1", tianjin)[0] == Decimal("0.55")


@pytest.mark.parametrize(
    ("actual", "flagged"), [("130次", True), ("129次", False), ("200次", True)]
)
def test_over_achievement_threshold(tianjin: Profile, actual: str, flagged: bool) -> None:
    value, text, flags = score("≥100次", actual, "1", tianjin)
    assert value == Decimal(1)
    assert ("over_achievement" in flags) is flagged
    assert ("超额" in text) is flagged


def test_over_achievement_threshold_is_a_setting(with_settings: Settings, tianjin: Profile) -> None:
    lower = with_settings(tianjin, "quantitative", over_achievement_ratio=Decimal("1.2"))
    assert "over_achievement" in score("≥100次", "125次", "1", lower)[2]
    assert "over_achievement" not in score("≥100次", "125次", "1", tianjin)[2]


def test_exact_target_exceeded_scores_as_positive_and_is_flagged(tianjin: Profile) -> None:
    value, text, flags = score("=35次", "40次", "0.55", tianjin)
    assert value == Decimal("0.55")
    assert flags == ("exact_exceeded",)
    assert text.startswith("实际 40次 > 目标 35次 → 满分 0.55")


def test_exact_target_missed_is_proportional(tianjin: Profile) -> None:
    assert score("=35次", "28次", "1", tianjin)[0] == Decimal("0.80")


def test_exact_zero_target(tianjin: Profile) -> None:
    assert score("=0起", "0起", "1", tianjin)[0] == Decimal(1)
    value, _, flags = score("=0起", "2起", "1", tianjin)
    assert value == Decimal(0)
    assert flags == ("exact_exceeded",)


def test_positive_zero_target_is_met_by_zero(tianjin: Profile) -> None:
    assert score("≥0个", "0个", "1", tianjin)[0] == Decimal(1)


def test_reverse_within_target(tianjin: Profile) -> None:
    value, text, _ = score("≤70万元", "67.5万元", "0.55", tianjin)
    assert (value, text) == (Decimal("0.55"), "实际 67.5万元 ≤ 目标 70万元 → 满分 0.55")


@pytest.mark.parametrize(
    ("actual", "expected"),
    [("77万元", "0.90"), ("105万元", "0.50"), ("140万元", "0"), ("300万元", "0")],
)
def test_cost_overrun_linear_to_twice_the_target(
    tianjin: Profile, actual: str, expected: str
) -> None:
    value, text, flags = score("≤70万元", actual, "1", tianjin)
    assert value == Decimal(expected)
    assert flags == ("overrun",)
    assert "超出" in text


def test_cost_overrun_ratio_rule(with_settings: Settings, tianjin: Profile) -> None:
    ratio = with_settings(tianjin, "quantitative", reverse_rule="ratio_T_over_A")
    value, text, _ = score("≤70万元", "77万元", "1", ratio)
    assert value == Decimal("0.91")
    assert "1 × 70/77 = 0.91" in text


def test_reverse_zero_target_overrun_scores_zero(tianjin: Profile) -> None:
    assert score("≤0件", "1件", "1", tianjin)[0] == Decimal(0)
    assert score("≤0件", "0件", "1", tianjin)[0] == Decimal(1)


def test_money_units_are_converted(tianjin: Profile) -> None:
    assert score("≤70万元", "690000元", "1", tianjin)[0] == Decimal(1)


@pytest.mark.parametrize(("target", "actual"), [(">800条", "800条"), ("<9件", "9件")])
def test_strict_comparator_at_equality(
    with_settings: Settings, tianjin: Profile, target: str, actual: str
) -> None:
    assert score(target, actual, "1", tianjin)[0] == Decimal(1)  # vendor C1: met
    missed = with_settings(tianjin, "quantitative", strict_at_equality="missed")
    value, text, flags = score(target, actual, "1", missed)
    assert value == Decimal("0.70")  # 部分达成, suggested 0.7 × W
    assert flags == ("strict_equality",)
    assert "未严格满足" in text


def test_percent_actual_given_as_a_lower_bound(tianjin: Profile) -> None:
    value, text, flags = score("≥99.9%", ">99.9%", "0.55", tianjin)
    assert value == Decimal("0.55")
    assert "bound" in flags
    assert "按界限 99.9 计" in text


def test_percent_actual_with_equals_sign(tianjin: Profile) -> None:
    assert score("=100%", "=100%", "0.55", tianjin)[0] == Decimal("0.55")


def test_lower_bound_below_an_exact_target_scores_by_the_bound(tianjin: Profile) -> None:
    assert score("=100%", ">99.9%", "10", tianjin)[0] == Decimal("9.99")


def test_actual_without_unit_takes_the_target_unit(tianjin: Profile) -> None:
    value, text, flags = score("≥5个", "5", "1", tianjin)
    assert value == Decimal(1)
    assert "unit_assumed" in flags
    assert "按指标值单位 个 计" in text


@pytest.mark.parametrize(
    ("target", "actual", "reason"),
    [
        ("≥2000个", "2017人", "单位不同（指标值 个，实际 人）"),
        ("≥90%", "<5%", "只给出上限"),
        ("≤10%", ">5%", "只给出下限"),
        ("约70项", "70项", "约数"),
        ("≥100家", "已完成", "不是数值"),
    ],
)
def test_incomparable_pairs_say_why(target: str, actual: str, reason: str) -> None:
    text = incomparable(parse_target(target), parse_target(actual))
    assert text is not None and reason in text
