"""The review rules (审核规则) as the pages name them: a code with its Chinese title, severity."""

from __future__ import annotations

from jixiao.domain.review import RULES, Rule


def rule(code: str) -> Rule | None:
    """The catalogue's rule of ``code`` (None for a code no longer in the catalogue)."""
    return RULES.get(code)


def rule_label(code: str) -> str:
    """“CMP-01 缺少项目名称、预算数…”: the code and the rule's title (the code alone if unknown)."""
    found = rule(code)
    return f"{code} {found.title}" if found else code


def rule_severity(code: str) -> str:
    """The rule's severity (error, warning, info); "" if unknown."""
    found = rule(code)
    return str(found.severity) if found else ""


#: what a rule applies to (适用范围)
SCOPES = {"target_table": "绩效目标表", "self_evaluation": "绩效自评表"}


def scope_label(found: Rule) -> str:
    """“绩效目标表、绩效自评表”: the kinds of table a rule applies to."""
    return "、".join(SCOPES[s] for s in found.scope)
