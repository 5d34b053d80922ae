"""分值 allocation and checks."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.domain.scoring import allocate_by_level1, allocate_weights, check_weights


def test_seed_001_claimed_count() -> None:
    allocation = allocate_weights(165, 90, "0.05")
    assert allocation.groups == ((Decimal("0.55"), 150), (Decimal("0.50"), 15))
    assert allocation.describe() == "150×0.55 + 15×0.5 = 90"
    assert len(allocation.weights) == 165


@given(count=st.integers(min_value=1, max_value=900), step=st.sampled_from(["0.01", "0.05", "0.1"]))
def test_equal_split_sums_exactly(count: int, step: str) -> None:
    allocation = allocate_weights(count, 90, step)
    assert sum(allocation.weights) == Decimal(90)
    assert len(allocation.weights) == count
    assert max(allocation.weights) - min(allocation.weights) <= Decimal(step)


@pytest.mark.parametrize(
    ("count", "points", "step", "message"),
    [
        (0, 90, "0.05", "must be positive"),
        (10, "90.03", "0.05", "not a multiple"),
        (2000, 90, "0.05", "cannot each get"),
    ],
)
def test_allocation_errors(count: int, points: object, step: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        allocate_weights(count, points, step)  # type: ignore[arg-type]


def test_by_level1_shares() -> None:
    points = {"产出指标": Decimal(50), "效益指标": Decimal(30), "满意度指标": Decimal(10)}
    result = allocate_by_level1({"产出指标": 12, "效益指标": 7, "满意度指标": 1}, points)
    assert result["产出指标"].describe() == "8×4.17 + 4×4.16 = 50"
    assert result["效益指标"].describe() == "4×4.29 + 3×4.28 = 30"
    assert result["满意度指标"].describe() == "1×10 = 10"


def test_by_level1_needs_points_and_rows() -> None:
    with pytest.raises(ValueError, match="no points given for 效益指标"):
        allocate_by_level1({"产出指标": 3, "效益指标": 2}, {"产出指标": Decimal(50)})
    with pytest.raises(ValueError, match="no indicators there"):
        allocate_by_level1({"产出指标": 3}, {"产出指标": Decimal(50), "满意度指标": Decimal(10)})


def test_check_weights() -> None:
    check = check_weights([Decimal("0.55")] * 149 + [Decimal("0.5")] * 15 + [None], Decimal(90))
    assert check.total == Decimal("89.45")
    assert check.difference == Decimal("-0.55")
    assert not check.ok
    assert check_weights([Decimal(50), Decimal(40)], Decimal(90)).ok
