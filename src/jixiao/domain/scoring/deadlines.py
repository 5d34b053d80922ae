"""时效指标 with a date: met when the work was done by the deadline (domain-rules §6.7 [I]).

10号 gives no rule for dates. Done on or before the deadline → full weight; late → the profile's
``deadline.missed_grade`` band (部分达成 by default), keeping a reported score inside that band.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.domain.scoring.profile import Profile
from jixiao.domain.scoring.qualitative import band_outcome
from jixiao.domain.scoring.report import Outcome
from jixiao.domain.scoring.rounding import fmt
from jixiao.domain.targets import Target


def incomparable(target: Target, actual: Target) -> str | None:
    """Why a deadline target cannot be checked against the actual, or None when it can."""
    if target.deadline is None:
        return f"期限「{target.raw}」没有具体日期"
    if actual.deadline is None:
        return f"实际完成值「{actual.raw}」不是日期"
    return None


def score_deadline(
    weight: Decimal, target: Target, actual: Target, reported: Decimal | None, profile: Profile
) -> Outcome:
    """Score a pair with two dates (check :func:`incomparable` first)."""
    assert target.deadline is not None and actual.deadline is not None
    done, due = actual.deadline.isoformat(), target.deadline.isoformat()
    if actual.deadline <= target.deadline:
        return Outcome(
            score=weight,
            method="deadline",
            explanation=f"完成 {done} ≤ 期限 {due} → 满分 {fmt(weight)}",
        )
    band = profile.band(profile.deadline.missed_grade)
    reason = f"完成 {done} > 期限 {due}（逾期）"
    outcome = band_outcome(weight, band, reported, reason, profile.rounding.score_decimals)
    return outcome.model_copy(update={"method": "deadline", "flags": ("deadline_missed",)})
