"""行值 (a document's row values): what a stored version copies of its document, worked out from
the document alone — no database, no record, department or review.

A stored version is a row that keeps the whole document as its interchange JSON (``document``)
and copies parts of it into columns for the pages (title, year, budget…), with child rows: its
goals, its indicators and, of a target table, its search text (:mod:`jixiao.web.storage`). A
:class:`RowValues` holds all of these for one document, made by :func:`row_values` where the
document is read — the sandbox's reader worker (:mod:`jixiao.ingest.answers`) — so that the
importing process only adds what depends on the database and the batch (department, record key,
version, review stamp: :func:`jixiao.web.storage.rows`) and writes them. A JSON value among them
is its JSON text (the UTF-8 bytes of the domain object's serializer, what the import stores): no
model crosses to the importing process for a row. The worker's amounts and points are their
whole numbers of millionths (``scaled``, :mod:`jixiao.domain.millionths`), what the database
stores and the bulk writer sends as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, NamedTuple

from jixiao.domain.millionths import remembered
from jixiao.domain.model import Indicator, IndicatorResult, SelfEvaluation, TargetTable
from jixiao.domain.records import normalise_name
from jixiao.domain.review.finding_row import source_columns
from jixiao.domain.targets import Target

__all__ = ["NAME", "TEXT", "RowValues", "evaluation_columns", "row_values", "search_rows"]

#: a column's values by name
Columns = dict[str, Any]
#: what a row holds of an amount or a point (:func:`_kept`, or :func:`remembered`'s millionths)
Amount = Callable[[Decimal | None], Any]

NAME, TEXT = 0, 1  # the search rows' ranks: the project's name comes before its other text
#: between the pieces of the search text, so that no match spans two of them; the joined text is
#: normalised at once, as each piece alone would be: NFKC leaves “|” alone and composes nothing
#: with it, it is no white space, and as neither a cased nor a case-ignorable character it ends
#: the context of a final sigma in ``lower()`` (tests/web/test_search.py)
_SEPARATOR = "|"


class RowValues(NamedTuple):
    """The rows a stored version copies of its document (see the module)."""

    #: the version row's columns that copy the document (no department, record key, version,
    #: batch or review stamp: the importing process adds those)
    version: Columns
    goals: list[Columns]
    #: the indicator rows' values in the order of their model's names
    #: (:data:`jixiao.web.storage.ORDERED`)
    indicators: list[tuple[Any, ...]]
    search: list[Columns]  # a target table's search rows (:func:`search_rows`); none otherwise
    text: bytes  # the document's JSON text (its serializer's), which the version row stores


def row_values(
    document: TargetTable | SelfEvaluation, text: bytes | None = None, *, scaled: bool = False
) -> RowValues:
    """The :class:`RowValues` of ``document`` (``text``: its JSON text, when made already);
    ``scaled``: each amount and point (a column the database stores as millionths) as that whole
    number instead of its ``Decimal`` — for the bulk writer only, which sends an ``int`` there as
    it is (a model instance would scale it again)."""
    amount = remembered if scaled else _kept
    common = {
        "document_id": document.id or "",
        "year": document.year,
        "title": document.title,
        **source_columns(document.source),
    }
    text = document.__pydantic_serializer__.to_json(document) if text is None else text
    if isinstance(document, TargetTable):
        version = {**common, **_table_columns(document, amount)}
        goals = [{"position": i, "text": goal} for i, goal in enumerate(document.goals)]
        indicators = [
            (*_row(i, ind, amount), ind.description or "")
            for i, ind in enumerate(document.indicators)
        ]
        return RowValues(version, goals, indicators, search_rows(document), text)
    results = [
        (*_row(i, ind, amount), ind.goal_no, amount(ind.score), ind.deviation or "", ind.actual.raw,
         _json(ind.actual))
        for i, ind in enumerate(document.indicators)
    ]  # fmt: skip
    goals = [
        {"no": g.no, "target": g.target, "actual": g.actual, **source_columns(g.source)}
        for g in document.goals
    ]
    version = {**common, **evaluation_columns(document, amount)}
    return RowValues(version, goals, results, [], text)


def _kept(value: Decimal | None) -> Decimal | None:
    """An amount as it is (a model instance scales it when it is saved)."""
    return value


#: the JSON texts of targets by the target object (its ``id``), each with the object, so that its
#: ``id`` is no other object's while it is here; at most :data:`_KNOWN` of them (then forgotten)
_texts: dict[int, tuple[Target, bytes]] = {}
_KNOWN = 16_384


def _json(target: Target) -> bytes:
    """A target's JSON text, as its serializer writes it, made once per target object: a reader's
    targets are shared (:func:`jixiao.domain.targets.parse_target` keeps them: 89,392 targets of
    5,000 tables are 946 objects) and frozen, so their text cannot change. The texts of one
    object are one ``bytes``, which a worker's answer pickles once (its pickler's memo)."""
    known = _texts.get(id(target))
    if known is not None:
        return known[1]
    if len(_texts) >= _KNOWN:
        _texts.clear()
    text: bytes = target.__pydantic_serializer__.to_json(target)
    _texts[id(target)] = (target, text)
    return text


def _table_columns(document: TargetTable, amount: Amount) -> Columns:
    """The columns a project version copies from its target table (beyond the common ones)."""
    budget = document.budget
    return {
        "name": document.project.name,
        "number": document.number,
        "money_unit": document.money_unit,
        "budget_total": amount(budget.total),
        "budget_fiscal": amount(budget.fiscal),
        "budget_other": amount(budget.other),
        "purpose": document.purpose or "",
    }


def evaluation_columns(document: SelfEvaluation, amount: Amount = _kept) -> Columns:
    """The columns a self-evaluation version copies from its document (beyond the common ones;
    ``amount``: what they hold of an amount or a point)."""
    b = document.budget
    return {
        "scope": document.scope,
        "project_name": document.project.name if document.project else "",
        "budget_initial": amount(b.initial),
        "budget_annual": amount(b.annual),
        "budget_executed": amount(b.executed),
        "budget_rate": amount(b.rate),
        "budget_weight": amount(b.weight),
        "budget_score": amount(b.score),
        "budget_deviation": b.deviation or "",
        "budget_source": b.source.model_dump(mode="json") if b.source else None,
        "goal_deviation": document.goal_deviation or "",
        "total_weight": amount(document.total_weight),
        "total": amount(document.total),
        "grade": document.grade or "",
        "conclusion": document.conclusion or "",
    }


def _row(position: int, ind: Indicator | IndicatorResult, amount: Amount) -> tuple[Any, ...]:
    """The values of the columns every indicator row has (:class:`jixiao.web.models.TargetColumns`,
    in its order: the place as :func:`source_columns` gives it, an indicator always cites its
    source, then its target, the target itself as its JSON text)."""
    target, source = ind.target, ind.source
    return (
        source.file,
        source.line,
        source.cell or "",
        position,
        ind.level1,
        ind.level2,
        ind.level3,
        amount(ind.weight),
        target.raw,
        target.kind,
        target.op or "",
        amount(target.value),
        target.unit or "",
        target.deadline,
        _json(target),
    )


def search_rows(document: TargetTable) -> list[Columns]:
    """The columns of the search rows of a target table (their project is set by the writer).

    Each piece of the other text is written once, where it first occurs: a 指标描述 often repeats
    its 三级指标, and many indicators share a 指标值 (“100%”). A needle within a piece matches
    the row as before; what is saved is the server's work on the trigram index (extracted from
    every character of the text) and the importing process's (a third fewer characters)."""
    pieces = [document.purpose or ""]
    for ind in document.indicators:
        pieces += [ind.level3, ind.target.raw, ind.description or ""]
    return [
        {"rank": NAME, "text": normalise_name(document.project.name)},
        {"rank": TEXT, "text": normalise_name(_SEPARATOR.join(dict.fromkeys(pieces)))},
    ]
