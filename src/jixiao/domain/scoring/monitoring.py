"""绩效运行监控 pacing (序时进度): budget and indicator progress against elapsed time.

Budget (vendor C2): q = (B_m / A) / (m / 12) × 100; below the first threshold red, below the
second yellow, else green. Indicators (山西 scheme, C3): for 正向 quantitative rows the progress
X_m is compared with the pro-rata target S = T × m / 12: X/S below 0.6 red, below 0.8 yellow,
below 1.2 green, else blue (target maybe too low); 反向 rows and the profile's binary level 2
(质量/时效/成本) are green when the target is already met, else red; qualitative progress
达成/部分达成/未达成 is green/yellow/red. 完成目标可能性 gives a light of its own; the row's light is
the worse of the two. Explanations that the profile requires are listed as missing.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import cast, get_args

from pydantic import BaseModel, ConfigDict

from jixiao.domain import levels
from jixiao.domain.model import DeviationReason, MonitoringIndicator, MonitoringReport
from jixiao.domain.scoring import quantitative
from jixiao.domain.scoring.profile import Light, Profile, load_profile
from jixiao.domain.scoring.qualitative import named_grade
from jixiao.domain.scoring.rounding import fmt, quantize
from jixiao.domain.targets import Target

SEVERITY: dict[Light, int] = {"green": 0, "blue": 1, "yellow": 2, "red": 3}
LIGHT_NAMES: dict[Light, str] = {"red": "红", "yellow": "黄", "green": "绿", "blue": "蓝"}
_GRADE_LIGHTS: dict[str, Light] = {"达成": "green", "部分达成": "yellow", "未达成": "red"}

#: other spellings of 偏差原因 (vendor C5 人员原因/制度原因/经费原因/其他原因, C6 硬件保障)
REASON_ALIASES: dict[str, DeviationReason] = {
    "经费原因": "经费保障",
    "制度原因": "制度保障",
    "人员原因": "人员保障",
    "硬件保障": "硬件条件保障",
    "其他原因": "其他",
}


def deviation_reason(label: str) -> DeviationReason:
    """The enumerated 偏差原因 for a label (``人员原因`` → 人员保障); ValueError if unknown."""
    text = "".join(label.split())
    for reason in get_args(DeviationReason):
        if text == reason:
            return cast(DeviationReason, reason)
    if text in REASON_ALIASES:
        return REASON_ALIASES[text]
    raise ValueError(f"unknown 偏差原因 {label!r}")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BudgetPacing(_Model):
    """预算执行进度 against 序时进度."""

    rate: Decimal | None  # B_m / A, percent
    elapsed: Decimal  # m / 12, percent
    ratio: Decimal | None  # q = rate / elapsed × 100
    light: Light | None
    explanation: str


class IndicatorPacing(_Model):
    """One indicator's lights and the explanations the profile requires but the row lacks."""

    index: int
    level2: str
    level3: str
    light: Light | None  # the worse of progress and likelihood; None when neither is known
    progress_light: Light | None
    likelihood_light: Light | None
    explanation: str
    missing: tuple[str, ...]  # 偏差原因 / 全年预计完成情况 / 原因说明


class PacingReport(_Model):
    """The pacing warnings of a monitoring report under one profile."""

    profile: str
    title: str
    month: int  # the report's month
    checkpoint: int  # the profile's checkpoint month
    budget: BudgetPacing
    indicators: tuple[IndicatorPacing, ...]

    @property
    def warnings(self) -> tuple[IndicatorPacing, ...]:
        """Rows that are not green or that lack a required explanation."""
        return tuple(i for i in self.indicators if i.missing or (i.light not in (None, "green")))


def _step(value: Decimal, thresholds: tuple[Decimal, ...], lights: tuple[Light, ...]) -> Light:
    """The light of the first threshold ``value`` is below, else the last light."""
    for limit, light in zip(thresholds, lights, strict=False):
        if value < limit:
            return light
    return lights[-1]


def budget_pacing(
    annual: Decimal | None, executed: Decimal | None, month: int, profile: Profile
) -> BudgetPacing:
    """The budget light: execution rate against elapsed time (m/12)."""
    elapsed = Decimal(month) / 12 * 100
    shown = quantize(elapsed, 1)
    if annual is None or executed is None or annual <= 0:
        text = f"年度预算数 A={annual}、执行数 B={executed}：无法计算执行进度"
        return BudgetPacing(rate=None, elapsed=shown, ratio=None, light=None, explanation=text)
    rate = executed / annual * 100
    ratio = rate / elapsed * 100
    light = _step(ratio, profile.monitoring.budget_thresholds, ("red", "yellow", "green"))
    text = (
        f"1–{month}月执行率 {fmt(quantize(rate, 1))}%，序时进度 {fmt(shown)}%，"
        f"执行进度比 {fmt(quantize(ratio, 1))} → {LIGHT_NAMES[light]}灯"
    )
    return BudgetPacing(
        rate=quantize(rate, 2),
        elapsed=shown,
        ratio=quantize(ratio, 2),
        light=light,
        explanation=text,
    )


def _meets(x: Decimal, t: Decimal, op: str | None) -> bool:
    return {"≥": x >= t, ">": x > t, "≤": x <= t, "<": x < t}.get(op or "=", x == t)


def progress_light(
    indicator: MonitoringIndicator, month: int, profile: Profile
) -> tuple[Light | None, str]:
    """The light of the progress to date, and why."""
    target, progress = indicator.target, indicator.progress
    grade = named_grade(progress)
    if grade is not None:
        return _GRADE_LIGHTS[grade], f"当前完成「{progress.raw}」= {grade}"
    if target.kind == "deadline":
        return _deadline_light(target, progress)
    reason = quantitative.incomparable(target, progress)
    if reason is not None:
        return None, reason
    assert target.value is not None and progress.value is not None
    t, x = target.value, progress.value
    said = f"当前 {quantitative.show(x, target.unit)}"
    binary = levels.canonical(indicator.level2) in profile.monitoring.binary_level2
    if binary or target.direction == "lower_better" or t == 0:
        met = _meets(x, t, target.op)
        light: Light = "green" if met else "red"
        relation = "已达到" if met else "未达到"
        return light, f"{said} {relation}目标 {target.raw} → {LIGHT_NAMES[light]}灯"
    pro_rata = t * month / 12
    ratio = x / pro_rata
    light = _step(
        ratio, profile.monitoring.indicator_thresholds, ("red", "yellow", "green", "blue")
    )
    return light, (
        f"{said}，序时目标 {fmt(t)}×{month}/12 = {fmt(quantize(pro_rata, 2))}，"
        f"完成比 {fmt(quantize(ratio, 2))} → {LIGHT_NAMES[light]}灯"
    )


def _deadline_light(target: Target, progress: Target) -> tuple[Light | None, str]:
    if target.deadline is None or progress.deadline is None:
        return None, f"期限「{target.raw}」与当前完成「{progress.raw}」无法按日期比较"
    if progress.deadline <= target.deadline:
        return (
            "green",
            f"已于 {progress.deadline.isoformat()} 完成（期限 {target.deadline.isoformat()}）→ 绿灯",
        )
    return (
        "red",
        f"完成 {progress.deadline.isoformat()} 晚于期限 {target.deadline.isoformat()} → 红灯",
    )


def _missing(
    indicator: MonitoringIndicator, light: Light | None, profile: Profile
) -> tuple[str, ...]:
    rules, missing = profile.monitoring, []
    needs_forecast = indicator.likelihood in rules.forecast_required_for
    if not indicator.reasons and (light in rules.reasons_required_for or needs_forecast):
        missing.append("偏差原因")
    if needs_forecast and indicator.forecast is None:
        missing.append("全年预计完成情况")
    if rules.note_required_with_reasons and indicator.reasons and not indicator.note:
        missing.append("原因说明")
    return tuple(missing)


def _worst(*lights: Light | None) -> Light | None:
    known: list[Light] = [light for light in lights if light is not None]
    if not known:
        return None
    return max(known, key=lambda light: SEVERITY[light])


def indicator_pacing(
    index: int, indicator: MonitoringIndicator, month: int, profile: Profile
) -> IndicatorPacing:
    progress, text = progress_light(indicator, month, profile)
    likely = indicator.likelihood
    likelihood = profile.monitoring.likelihood_lights.get(likely) if likely else None
    if likely is not None and likelihood is not None:
        text += f"；完成可能性「{likely}」→ {LIGHT_NAMES[likelihood]}灯"
    light = _worst(progress, likelihood)
    return IndicatorPacing(
        index=index,
        level2=indicator.level2,
        level3=indicator.level3,
        light=light,
        progress_light=progress,
        likelihood_light=likelihood,
        explanation=text,
        missing=_missing(indicator, light, profile),
    )


def assess_monitoring(
    report: MonitoringReport, profile: str | Path | Profile = "tianjin_dept"
) -> PacingReport:
    """Pacing lights for the budget and every indicator of a monitoring report."""
    rules = profile if isinstance(profile, Profile) else load_profile(profile)
    month = report.month
    return PacingReport(
        profile=rules.name,
        title=report.title,
        month=month,
        checkpoint=rules.monitoring.month,
        budget=budget_pacing(report.budget.annual, report.budget.executed, month, rules),
        indicators=tuple(
            indicator_pacing(i, ind, month, rules)
            for i, ind in enumerate(report.indicators, start=1)
        ),
    )
