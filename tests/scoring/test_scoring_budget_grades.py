"""预算执行得分 and 自评等级."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from jixiao.domain.model import ExecutionBudget
from jixiao.domain.scoring import Profile
from jixiao.domain.scoring.budget import budget_score, execution_rate, score_budget
from jixiao.domain.scoring.grades import grade

A, B = Decimal("112213.87"), Decimal("96576.03")  # seed 001


Settings = Callable[..., Profile]


def test_seed_001_budget_score(tianjin: Profile) -> None:
    assert budget_score(A, B, tianjin) == Decimal("8.6")
    assert execution_rate(A, B, 1) == Decimal("86.1")


def test_project_profile_keeps_two_decimals(central: Profile) -> None:
    assert budget_score(A, B, central) == Decimal("8.61")


def test_execution_above_budget_is_capped(with_settings: Settings, tianjin: Profile) -> None:
    assert budget_score(Decimal(100), Decimal(120), tianjin) == Decimal(10)
    uncapped = with_settings(tianjin, "budget", cap_rate=False)
    assert budget_score(Decimal(100), Decimal(120), uncapped) == Decimal(12)


def test_zero_budget_is_refused(tianjin: Profile) -> None:
    with pytest.raises(ValueError, match="must be positive"):
        budget_score(Decimal(0), Decimal(1), tianjin)


def test_budget_block_explains_and_reports_missing_numbers(tianjin: Profile) -> None:
    done = score_budget(
        ExecutionBudget(annual=A, executed=B, rate=Decimal("86.1"), score=Decimal("8.6")), tianjin
    )
    assert done.recomputed == Decimal("8.6") and done.rate == Decimal("86.1")
    assert done.explanation == "执行率 B/A = 96576.03/112213.87 = 86.1% → 10 × min(B/A, 1) = 8.6"
    missing = score_budget(ExecutionBudget(annual=None, executed=B), tianjin)
    assert missing.recomputed is None and "无法计算" in missing.explanation


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        ("100", "优"),
        ("90", "优"),
        ("89.99", "良"),
        ("80", "良"),
        ("60", "中"),
        ("59.99", "差"),
        ("0", "差"),
    ],
)
def test_grade_bands(tianjin: Profile, total: str, expected: str) -> None:
    assert grade(Decimal(total), tianjin) == expected


def test_strict_grade_bands(with_settings: Settings, tianjin: Profile) -> None:
    strict = with_settings(tianjin, "grades", strict=True)
    assert grade(Decimal(90), strict) == "良"
    assert grade(Decimal("90.01"), strict) == "优"
