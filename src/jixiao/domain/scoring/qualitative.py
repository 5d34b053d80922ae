"""定性指标 and fallbacks: qualitative grade bands (财预〔2020〕10号) and the reported score.

A qualitative grade (达成 / 部分达成 / 未达成) allows any score inside its band (e.g. 达成:
0.8·W ≤ S ≤ W); the evaluator chooses. So a reported score inside the band is kept, and one
outside it is replaced by the band's suggested score. Free text that names no grade cannot be
scored by rule: the reported score is kept and marked as a fallback.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.domain.scoring.profile import Band, Profile
from jixiao.domain.scoring.report import Outcome
from jixiao.domain.scoring.rounding import fmt, quantize
from jixiao.domain.targets import Target

#: how an actual value names a grade (C5/C17 import values and 10号 wording), most specific first
_GRADE_PREFIXES = (
    ("未达成", "未达成"),
    ("部分达成", "部分达成"),
    ("达成", "达成"),
    ("已达成", "达成"),
)


def named_grade(actual: Target) -> str | None:
    """The grade an actual value names ("部分达成目标并具有一定效果" → 部分达成), or None."""
    text = "".join(actual.raw.split())
    return next((grade for prefix, grade in _GRADE_PREFIXES if text.startswith(prefix)), None)


def in_band(band: Band, weight: Decimal, score: Decimal, top: bool) -> bool:
    """lower·W ≤ S < upper·W; the best band includes its upper bound (S ≤ W)."""
    low, high = band.lower * weight, band.upper * weight
    return low <= score and (score <= high if top else score < high)


def band_of(profile: Profile, weight: Decimal, score: Decimal) -> Band | None:
    """The band a score falls in, or None (a score above the weight or below 0)."""
    bands = profile.qualitative.bands
    return next((b for i, b in enumerate(bands) if in_band(b, weight, score, i == 0)), None)


def band_range(band: Band, weight: Decimal) -> str:
    return f"{fmt(band.lower * weight)}–{fmt(band.upper * weight)}"


def band_outcome(
    weight: Decimal, band: Band, reported: Decimal | None, reason: str, decimals: int
) -> Outcome:
    """Score inside ``band``: the reported score when it lies in the band, else the suggestion."""
    top = band.upper >= 1
    where = f"按「{band.grade}」档 {band_range(band, weight)}"
    if reported is not None and in_band(band, weight, reported, top):
        text = f"{reason} → {where}，报告得分 {fmt(reported)} 在档内，保留"
        return Outcome(score=reported, method="qualitative_band", explanation=text)
    score = quantize(weight * band.suggested, decimals)
    text = f"{reason} → {where}，取建议分 {fmt(weight)} × {fmt(band.suggested)} = {fmt(score)}"
    return Outcome(score=score, method="qualitative_band", explanation=text)


def fallback(
    weight: Decimal | None, reported: Decimal | None, reason: str, profile: Profile
) -> Outcome:
    """Not comparable by rule: keep the reported score (capped at the weight), marked as such."""
    if reported is None:
        return Outcome(
            score=None, method="fallback", fallback=True, explanation=f"{reason}；无报告得分"
        )
    score = reported if weight is None else min(reported, weight)
    text = f"{reason} → 沿用报告得分 {fmt(score)}"
    if weight is not None and reported > weight:
        text += f"（报告 {fmt(reported)} 超过分值 {fmt(weight)}，以分值为限）"
    band = band_of(profile, weight, score) if weight is not None and weight > 0 else None
    if band is not None:
        text += f"，落在「{band.grade}」档 {band_range(band, weight or Decimal(0))}"
    return Outcome(score=score, method="fallback", fallback=True, explanation=text)


def score_qualitative(
    weight: Decimal, target: Target, actual: Target, reported: Decimal | None, profile: Profile
) -> Outcome:
    """A qualitative target: band check when the actual names a grade, else a fallback."""
    grade = named_grade(actual)
    if grade is not None and any(b.grade == grade for b in profile.qualitative.bands):
        reason = f"实际完成值「{actual.raw}」= {grade}"
        return band_outcome(
            weight, profile.band(grade), reported, reason, profile.rounding.score_decimals
        )
    reason = f"指标值「{target.raw}」为文字，实际「{_short(actual.raw)}」，不能按规则比较"
    if "".join(target.raw.split()) in "".join(actual.raw.split()):
        reason += "（实际完成值包含指标值原文）"
    return fallback(weight, reported, reason, profile)


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
