"""审核意见的行: a finding (审核意见) as its stored row, and back.

A finding row is its finding (:mod:`jixiao.domain.review.finding_row` says which values its
columns hold, and builds them without Django, so the sandbox's reader workers send them as they
are stored, and an import writes them as they come: :data:`jixiao.web.storage.ORDERED`).
:func:`load` reads a stored row back whole; :func:`stored` gives rows as the columns by name (as
a new review of stored versions writes them, :mod:`jixiao.web.refinding`), and :func:`columns`
those of a version's findings, each on the indicator row whose source it names; :func:`key`
tells a finding of a version from its others (a dismissed finding found again by a new review is
the same finding).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jixiao.domain import model as domain
from jixiao.domain.review import Finding, finding_row
from jixiao.web import models

__all__ = ["columns", "key", "load", "stored"]


def load(row: models.Finding) -> Finding:
    """The domain finding a row stores: its columns, and from ``data`` what no column holds
    (:func:`jixiao.domain.review.finding_row.remainder`)."""
    return finding_row.finding([getattr(row, name) for name in finding_row.COLUMNS])


def stored(rows: Sequence[finding_row.Row]) -> list[dict[str, Any]]:
    """The columns, by name, of finding rows."""
    return [dict(zip(finding_row.COLUMNS, row, strict=True)) for row in rows]


def columns(
    findings: Sequence[Finding],
    indicators: Sequence[domain.Indicator | domain.IndicatorResult],
) -> list[dict[str, Any]]:
    """The columns of the finding rows of a version's ``findings``, each on the indicator row
    whose source it names."""
    return stored(finding_row.rows(findings, indicators))


def key(f: Finding) -> tuple[str, ...]:
    """What tells a finding of a version from its others: rule, field, indicator, place, message
    (a dismissed finding found again by a new review is the same finding)."""
    line = "" if f.source.line is None else str(f.source.line)
    return (f.rule, f.field, f.indicator or "", line, f.source.cell or "", f.message)
