"""审核意见 (finding): one fault a rule found in a document, with where and how to fix it."""

from __future__ import annotations

from typing import Any, Literal, NamedTuple, get_args

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
    if _fits_shared(values) and _fits_own(values):
        return unchecked(_EVERY_FIELD, values)
    return Finding(**values)


class Stamp(NamedTuple):
    """What every finding of one rule under one profile shares (规则编号、严重程度、类别、标题、
    修改建议), with whether these values are of their fields' types (checked once: :func:`stamp`)."""

    rule: str
    severity: Severity
    category: Category
    title: str
    suggestion: str
    fits: bool


def stamp(rule: str, severity: Severity, category: Category, title: str, suggestion: str) -> Stamp:
    """The shared values of a rule's findings, checked once (the engine works them out once per
    rule and profile, not once per finding)."""
    shared = {"rule": rule, "severity": severity, "category": category, "title": title,
              "suggestion": suggestion}  # fmt: skip
    return Stamp(rule, severity, category, title, suggestion, _fits_shared(shared))


def stamped(
    shared: Stamp,
    severity: Severity,
    message: str,
    message_en: str,
    source: Source,
    document: str,
    label: str,
    field: Field,
    indicator: str | None,
) -> Finding:
    """:func:`made` of a finding of the rule ``shared`` stands for (``severity``: the rule's or
    the one its hit asked for): only the finding's own values are checked here."""
    values = {
        "rule": shared.rule,
        "severity": severity,
        "category": shared.category,
        "title": shared.title,
        "message": message,
        "message_en": message_en,
        "suggestion": shared.suggestion,
        "source": source,
        "document": document,
        "label": label,
        "field": field,
        "indicator": indicator,
    }
    if shared.fits and _fits_own(values):
        return unchecked(_EVERY_FIELD, values)
    return Finding(**values)


def _fits_shared(values: dict[str, Any]) -> bool:
    """Whether the values a rule's findings share are of their fields' types (what validation
    would leave as it is): code, category, title and suggestion."""
    category = values["category"]
    return (
        type(values["rule"]) is str
        and type(category) is str
        and category in _CATEGORIES
        and type(values["title"]) is str
        and type(values["suggestion"]) is str
    )


def _fits_own(values: dict[str, Any]) -> bool:
    """Whether each value of one finding is of its field's type: severity, messages, source,
    document, label, field and indicator."""
    severity, field, indicator = values["severity"], values["field"], values["indicator"]
    return (
        type(severity) is str
        and severity in SEVERITIES
        and type(values["message"]) is str
        and type(values["message_en"]) is str
        and type(values["source"]) is Source
        and type(values["document"]) is str
        and type(values["label"]) is str
        and type(field) is str
        and field in _FIELDS
        and (indicator is None or type(indicator) is str)
    )
