"""One indicator row (年度指标完成情况): choose the rule for its target and score it.

Dates → :mod:`deadlines`; numbers → :mod:`quantitative`; text → :mod:`qualitative`. Whatever
cannot be compared (different units, text against a number, a deadline without a date) falls back
to the reported score, marked as such, with the reason.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.domain import levels
from jixiao.domain.model import IndicatorResult
from jixiao.domain.scoring import deadlines, quantitative
from jixiao.domain.scoring.profile import Profile
from jixiao.domain.scoring.qualitative import fallback, score_qualitative
from jixiao.domain.scoring.report import Outcome, RowScore
from jixiao.domain.targets import Direction, Target


def score_row(index: int, row: IndicatorResult, profile: Profile) -> RowScore:
    """The row's reported score beside the one the profile's rules give."""
    outcome = _outcome(row, profile)
    if (
        levels.canonical(row.level2) == levels.COST_OUTPUT
        and row.target.direction == "higher_better"
    ):
        note = f"；成本指标用「{row.target.op}」(应为 ≤ 的反向指标)"
        outcome = outcome.model_copy(
            update={
                "flags": (*outcome.flags, "cost_direction"),
                "explanation": outcome.explanation + note,
            }
        )
    return RowScore(
        index=index,
        line=row.source.line,
        goal_no=row.goal_no,
        level1=row.level1,
        level2=row.level2,
        level3=row.level3,
        target=row.target.raw,
        actual=row.actual.raw,
        weight=row.weight,
        reported=row.score,
        deviation=row.deviation,
        outcome=outcome,
    )


def stated(target: Target, direction: Direction | None) -> Target:
    """The target read the way its source's 指标方向 says when the value has no comparator.

    A bare ``5个`` parses as exact; beside 反向 it means at most 5 (``≤``), beside 正向 at least 5.
    """
    implicit = target.direction == "exact" and not target.raw.lstrip().startswith(("=", "＝"))
    if direction is None or direction == "exact" or not implicit:
        return target
    op = "≤" if direction == "lower_better" else "≥"
    return target.model_copy(update={"direction": direction, "op": op})


def _outcome(row: IndicatorResult, profile: Profile) -> Outcome:
    weight, actual, reported = row.weight, row.actual, row.score
    target = stated(row.target, row.direction)
    if weight is None:
        return fallback(weight, reported, "本行无分值", profile)
    if "empty" in actual.problems:
        return _missing_actual(weight, reported, profile)
    if target.kind == "deadline":
        reason = deadlines.incomparable(target, actual)
        if reason is None:
            return deadlines.score_deadline(weight, target, actual, reported, profile)
        return fallback(weight, reported, reason, profile)
    if target.value is not None:
        reason = quantitative.incomparable(target, actual)
        if reason is None:
            return quantitative.score_quantitative(weight, target, actual, profile)
        return fallback(weight, reported, reason, profile)
    return score_qualitative(weight, target, actual, reported, profile)


def _missing_actual(weight: Decimal, reported: Decimal | None, profile: Profile) -> Outcome:
    if profile.quantitative.missing_actual == "fallback":
        return fallback(weight, reported, "未填写实际完成值", profile)
    return Outcome(score=Decimal(0), method="missing_actual", explanation="未填写实际完成值 → 0")
