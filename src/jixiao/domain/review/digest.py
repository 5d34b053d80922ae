"""逐表摘要 (a document's digest): what the cross-document rules read of a document.

The cross-document rules (APP-02/03, :mod:`jixiao.domain.review.rules.history`) match this
year's target tables with last year's self-evaluations of the same department family. They read
of a document only its kind, year and department (code and name: its family), the label a finding
names it by (:func:`~jixiao.domain.review.identity.label`), and of its indicator rows the 二级指标
(canonical), 三级指标 and 绩效指标描述, the 指标值 (and of a
self-evaluation the 实际完成值) and where the row was read. A :class:`Digest` holds just that, as
plain named tuples (no model to validate or rebuild): the sandbox's reader workers send the
digests instead of the documents when the caller stores nothing (the parse stage,
:meth:`jixiao.ingest.sandbox.Batch.read_digested`), and the review engine makes them from the
documents it has (:func:`jixiao.domain.review.engine.review`,
:func:`jixiao.domain.review.engine.review_across`): the rules always read digests.

Of a target table the digest keeps the rows the rules may match (a 指标值 with a number, not a
成本指标 row: :func:`~jixiao.domain.review.helpers.is_cost`); of a self-evaluation the rows the rules' index keeps (a 实际完成值 with a number and
a unit). :func:`digest` makes it from a document read in its context
(:func:`~jixiao.domain.review.helpers.with_context`), :func:`digest_of` from one as read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from jixiao.domain.disclosure import Disclosure
from jixiao.domain.levels import canonical
from jixiao.domain.model import (
    Document,
    Indicator,
    IndicatorResult,
    SelfEvaluation,
    Source,
    TargetTable,
)
from jixiao.domain.review.helpers import is_cost, with_context
from jixiao.domain.review.identity import label
from jixiao.domain.review.registry import Scope
from jixiao.domain.targets import Direction, Target

__all__ = ["Digest", "Row", "Value", "digest", "digest_of"]


class Value(NamedTuple):
    """指标值 or 实际完成值 as the rules read it: the number, its unit and direction, and the text
    as written (a finding quotes it, :func:`~jixiao.domain.review.helpers.shown`)."""

    value: Decimal | None
    unit: str | None
    direction: Direction | None
    raw: str


class Row(NamedTuple):
    """One indicator row of a digest (:class:`Digest`)."""

    #: where a finding on this row is stored: the position of the last of the document's
    #: indicators read from the same line and cell (:func:`~jixiao.domain.review.finding_row.rows`)
    position: int
    level2: str  # 二级指标, canonical (:func:`~jixiao.domain.review.helpers.level2`)
    level3: str  # 三级指标
    description: str | None  # 绩效指标描述 (a target table's row)
    target: Value  # 指标值
    actual: Value | None  # 实际完成值 (a self-evaluation's row)
    file: str  # where the row was read (its source)
    line: int | None
    cell: str | None

    @property
    def source(self) -> Source:
        """The row's source, as a finding on it names it."""
        return Source(file=self.file, line=self.line, cell=self.cell)


class Digest(NamedTuple):
    """What the cross-document rules read of one document (see the module)."""

    scope: Scope | None  # its kind as rules name it; None: a kind no rule reviews (监控表)
    id: str | None  # 文档标识
    year: int | None
    code: str | None  # the department's unit code
    name: str  # the department's name
    label: str  # what its findings name it by ("" for a kind no rule reviews)
    place: tuple[str, int | None, str | None]  # the document's source: file, line, cell
    rows: tuple[Row, ...]
    indicators: int  # how many indicator rows the document has (all, not only ``rows``)

    @property
    def source(self) -> Source:
        """The document's source, as a finding on the whole document names it."""
        file, line, cell = self.place
        return Source(file=file, line=line, cell=cell)


def digest(document: Document | Disclosure) -> Digest:
    """The digest of ``document``; a target table or self-evaluation must be read in its context
    (:func:`~jixiao.domain.review.helpers.with_context`, as the engine reviews it)."""
    department, source = document.department, document.source
    place = (source.file, source.line, source.cell)
    if isinstance(document, TargetTable | SelfEvaluation):
        table = isinstance(document, TargetTable)
        scope: Scope = "target_table" if table else "self_evaluation"
        indicators: Sequence[Indicator | IndicatorResult] = document.indicators
        rows = _rows(indicators, _matched if table else _indexed)
        return Digest(
            scope, document.id, document.year, department.code, department.name,
            label(document), place, rows, len(indicators),
        )  # fmt: skip
    kind: Scope | None = "disclosure" if isinstance(document, Disclosure) else None
    return Digest(
        kind, document.id, document.year, department.code, department.name,
        "", place, (), len(getattr(document, "indicators", ())),
    )  # fmt: skip


def digest_of(document: Document | Disclosure) -> Digest:
    """:func:`digest` of a document as read (read in its context first)."""
    if isinstance(document, TargetTable | SelfEvaluation):
        return digest(with_context(document))
    return digest(document)


#: a model's fields by name (its ``__dict__``)
_Fields = dict[str, Any]


def _rows(
    indicators: Sequence[Indicator | IndicatorResult],
    kept: Callable[[Indicator | IndicatorResult], bool],
) -> tuple[Row, ...]:
    """The ``kept`` rows, each placed at the last of ``indicators`` read from its line and cell.

    One pass, each row and value read through its fields (``__dict__``): the rows are read in
    every preview of an import, and a model's attribute costs a call of its hook."""
    at: dict[tuple[int | None, str | None], int] = {}
    picked = []
    for n, row in enumerate(indicators):
        fields = row.__dict__
        source = fields["source"].__dict__
        at[place := (source["line"], source["cell"])] = n
        if kept(row):
            picked.append((fields, source, place))
    return tuple(_row(fields, source, at[place]) for fields, source, place in picked)


def _matched(row: Indicator | IndicatorResult) -> bool:
    """A row of this year's table the rules may match: a 指标值 with a number, not 成本指标."""
    return row.__dict__["target"].__dict__["value"] is not None and not is_cost(row)


def _indexed(row: Indicator | IndicatorResult) -> bool:
    """A row of last year's self-evaluation the rules' index keeps: a 实际完成值 with a number
    and a unit."""
    actual = row.__dict__["actual"].__dict__
    return actual["value"] is not None and actual["unit"] is not None


def _row(row: _Fields, source: _Fields, position: int) -> Row:
    actual = row.get("actual")  # a self-evaluation's row: no description
    return Row(
        position, canonical(row["level2"]), row["level3"], row.get("description"),
        _value(row["target"]), None if actual is None else _value(actual),
        source["file"], source["line"], source["cell"],
    )  # fmt: skip


def _value(target: Target) -> Value:
    fields = target.__dict__
    return Value(fields["value"], fields["unit"], fields["direction"], fields["raw"])
