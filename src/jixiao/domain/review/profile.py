"""Review profiles (审核口径): which rules run, with which severity and thresholds — as data.

A profile is a TOML file: ``jixiao/profiles/review/<name>.toml`` in the package, or any path.
``inherits = "central"`` starts from another profile; ``[rules.CODE]`` tables switch a rule off
(``enabled = false``), change its ``severity`` or set its parameters; ``[grade]`` sets the grade
thresholds of §4.4. Unknown rule codes and parameters are refused, so a typo cannot pass silently.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from jixiao.domain.review.finding import SEVERITIES, Severity
from jixiao.domain.review.registry import RULES, Rule

_SETTING_KEYS = {"enabled", "severity"}


class ProfileError(ValueError):
    """A profile cannot be found or does not fit the rule catalogue."""


@dataclass(frozen=True)
class GradePolicy:
    """§4.4 grade thresholds: any finding of ``poor_rules`` → 差; then error/warning counts (0 = off)."""

    poor_rules: tuple[str, ...] = ("CMP-01",)
    poor_errors: int = 0  # ≥ this many errors → 差
    fair_errors: int = 1  # ≥ this many errors → 中
    fair_warnings: int = 0  # ≥ this many warnings → 中
    good_warnings: int = 1  # ≥ this many warnings → 良


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)  # code → settings
    grade: GradePolicy = field(default_factory=GradePolicy)

    def enabled(self, rule: Rule) -> bool:
        return bool(self.rules.get(rule.code, {}).get("enabled", True))

    def severity(self, rule: Rule) -> Severity:
        value = self.rules.get(rule.code, {}).get("severity", rule.severity)
        assert value in SEVERITIES  # validated on load
        return value  # type: ignore[no-any-return]

    def params(self, rule: Rule) -> dict[str, Any]:
        settings = self.rules.get(rule.code, {})
        return {**rule.params, **{k: v for k, v in settings.items() if k not in _SETTING_KEYS}}


def profile_names() -> list[str]:
    """The profiles shipped with the package."""
    folder = resources.files("jixiao") / "profiles" / "review"
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )


def load_profile(name: str | Path = "tianjin") -> Profile:
    """A shipped profile by name, or a profile file by path."""
    data = _read(name)
    parent = data.pop("inherits", None)
    rules: dict[str, dict[str, Any]] = {}
    grade: dict[str, Any] = {}
    if parent is not None:
        base = load_profile(str(parent))
        rules = {code: dict(settings) for code, settings in base.rules.items()}
        grade = dict(vars(base.grade))
    for code, settings in data.get("rules", {}).items():
        rules[code] = {**rules.get(code, {}), **settings}
    grade.update(data.get("grade", {}))
    _validate(str(name), rules)
    policy = _grade_policy(str(name), grade)
    return Profile(str(data.get("name", name)), str(data.get("description", "")), rules, policy)


def _grade_policy(name: str, grade: dict[str, Any]) -> GradePolicy:
    unknown = set(grade) - set(vars(GradePolicy()))
    if unknown:
        raise ProfileError(f"profile {name}: [grade] has no setting {sorted(unknown)}")
    counts = {key: int(value) for key, value in grade.items() if key != "poor_rules"}
    return GradePolicy(tuple(grade.get("poor_rules", GradePolicy.poor_rules)), **counts)


def _read(name: str | Path) -> dict[str, Any]:
    path = Path(name)
    if path.suffix == ".toml":
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ProfileError(f"profile {name}: {exc.strerror or exc}") from exc
    else:
        resource = resources.files("jixiao") / "profiles" / "review" / f"{name}.toml"
        if not resource.is_file():
            raise ProfileError(f"unknown profile {name!r} (known: {', '.join(profile_names())})")
        text = resource.read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"profile {name}: {exc}") from exc


def _validate(name: str, rules: dict[str, dict[str, Any]]) -> None:
    for code, settings in rules.items():
        if code not in RULES:
            raise ProfileError(f"profile {name}: unknown rule {code}")
        unknown = set(settings) - _SETTING_KEYS - set(RULES[code].params)
        if unknown:
            raise ProfileError(f"profile {name}: rule {code} has no parameter {sorted(unknown)}")
        if settings.get("severity", "error") not in SEVERITIES:
            raise ProfileError(f"profile {name}: rule {code}: bad severity {settings['severity']}")
