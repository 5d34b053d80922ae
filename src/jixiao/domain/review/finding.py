"""审核意见 (finding): one fault a rule found in a document, with where and how to fix it."""

from __future__ import annotations

from typing import Any, Literal, get_args

from jixiao.domain.frozen import Frozen, shape, unchecked
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


_EVERY_FIELD = shape(Finding, Finding.model_fields)
_CATEGORIES: tuple[str, ...] = get_args(Category)
_FIELDS: tuple[str, ...] = get_args(Field)


def made(values: dict[str, Any]) -> Finding:
    """``Finding(**values)`` as the engine makes it, ``values`` naming every field in the class's
    order: unchecked (:func:`jixiao.domain.frozen.unchecked`) when each value is already of its
    field's type — the engine makes thousands of findings a second —, else validated (a value a
    faulty rule got wrong raises as pydantic says)."""
    if _fits(values):
        return unchecked(_EVERY_FIELD, values)
    return Finding(**values)


def _fits(values: dict[str, Any]) -> bool:
    """Whether each value is of its field's type (what validation would leave as it is)."""
    severity, category, field = values["severity"], values["category"], values["field"]
    indicator = values["indicator"]
    return (
        type(values["rule"]) is str
        and type(severity) is str
        and severity in SEVERITIES
        and type(category) is str
        and category in _CATEGORIES
        and type(values["title"]) is str
        and type(values["message"]) is str
        and type(values["message_en"]) is str
        and type(values["suggestion"]) is str
        and type(values["source"]) is Source
        and type(values["document"]) is str
        and type(values["label"]) is str
        and type(field) is str
        and field in _FIELDS
        and (indicator is None or type(indicator) is str)
    )
