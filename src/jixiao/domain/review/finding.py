"""审核意见 (finding): one fault a rule found in a document, with where and how to fix it."""

from __future__ import annotations

from typing import Literal

from jixiao.domain.frozen import Frozen
from jixiao.domain.model import Source

Severity = Literal["error", "warning", "info"]
Category = Literal["完整性", "相关性", "适当性", "可行性", "一致性"]
Field = Literal[
    "document", "title", "project", "budget", "purpose", "goals", "indicator", "conclusion"
]

SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


class Finding(Frozen):
    """A finding (审核意见): which rule, how serious, what is wrong, where, and what to do."""

    rule: str  # stable code, e.g. "APP-01"
    severity: Severity
    category: Category
    title: str  # the rule's one-line title
    message: str  # specific, in Chinese
    message_en: str
    suggestion: str  # how to fix it (the rule's fix suggestion)
    source: Source
    document: str  # 文档标识: the document's key (identity, see review.identity), never its title
    label: str  # the name a reviewer reads: title/project and sheet, page or line (display only)
    field: Field
    indicator: str | None = None  # the 三级指标 concerned, if any
