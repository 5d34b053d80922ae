"""Review profiles (审核口径): which rules run, with which severity and thresholds — as data.

A profile is a TOML file: ``jixiao/profiles/review/<name>.toml`` in the package, or any path,
read by the one profile loader (:mod:`jixiao.domain.profiles`: decimals, inheritance with a loop
guard, errors at file:line). ``inherits = "central"`` starts from another profile; ``[rules.CODE]`` tables switch a rule off
(``enabled = false``), change its ``severity`` or set its parameters; ``[grade]`` sets the grade
thresholds of §4.4. The wording of a rule is data too (提示语、修改建议、范例意见): ``message`` replaces
the text of its findings, ``{原文}`` in it standing for the rule's own computed message (which
names the cell and the values); ``suggestion`` replaces its 修改建议; ``answers`` (a list) is the
phrase bank reviewers pick from when they write a comment. Unknown rule codes and parameters are
refused, so a typo cannot pass silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jixiao.domain import profiles
from jixiao.domain.profiles import ProfileData
from jixiao.domain.review.finding import SEVERITIES, Severity
from jixiao.domain.review.registry import RULES, Rule

_WORDING_KEYS = {"message", "suggestion", "answers"}
_SETTING_KEYS = {"enabled", "severity"} | _WORDING_KEYS
ORIGINAL = "{原文}"  # in a ``message`` override: the rule's own message
_TOP_KEYS = {"inherits", "name", "description", "rules", "grade"}


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

    def message(self, rule: Rule, computed: str) -> str:
        """The finding's message: the profile's ``message`` with ``{原文}`` → ``computed``."""
        template = str(self.rules.get(rule.code, {}).get("message", ""))
        return template.replace(ORIGINAL, computed) if template else computed

    def suggestion(self, rule: Rule) -> str:
        return str(self.rules.get(rule.code, {}).get("suggestion", "")) or rule.suggestion

    def answers(self, rule: Rule) -> tuple[str, ...]:
        """The rule's model answers (范例意见), the phrase bank offered with comments."""
        return tuple(str(a) for a in self.rules.get(rule.code, {}).get("answers", ()))

    def params(self, rule: Rule) -> dict[str, Any]:
        settings = self.rules.get(rule.code, {})
        return {**rule.params, **{k: v for k, v in settings.items() if k not in _SETTING_KEYS}}


def profile_names() -> list[str]:
    """The review profiles shipped with the package."""
    return profiles.profile_names("review")


def load_profile(name: str | Path = "tianjin") -> Profile:
    """A shipped profile by name, or a profile file by path (through the one profile loader)."""
    return _profile(profiles.load("review", name))


def profile_from_toml(text: str, where: str) -> Profile:
    """A profile from TOML text (a stored version, an upload); ``where`` names it in errors."""
    return _profile(profiles.loads("review", text, where))


def _profile(loaded: ProfileData) -> Profile:
    data = loaded.data
    loaded.refuse_unknown(data, _TOP_KEYS)
    rules: dict[str, dict[str, Any]] = data.get("rules", {})
    _validate(loaded, rules)
    policy = _grade_policy(loaded, data.get("grade", {}))
    return Profile(loaded.name, str(data.get("description", "")), rules, policy)


def _grade_policy(loaded: ProfileData, grade: dict[str, Any]) -> GradePolicy:
    for key in grade:
        if key not in vars(GradePolicy()):
            raise loaded.error(("grade", key), f"[grade] has no setting {key!r}")
    counts = {key: int(value) for key, value in grade.items() if key != "poor_rules"}
    return GradePolicy(tuple(grade.get("poor_rules", GradePolicy.poor_rules)), **counts)


def _validate(loaded: ProfileData, rules: dict[str, dict[str, Any]]) -> None:
    for code, settings in rules.items():
        if code not in RULES:
            raise loaded.error(("rules", code), f"unknown rule {code}")
        for key in settings:
            if key not in _SETTING_KEYS and key not in RULES[code].params:
                raise loaded.error(("rules", code, key), f"rule {code} has no parameter {key!r}")
        for key in sorted(_WORDING_KEYS & settings.keys()):
            if not _is_wording(key, settings[key]):
                raise loaded.error(("rules", code, key), f"rule {code}: {key} must be text")
        if settings.get("severity", "error") not in SEVERITIES:
            raise loaded.error(
                ("rules", code, "severity"), f"rule {code}: bad severity {settings['severity']}"
            )


def _is_wording(key: str, value: Any) -> bool:
    """``answers`` is a list of texts, ``message`` and ``suggestion`` one text each."""
    if key == "answers":
        return isinstance(value, list) and all(isinstance(a, str) for a in value)
    return isinstance(value, str)
