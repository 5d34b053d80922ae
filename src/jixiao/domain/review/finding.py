"""审核意见 (finding): one fault a rule found in a document, with where and how to fix it."""

from __future__ import annotations

from typing import Any, Literal, NamedTuple, get_args

from jixiao.domain.frozen import Frozen, shape, unchecked_all
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
    fits = _fits_shared(rule, category, title, suggestion)
    return Stamp(rule, severity, category, title, suggestion, fits)


#: one finding of a document as the engine gives it to :func:`stamped_all`: its rule's shared
#: values, then its own severity, message, message_en, source, field and indicator
Made = tuple[Stamp, Severity, str, str, Source, Field, str | None]


def stamped_all(document: str, label: str, made: list[Made]) -> list[Finding]:
    """``Finding(…)`` of each of ``made`` (a document's findings, of the rules their ``Stamp``
    stands for; the severity: the rule's or the one its hit asked for), in document
    ``document`` labelled ``label``, as the engine makes them: unchecked
    (:func:`jixiao.domain.frozen.unchecked_all`, C loops over the models, no Python call per
    finding but :func:`_fits_own`) when each value is already of its field's type — the engine
    makes thousands of findings a second; the shared values were checked once —, else each
    validated (a value a faulty rule got wrong raises as pydantic says; the values that fit come
    out of validation as they went in)."""
    values = _values(document, label, made)
    if _fit(document, label, made):
        return unchecked_all(_EVERY_FIELD, values)
    return [Finding(**one) for one in values]


def stamped_values(document: str, label: str, made: list[Made]) -> list[dict[str, Any]]:
    """The ``__dict__`` of each finding :func:`stamped_all` makes of ``made``, without making
    the findings when each value is already of its field's type (a reader worker sends its
    findings as rows, :mod:`~jixiao.domain.review.finding_row`: no model need be made there),
    else of each finding validated (raising as :func:`stamped_all` does)."""
    values = _values(document, label, made)
    if _fit(document, label, made):
        return values
    return [Finding(**one).__dict__ for one in values]


def _values(document: str, label: str, made: list[Made]) -> list[dict[str, Any]]:
    """The values of each finding of ``made``, by field, in the class's order."""
    return [
        {
            "rule": rule,
            "severity": severity,
            "category": category,
            "title": title,
            "message": message,
            "message_en": message_en,
            "suggestion": suggestion,
            "source": source,
            "document": document,
            "label": label,
            "field": field,
            "indicator": indicator,
        }
        for (rule, _, category, title, suggestion, _), severity, message, message_en, source,
        field, indicator in made
    ]  # fmt: skip


def _fit(document: object, label: object, made: list[Made]) -> bool:
    """Whether every value of the findings of ``made`` in ``document`` labelled ``label`` is of
    its field's type (the document's key and label checked once)."""
    return type(document) is str and type(label) is str and all([_fits_own(*one) for one in made])


def _fits_shared(rule: object, category: object, title: object, suggestion: object) -> bool:
    """Whether the values a rule's findings share are of their fields' types (what validation
    would leave as it is): code, category, title and suggestion."""
    return (
        type(rule) is str
        and type(category) is str
        and category in _CATEGORIES
        and type(title) is str
        and type(suggestion) is str
    )


def _fits_own(
    shared: Stamp,
    severity: object,
    message: object,
    message_en: object,
    source: object,
    field: object,
    indicator: object,
) -> bool:
    """Whether the values of one finding of :func:`stamped_all` are of their fields' types: its
    rule's shared values (checked once: :func:`stamp`), then severity, messages, source, field
    and indicator."""
    return (
        shared.fits
        and type(severity) is str
        and severity in SEVERITIES
        and type(message) is str
        and type(message_en) is str
        and type(source) is Source
        and type(field) is str
        and field in _FIELDS
        and (indicator is None or type(indicator) is str)
    )
