"""分值 (weights): allocate points over indicators so that they sum exactly, and check sums.

Equal split with a step (最小分值单位): with U = points / step units over N rows, r = U mod N rows
get ⌊U/N⌋ + 1 units and the rest ⌊U/N⌋. Seed 001 (步长 0.05): 90 points over 165 rows →
150 × 0.55 + 15 × 0.5 = 90 — the weights of the document (domain-rules §7.1).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, computed_field

from jixiao.domain.scoring.rounding import fmt


class WeightAllocation(BaseModel):
    """An allocation: groups of (weight, number of rows), the larger weight first."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    count: int
    points: Decimal
    step: Decimal
    groups: tuple[tuple[Decimal, int], ...]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def total(self) -> Decimal:
        return sum((w * n for w, n in self.groups), Decimal(0))

    @property
    def weights(self) -> tuple[Decimal, ...]:
        """One weight per row, the larger ones first."""
        return tuple(w for w, n in self.groups for _ in range(n))

    def describe(self) -> str:
        """``150×0.55 + 15×0.5 = 90``."""
        parts = " + ".join(f"{n}×{fmt(w)}" for w, n in self.groups)
        return f"{parts} = {fmt(self.total)}"


def allocate_weights(
    count: int, points: Decimal | int | str, step: Decimal | str = Decimal("0.01")
) -> WeightAllocation:
    """Split ``points`` equally over ``count`` rows in multiples of ``step``, summing exactly."""
    points, step = Decimal(points), Decimal(step)
    if count <= 0:
        raise ValueError(f"the number of indicators must be positive, got {count}")
    if step <= 0 or points < 0:
        raise ValueError(f"points ({points}) must be ≥ 0 and step ({step}) > 0")
    units = points / step
    if units != units.to_integral_value():
        raise ValueError(f"{fmt(points)} points are not a multiple of the step {fmt(step)}")
    low, high_rows = divmod(int(units), count)
    if low == 0:
        raise ValueError(
            f"{count} rows cannot each get at least {fmt(step)} of {fmt(points)} points"
        )
    groups = ((step * (low + 1), high_rows), (step * low, count - high_rows))
    return WeightAllocation(
        count=count, points=points, step=step, groups=tuple(g for g in groups if g[1])
    )


def allocate_by_level1(
    counts: Mapping[str, int], points: Mapping[str, Decimal], step: Decimal | str = Decimal("0.01")
) -> dict[str, WeightAllocation]:
    """Per 一级指标: its points (e.g. 产出 50, 效益 30, 满意度 10) split over its rows."""
    missing = [level for level, n in counts.items() if n and level not in points]
    if missing:
        raise ValueError(f"no points given for {', '.join(missing)}")
    empty = [level for level, p in points.items() if p and not counts.get(level)]
    if empty:
        raise ValueError(f"points for {', '.join(empty)} but no indicators there")
    return {
        level: allocate_weights(counts[level], points[level], step)
        for level in points
        if counts.get(level)
    }


class WeightCheck(BaseModel):
    """Σ 分值 against what it should be."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    what: str
    total: Decimal
    expected: Decimal

    @computed_field  # type: ignore[prop-decorator]
    @property
    def difference(self) -> Decimal:
        return self.total - self.expected

    @property
    def ok(self) -> bool:
        return self.total == self.expected


def check_weights(
    weights: Iterable[Decimal | None], expected: Decimal, what: str = "分值合计"
) -> WeightCheck:
    """Σ weights (blank weights count 0) against ``expected``."""
    total = sum((w for w in weights if w is not None), Decimal(0))
    return WeightCheck(what=what, total=total, expected=expected)
