"""The values of the indicator rows the rules read, as plain attributes (指标行、指标值).

The documents' models are pydantic's: every attribute read goes through ``BaseModel``'s
``__getattr__`` hook, which keeps CPython from specialising the read (several times a plain
object's). The single-document rules read a row's labels and its 指标值's fields (value, unit,
kind, problems …) some forty times a row, so they read them here: a *view* of a model is an
object with a slot for each of the model's fields, copied from the model's ``__dict__`` (one read
of the model; the model is frozen, so the copy stays true).

:class:`TargetValues` views a :class:`~jixiao.domain.targets.Target`, :class:`RowValues` an
:class:`~jixiao.domain.model.Indicator` (its 指标值 a :class:`TargetValues`), :class:`ResultValues`
an :class:`~jixiao.domain.model.IndicatorResult` (its 实际完成值 too). Each declares the fields of
its model (``tests/review/test_review_values.py`` checks that they are the model's); a
:class:`TargetValues` also whether the value may read differently in context (``contextual``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from jixiao.domain.model import IndicatorResult, Record, Source
from jixiao.domain.targets import Direction, Kind, Op, Target, may_need_context


class TargetValues:
    """The fields of a :class:`Target` (指标值) as plain attributes (the model's own values)."""

    raw: str
    kind: Kind
    op: Op | None
    value: Decimal | None
    unit: str | None
    unit_raw: str | None
    deadline: date | None
    direction: Direction | None
    label: str | None
    problems: tuple[str, ...]
    parts: tuple[Target, ...]  # the models themselves (a multi-value cell's, rarely read)
    #: not a field: whether :func:`~jixiao.domain.targets.in_context` may read the target
    #: differently (:func:`~jixiao.domain.targets.may_need_context`), asked once per view — the
    #: review asks it of every value of every document (:func:`helpers.with_context`)
    contextual: bool

    __slots__ = tuple(__annotations__)

    def __init__(self, target: Target) -> None:
        self.contextual = may_need_context(target)
        values = target.__dict__
        self.raw = values["raw"]
        self.kind = values["kind"]
        self.op = values["op"]
        self.value = values["value"]
        self.unit = values["unit"]
        self.unit_raw = values["unit_raw"]
        self.deadline = values["deadline"]
        self.direction = values["direction"]
        self.label = values["label"]
        self.problems = values["problems"]
        self.parts = values["parts"]


#: a 指标值 as the rules read it: the model, or a view of it
AnyTarget = Target | TargetValues


def target_values(target: Target) -> TargetValues:
    """The view of ``target``, kept for the recent targets by identity.

    The readers give one :class:`Target` for each distinct text of a value
    (:func:`~jixiao.domain.targets.parse_target`'s kept answers: ``100%`` and ``≥95%`` recur in
    table after table), and a target is frozen: its view is made once, not once per row that
    holds it. Each kept view keeps its target, so no other object can take the target's ``id``
    while the view is kept; when :data:`KEPT_VIEWS` are kept they are all let go.
    """
    kept = _views.get(id(target))
    if kept is not None:  # its target is kept alive with it: the id is still its
        return kept[1]
    if len(_views) >= KEPT_VIEWS:
        _views.clear()
    view = TargetValues(target)
    _views[id(target)] = (target, view)
    return view


#: the most target views kept (:func:`target_values`)
KEPT_VIEWS = 1 << 15
_views: dict[int, tuple[Target, TargetValues]] = {}


class RowValues:
    """The fields of an indicator row (绩效指标) as plain attributes, its 指标值 a
    :class:`TargetValues`; a self-evaluation's row (:class:`ResultValues`) has no 绩效指标描述
    (``description`` is ``None``)."""

    level1: str
    level2: str
    level3: str
    description: str | None
    target: TargetValues
    weight: Decimal | None
    direction: Direction | None
    source: Source

    __slots__ = tuple(__annotations__)

    def __init__(self, row: Record) -> None:  # an Indicator (or another row model)
        self._read(row.__dict__)

    def _read(self, values: dict[str, Any]) -> None:
        self.level1 = values["level1"]
        self.level2 = values["level2"]
        self.level3 = values["level3"]
        self.description = values.get("description")
        self.target = target_values(values["target"])
        self.weight = values["weight"]
        self.direction = values["direction"]
        self.source = values["source"]


class ResultValues(RowValues):
    """The fields of a self-evaluation's indicator row (年度指标完成情况) as plain attributes, its
    年度指标值 and 实际完成值 :class:`TargetValues`."""

    goal_no: int | None
    actual: TargetValues
    score: Decimal | None
    deviation: str | None
    score_reason: str | None

    __slots__ = tuple(__annotations__)

    def __init__(self, row: IndicatorResult) -> None:
        values = row.__dict__
        self._read(values)
        self.goal_no = values["goal_no"]
        self.actual = target_values(values["actual"])
        self.score = values["score"]
        self.deviation = values["deviation"]
        self.score_reason = values["score_reason"]
