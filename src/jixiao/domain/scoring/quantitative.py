"""定量指标: scoring a numeric target against a numeric actual (财预〔2020〕10号, vendor C1).

正向 (≥, ＞) and 等于 (＝): full weight when the actual reaches the target, else W × A / T.
＝ with T = 0: full weight when A ≤ 0, else 0. 反向 (≤, ＜): full weight within the target; over it
``linear_to_2T`` gives W × (2 − A/T) down to 0 at 2T, ``ratio_T_over_A`` gives W × T / A.
Actuals written as bounds (">99.9%", "<1天") count by their bound when it points the target's way.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.domain.scoring.profile import Profile
from jixiao.domain.scoring.qualitative import band_outcome
from jixiao.domain.scoring.report import Outcome
from jixiao.domain.scoring.rounding import fmt, quantize
from jixiao.domain.targets import Target

_LOWER_BOUND = (">", "≥")
_UPPER_BOUND = ("<", "≤")


def show(value: Decimal, unit: str | None) -> str:
    """``104家``, ``67.5万元``, ``99.9%``."""
    return f"{fmt(value)}{unit or ''}"


def incomparable(target: Target, actual: Target) -> str | None:
    """Why target and actual cannot be compared as numbers, or None when they can."""
    if target.value is None or target.direction is None:
        return f"指标值「{target.raw}」不是数值"
    if actual.value is None:
        return f"实际完成值「{actual.raw}」不是数值"
    if "approximate" in target.problems:
        return f"指标值「{target.raw}」是约数，不能严格比较"
    if actual.unit is not None and actual.unit != target.unit:
        return f"单位不同（指标值 {target.unit or '无单位'}，实际 {actual.unit}）"
    if actual.op in _UPPER_BOUND and target.direction != "lower_better":
        return f"实际完成值「{actual.raw}」只给出上限，不能判断是否达到目标"
    if actual.op in _LOWER_BOUND and target.direction == "lower_better":
        return f"实际完成值「{actual.raw}」只给出下限，不能判断是否超出目标"
    return None


def score_quantitative(
    weight: Decimal, target: Target, actual: Target, profile: Profile
) -> Outcome:
    """Score a comparable pair (check :func:`incomparable` first)."""
    assert target.value is not None and actual.value is not None and target.direction is not None
    t, a = target.value, actual.value
    unit = target.unit
    said = f"实际 {_actual_text(actual, unit)}"
    notes = _notes(target, actual)
    if target.direction == "lower_better":
        outcome = _reverse(weight, t, a, target, said, unit, profile)
    elif target.op == "=" and t == 0:
        outcome = _equal_zero(weight, a, said, unit)
    else:
        outcome = _positive(weight, t, a, target, actual, said, profile)
    flags = outcome.flags + tuple(code for code, _ in notes)
    text = outcome.explanation + "".join(f"；{note}" for _, note in notes)
    return outcome.model_copy(update={"flags": flags, "explanation": text})


def _actual_text(actual: Target, unit: str | None) -> str:
    assert actual.value is not None
    bound = actual.op if actual.op in _LOWER_BOUND + _UPPER_BOUND else ""
    return bound + show(actual.value, actual.unit or unit)


def _notes(target: Target, actual: Target) -> list[tuple[str, str]]:
    notes: list[tuple[str, str]] = []
    if actual.op in _LOWER_BOUND + _UPPER_BOUND:
        notes.append(
            (
                "bound",
                f"实际完成值「{actual.raw}」是界限值，按界限 {fmt(actual.value or Decimal(0))} 计",
            )
        )
    if actual.unit is None and target.unit is not None:
        notes.append(("unit_assumed", f"实际完成值未写单位，按指标值单位 {target.unit} 计"))
    if actual.op == "≈":
        notes.append(("approximate_actual", f"实际完成值「{actual.raw}」是约数"))
    return notes


def _met(weight: Decimal, relation: str, t: Decimal, said: str, unit: str | None) -> Outcome:
    return Outcome(
        score=weight,
        method="quantitative",
        explanation=f"{said} {relation} 目标 {show(t, unit)} → 满分 {fmt(weight)}",
    )


def _strict_equal(weight: Decimal, target: Target, said: str, profile: Profile) -> Outcome | None:
    """A = T under ＞ or ＜: met (vendor) or scored as the profile's band."""
    if profile.quantitative.strict_at_equality == "met":
        return None
    assert target.value is not None
    band = profile.band(profile.quantitative.strict_missed_grade)
    reason = f"{said} = 目标 {show(target.value, target.unit)}，未严格满足 {target.op}"
    outcome = band_outcome(weight, band, None, reason, profile.rounding.score_decimals)
    return outcome.model_copy(update={"method": "quantitative", "flags": ("strict_equality",)})


def _positive(
    weight: Decimal, t: Decimal, a: Decimal, target: Target, actual: Target, said: str,
    profile: Profile,
) -> Outcome:  # fmt: skip
    """正向 and 等于 (T ≠ 0)."""
    unit = target.unit
    if a == t and target.op == ">":
        strict = _strict_equal(weight, target, said, profile)
        if strict is not None:
            return strict
    if a >= t:
        relation = "=" if a == t and actual.op != ">" else _relation(target)
        flags = _over_flags(t, a, target, profile)
        outcome = _met(weight, relation, t, said, unit)
        text = outcome.explanation + "".join(_flag_text(f, t, a, profile) for f in flags)
        return outcome.model_copy(update={"flags": flags, "explanation": text})
    if t <= 0:
        return Outcome(
            score=Decimal(0), method="quantitative",
            explanation=f"{said} < 目标 {show(t, unit)}（目标不大于 0，不按比例）→ 0",
        )  # fmt: skip
    score = quantize(weight * a / t, profile.rounding.score_decimals)
    return Outcome(
        score=score,
        method="quantitative",
        explanation=(
            f"{said} < 目标 {show(t, unit)} → {fmt(weight)} × {fmt(a)}/{fmt(t)} = {fmt(score)}"
        ),
    )


def _relation(target: Target) -> str:
    """How a met actual relates to the target: the target's own comparator (＝ exceeded: ＞)."""
    return ">" if target.op == "=" else target.op or "≥"


def _over_flags(t: Decimal, a: Decimal, target: Target, profile: Profile) -> tuple[str, ...]:
    flags: list[str] = []
    if target.op == "=" and a > t:
        flags.append("exact_exceeded")
    if t > 0 and a / t >= profile.quantitative.over_achievement_ratio:
        flags.append("over_achievement")
    return tuple(flags)


def _flag_text(flag: str, t: Decimal, a: Decimal, profile: Profile) -> str:
    if flag == "exact_exceeded":
        return "（＝目标被超出，按正向计）"
    theta = profile.quantitative.over_achievement_ratio
    return f"（超额：A/T = {fmt(quantize(a / t, 2))} ≥ θ {fmt(theta)}，应分析原因，目标偏低时可适度调减）"


def _equal_zero(weight: Decimal, a: Decimal, said: str, unit: str | None) -> Outcome:
    """＝ 0 (C1): full weight when A ≤ 0, else 0."""
    if a <= 0:
        return _met(weight, "=", Decimal(0), said, unit)
    return Outcome(
        score=Decimal(0),
        method="quantitative",
        explanation=f"{said} > 目标 ={show(Decimal(0), unit)} → 0",
        flags=("exact_exceeded",),
    )


def _reverse(
    weight: Decimal, t: Decimal, a: Decimal, target: Target, said: str, unit: str | None,
    profile: Profile,
) -> Outcome:  # fmt: skip
    """反向 (≤, ＜)."""
    if a == t and target.op == "<":
        strict = _strict_equal(weight, target, said, profile)
        if strict is not None:
            return strict
    if a <= t:
        return _met(weight, "=" if a == t else target.op or "≤", t, said, unit)
    decimals = profile.rounding.score_decimals
    if t <= 0:
        score, formula = Decimal(0), "目标为 0，超出即 0"
    elif profile.quantitative.reverse_rule == "ratio_T_over_A":
        score = quantize(weight * t / a, decimals)
        formula = f"{fmt(weight)} × {fmt(t)}/{fmt(a)} = {fmt(score)}"
    else:
        score = quantize(max(Decimal(0), weight * (2 - a / t)), decimals)
        formula = f"{fmt(weight)} × (2 − {fmt(a)}/{fmt(t)}) = {fmt(score)}（2 倍目标及以上为 0）"
    return Outcome(
        score=score,
        method="quantitative",
        explanation=f"{said} > 目标 {show(t, unit)}（超出）→ {formula}",
        flags=("overrun",),
    )
