"""The rule catalogue as Markdown (docs/rules.md is generated from this; a test keeps it current)."""

from __future__ import annotations

from jixiao.domain.review.profile import load_profile, profile_names
from jixiao.domain.review.registry import RULES, Rule

_SEVERITY = {"error": "错误 error", "warning": "警告 warning", "info": "提示 info"}
_SCOPES = {
    "target_table": "绩效目标表",
    "self_evaluation": "绩效自评表",
    "disclosure": "预决算公开的预算绩效管理情况",
}


def markdown() -> str:
    """docs/rules.md: every rule with its code, title, category, severity, basis and example."""
    lines = [
        "# 审核规则目录 / Review rule catalogue",
        "",
        "Generated from the rule registry by `jixiao rules --markdown > docs/rules.md`; do not edit",
        "by hand (a test fails when this file is stale). Severity is the default; profiles",
        f"({', '.join(profile_names())}) switch rules off and change severities and parameters.",
        "",
        "| Code | Title | Category | Severity | Basis |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| [{r.code}](#{r.code.lower()}) | {r.title} | {r.category} | {r.severity} | {r.basis} |"
        for r in RULES.values()
    ]
    for r in RULES.values():
        lines += ["", *_section(r)]
    return "\n".join(lines) + "\n"


def _section(rule: Rule) -> list[str]:
    scope = "、".join(_SCOPES[s] for s in rule.scope)
    lines = [
        f"## {rule.code}",
        "",
        f"**{rule.title}** — {rule.category} · {_SEVERITY[rule.severity]} · applies to {scope}",
        "",
        rule.explanation,
        "",
        f"- Basis: {rule.basis}",
        f"- Example: {rule.example}",
        f"- Fix: {rule.suggestion}",
    ]
    if rule.params:
        shown = ", ".join(f"`{key} = {value!r}`" for key, value in rule.params.items())
        lines.append(f"- Parameters (defaults): {shown}")
    overrides = _profile_overrides(rule)
    if overrides:
        lines.append(f"- Profiles: {overrides}")
    return lines


def _profile_overrides(rule: Rule) -> str:
    notes = []
    for name in profile_names():
        settings = load_profile(name).rules.get(rule.code)
        if settings:
            notes.append(f"{name}: " + ", ".join(f"`{k} = {v!r}`" for k, v in settings.items()))
    return "; ".join(notes)
