"""预算执行得分: points × min(B/A, 1), rounded half-up per profile (seed 001: 8.6 of 10).

A = 全年预算数 (adjusted budget), B = 全年执行数. 执行率 is B/A; the cap at 1 (100%) is a profile
setting (vendor C12 caps the department score at 10).
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.domain.model import ExecutionBudget
from jixiao.domain.scoring.profile import Profile
from jixiao.domain.scoring.report import BudgetScore
from jixiao.domain.scoring.rounding import fmt, quantize


def budget_score(annual: Decimal, executed: Decimal, profile: Profile) -> Decimal:
    """The budget execution score of A (annual) and B (executed); A must be positive."""
    if annual <= 0:
        raise ValueError(f"全年预算数 A must be positive, got {annual}")
    rate = executed / annual
    if profile.budget.cap_rate:
        rate = min(rate, Decimal(1))
    return quantize(profile.budget.points * rate, profile.rounding.budget_decimals)


def execution_rate(annual: Decimal, executed: Decimal, decimals: int) -> Decimal:
    """执行率 B/A in percent, rounded half-up (86.06… → 86.1 at 1 decimal)."""
    return quantize(executed / annual * 100, decimals)


def score_budget(budget: ExecutionBudget, profile: Profile) -> BudgetScore:
    """The stated budget block beside the recomputed score, with an explanation."""
    a, b, points = budget.annual, budget.executed, profile.budget.points
    rate = recomputed = None
    if a is None or b is None or a <= 0:
        text = f"全年预算数 A={a}、全年执行数 B={b}：无法计算执行率"
    else:
        rate = execution_rate(a, b, profile.rounding.rate_decimals)
        recomputed = budget_score(a, b, profile)
        capped = "min(B/A, 1)" if profile.budget.cap_rate else "B/A"
        text = (
            f"执行率 B/A = {fmt(b)}/{fmt(a)} = {fmt(rate)}% → "
            f"{fmt(points)} × {capped} = {fmt(recomputed)}"
        )
        if b > a:
            text += "（执行数超过预算数）"
    return BudgetScore(
        annual=a,
        executed=b,
        points=points,
        rate=rate,
        reported_rate=budget.rate,
        reported=budget.score,
        recomputed=recomputed,
        explanation=text,
    )
