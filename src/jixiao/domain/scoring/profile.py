"""Scoring profiles (评分规则配置): every number of the scoring rules, as data.

A profile is a TOML file in ``jixiao/profiles/scoring/`` (or any path), read by the one profile
loader (:mod:`jixiao.domain.profiles`). Each section (``[rounding]``,
``[weights]`` …) holds settings and a ``sources`` table that cites, for every setting, where it
comes from with an evidence tag of the domain rulebook ([V], [V-seed], [V-impl], [R], [R?], [I]).
A profile may ``inherits`` another: its sections are merged key by key, so a child that only
re-cites a setting keeps the parent's value with its own source.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from jixiao.domain import profiles
from jixiao.domain.model import Likelihood
from jixiao.domain.profiles import ProfileData, ProfileError

Light = Literal["red", "yellow", "green", "blue"]

_TAG = re.compile(r"\[(?:V|V-seed|V-impl|R|R\?|I)\]")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Section(_Model):
    """A group of settings; ``sources`` cites every one of them with an evidence tag."""

    sources: dict[str, str]

    @model_validator(mode="after")
    def _every_setting_cited(self) -> Self:
        for name in type(self).model_fields:
            if name == "sources":
                continue
            cite = self.sources.get(name)
            if cite is None or not _TAG.search(cite):
                raise ValueError(f"setting {name!r} has no source with an evidence tag")
        return self


class Rounding(Section):
    """小数位: every rounding is ROUND_HALF_UP to these decimals."""

    score_decimals: int
    budget_decimals: int
    total_decimals: int
    rate_decimals: int


class Weights(Section):
    """分值: points for the indicators, the allocation step and level-1 points (may be empty)."""

    indicator_points: Decimal
    step: Decimal
    mode: Literal["free", "equal_rounded"]
    level1: dict[str, Decimal]


class Budget(Section):
    """预算执行得分 = points × min(B/A, 1) (or B/A when ``cap_rate`` is false)."""

    points: Decimal
    cap_rate: bool


class Quantitative(Section):
    """定量指标: reverse rule, strict comparators at equality, over-achievement θ, no actual."""

    reverse_rule: Literal["linear_to_2T", "ratio_T_over_A"]
    strict_at_equality: Literal["met", "missed"]
    strict_missed_grade: str
    over_achievement_ratio: Decimal
    missing_actual: Literal["zero", "fallback"]


class Band(_Model):
    """A qualitative grade and its share of the weight: lower ≤ S/W < upper (≤ for the top)."""

    grade: str
    lower: Decimal
    upper: Decimal
    suggested: Decimal


class Qualitative(Section):
    """定性指标 bands (达成 / 部分达成 / 未达成), best first."""

    bands: tuple[Band, ...]


class Deadline(Section):
    """时效 (deadline) indicators: the qualitative grade a missed deadline is scored as."""

    missed_grade: str


class GradeBand(_Model):
    grade: str
    min: Decimal


class Grades(Section):
    """自评等级 bands (优/良/中/差), best first; ``strict`` makes the lower bound exclusive."""

    bands: tuple[GradeBand, ...]
    bottom: str
    strict: bool


class Monitoring(Section):
    """绩效运行监控: checkpoint month and the thresholds of the pacing lights."""

    month: int  # the checkpoint (1–m月); a report as of another month is noted
    budget_thresholds: tuple[Decimal, Decimal]
    indicator_thresholds: tuple[Decimal, Decimal, Decimal]
    binary_level2: tuple[str, ...]
    likelihood_lights: dict[Likelihood, Light]
    reasons_required_for: tuple[Light, ...]
    forecast_required_for: tuple[Likelihood, ...]
    note_required_with_reasons: bool


class Profile(_Model):
    """A complete scoring profile."""

    name: str
    title: str
    scope: Literal["project", "department"]
    source: str
    inherits: str | None = None
    rounding: Rounding
    weights: Weights
    budget: Budget
    quantitative: Quantitative
    qualitative: Qualitative
    deadline: Deadline
    grades: Grades
    monitoring: Monitoring

    @model_validator(mode="after")
    def _grades_known(self) -> Self:
        known = {band.grade for band in self.qualitative.bands}
        for grade in (self.quantitative.strict_missed_grade, self.deadline.missed_grade):
            if grade not in known:
                raise ValueError(f"grade {grade!r} is not one of the qualitative bands {known}")
        return self

    def band(self, grade: str) -> Band:
        """The qualitative band called ``grade``."""
        return next(b for b in self.qualitative.bands if b.grade == grade)


def available_profiles() -> list[str]:
    """The names of the built-in profiles."""
    return profiles.profile_names("scoring")


def load_profile(name: str | Path = "tianjin_dept") -> Profile:
    """A built-in profile by name, or a profile file by path (``.toml``), through the one loader."""
    loaded = profiles.load("scoring", name, _merge)
    for layer in loaded.layers:
        _check_cited(loaded, layer.data)
    try:
        return Profile.model_validate(loaded.data)
    except ValidationError as exc:
        raise _located(loaded, exc) from exc


def _located(loaded: ProfileData, exc: ValidationError) -> ProfileError:
    """The first validation error, at the file and line of the setting it is about."""
    error = exc.errors()[0]
    keys = [str(part) for part in error["loc"]]
    if error["type"] == "extra_forbidden":
        return loaded.error(keys, f"unknown setting {'.'.join(keys)!r}")
    message = error["msg"].removeprefix("Value error, ")
    return loaded.error(keys, f"{'.'.join(keys)}: {message}" if keys else message)


def _check_cited(loaded: ProfileData, data: dict[str, Any]) -> None:
    """A file that sets a value must cite it in the same file (inherited citations don't count)."""
    for section, body in data.items():
        if not isinstance(body, dict):
            continue
        sources = body.get("sources", {})
        for key in body:
            if key != "sources" and key not in sources:
                raise loaded.error((section, key), f"[{section}] {key} has no source")


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """Sections merge key by key (values are replaced whole); ``sources`` merge the same way."""
    merged = dict(parent) | {k: v for k, v in child.items() if not isinstance(v, dict)}
    for section, body in child.items():
        if isinstance(body, dict):
            base = parent.get(section, {})
            sources = base.get("sources", {}) | body.get("sources", {})
            merged[section] = base | body | {"sources": sources}
    return merged
