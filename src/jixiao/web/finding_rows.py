"""审核意见的行: a finding (审核意见) as its stored row, and back.

A finding row is its finding: the columns hold every field but the label, which its JSON
``data`` keeps (:func:`remainder`), and :func:`load` reads it back whole. :func:`columns` gives
the rows an import writes for a version's findings, each on the indicator row whose source it
names; :func:`key` tells a finding of a version from its others (a dismissed finding found again
by a new review is the same finding).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jixiao.domain import model as domain
from jixiao.domain.review import Finding
from jixiao.web import models

__all__ = ["columns", "key", "load", "remainder", "source_columns"]


def load(row: models.Finding) -> Finding:
    """The domain finding a row stores: its columns, and from ``data`` what no column holds
    (:func:`remainder`)."""
    rest = row.data
    return Finding.model_validate(
        {
            "rule": row.rule,
            "severity": row.severity,
            "category": row.category,
            "title": row.title,
            "message": row.message,
            "message_en": row.message_en,
            "suggestion": row.suggestion,
            "source": {
                "file": row.source_file,
                "line": row.source_line,
                "cell": rest.get("cell", row.source_cell or None),
            },
            "document": row.document,
            "label": rest["label"],
            "field": row.field,
            "indicator": rest.get("indicator", row.indicator or None),
        }
    )


def remainder(f: Finding) -> dict[str, str]:
    """What a finding row's ``data`` keeps: what none of its columns holds — the label (标签),
    and an indicator or cell that is empty text (the columns store None as empty text)."""
    rest = {"label": f.label}
    if f.indicator == "":
        rest["indicator"] = ""
    if f.source.cell == "":
        rest["cell"] = ""
    return rest


def columns(
    findings: Sequence[Finding],
    indicators: Sequence[domain.Indicator | domain.IndicatorResult],
) -> list[dict[str, Any]]:
    """The columns of the finding rows of a version's ``findings`` (as an import writes them),
    each on the indicator row whose source it names."""
    rows = {(ind.source.line, ind.source.cell): i for i, ind in enumerate(indicators)}
    return [
        {
            "indicator_position": (
                rows.get((f.source.line, f.source.cell)) if f.field == "indicator" else None
            ),
            "rule": f.rule,
            "severity": f.severity,
            "category": f.category,
            "title": f.title,
            "message": f.message,
            "message_en": f.message_en,
            "suggestion": f.suggestion,
            "field": f.field,
            "indicator": f.indicator or "",
            "document": f.document,
            "data": remainder(f),
            **source_columns(f.source),
        }
        for f in findings
    ]


def source_columns(source: domain.Source | None) -> dict[str, Any]:
    """The place columns of a row that cites its source (file, line, cell; a missing cell is
    empty text), as finding, version and indicator rows have them."""
    if source is None:
        return {}
    return {
        "source_file": source.file,
        "source_line": source.line,
        "source_cell": source.cell or "",
    }


def key(f: Finding) -> tuple[str, ...]:
    """What tells a finding of a version from its others: rule, field, indicator, place, message
    (a dismissed finding found again by a new review is the same finding)."""
    line = "" if f.source.line is None else str(f.source.line)
    return (f.rule, f.field, f.indicator or "", line, f.source.cell or "", f.message)
