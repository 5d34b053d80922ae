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
from typing import Any, NamedTuple, TypeVar

from jixiao.domain.disclosure import Disclosure
from jixiao.domain.model import Document, SelfEvaluation, Source, TargetTable
from jixiao.domain.review.helpers import classes, indicators, results, with_context
from jixiao.domain.review.identity import label
from jixiao.domain.review.registry import Scope
from jixiao.domain.review.values import ResultValues, RowValues, TargetValues
from jixiao.domain.targets import Direction

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


#: a row's view (a self-evaluation's: :class:`~jixiao.domain.review.values.ResultValues`)
V = TypeVar("V", bound=RowValues)


def digest(document: Document | Disclosure) -> Digest:
    """The digest of ``document``; a target table or self-evaluation must be read in its context
    (:func:`~jixiao.domain.review.helpers.with_context`, as the engine reviews it)."""
    department, source = document.department, document.source
    place = (source.file, source.line, source.cell)
    rows: tuple[Row, ...] | None = None
    if isinstance(document, TargetTable):  # the rules' views of its rows (read once)
        scope: Scope = "target_table"
        views: Sequence[RowValues] = indicators(document)
        rows = _rows(views, _matched)
    elif isinstance(document, SelfEvaluation):
        scope, views = "self_evaluation", results(document)
        rows = _rows(views, _indexed)
    if rows is not None:
        return Digest(
            scope, document.id, document.year, department.code, department.name,
            label(document), place, rows, len(views),
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


def _rows(views: Sequence[V], kept: Callable[[V], str | None]) -> tuple[Row, ...]:
    """The ``kept`` rows (``kept`` gives a kept row's canonical 二级指标, else None), each placed
    at the last of the rows (``views``, :func:`~jixiao.domain.review.helpers.indicators`) read
    from its line and cell.

    One pass over the rows' views, which the single-document rules have just read (the same
    document's are kept): plain attributes, not the models' (each read a call of pydantic's
    hook), and each row's labels classed by :func:`~jixiao.domain.review.helpers.classes`'s kept
    answers."""
    at: dict[tuple[int | None, str | None], int] = {}
    picked = []
    for n, view in enumerate(views):
        source = view.source.__dict__
        at[place := (source["line"], source["cell"])] = n
        if (level2 := kept(view)) is not None:
            picked.append((view, level2, source, place))
    return tuple(_row(view, level2, source, at[place]) for view, level2, source, place in picked)


def _matched(row: RowValues) -> str | None:
    """A row of this year's table the rules may match — a 指标值 with a number, not 成本指标 —
    by its canonical 二级指标."""
    if row.target.value is None:
        return None
    level2, cost = classes(row.level1, row.level2)
    return None if cost else level2


def _indexed(row: ResultValues) -> str | None:
    """A row of last year's self-evaluation the rules' index keeps — a 实际完成值 with a number
    and a unit — by its canonical 二级指标."""
    actual = row.actual
    if actual.value is None or actual.unit is None:
        return None
    return classes(row.level1, row.level2)[0]


def _row(row: RowValues, level2: str, source: dict[str, Any], position: int) -> Row:
    actual = row.actual if isinstance(row, ResultValues) else None  # no description then
    return Row(
        position, level2, row.level3, row.description,
        _value(row.target), None if actual is None else _value(actual),
        source["file"], source["line"], source["cell"],
    )  # fmt: skip


def _value(target: TargetValues) -> Value:
    return Value(target.value, target.unit, target.direction, target.raw)
