"""The review rules (审核规则) as the pages name them: a code with its Chinese title, severity."""

from __future__ import annotations

import re

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
SCOPES = {
    "target_table": "绩效目标表",
    "self_evaluation": "绩效自评表",
    "disclosure": "预决算公开说明（预算绩效管理情况）",
}


def scope_label(found: Rule) -> str:
    """“绩效目标表、绩效自评表”: the kinds of table a rule applies to."""
    return "、".join(SCOPES[s] for s in found.scope)


#: the catalogue's references for developers, left out of the rule page: the rulebook's section
#: and problem codes (§2.3 MULTI_VALUE), the seed documents, the source tags ([I], [V-seed])
_INTERNAL = [
    re.compile(p)
    for p in (
        r"[（(]§[\d.]+\s*[A-Z_]*[）)]",
        r"[（(][A-Z][A-Z_]+[）)]",
        r"§[\d.]+\s*",
        r"[（(]seeds?[^）)]*[）)]",
        r"[；;]?\s*seeds?(?:\s+\d+)?",
        r"[；;]?\s*\[[A-Z][\w-]*\??\]",
        r"(?<=[（(])[，,]\s*",  # what a removed reference leaves: “（，四舍五入”
    )
]


def for_people(text: str) -> str:
    """A catalogue text without the references meant for developers."""
    for pattern in _INTERNAL:
        text = pattern.sub("", text)
    return text.strip(" ；;")
