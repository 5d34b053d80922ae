"""Flat rows of a document (扁平行): one row per indicator, goal or task, for CSV and open data.

A document becomes rows that each repeat the document's own fields (标题, 单位, 预算 …) and carry
one part: an indicator (指标), a goal (目标) or a task (任务). A document without parts is one row
with ``part`` blank, so no document is lost. :func:`unflatten` turns the rows back into the same
documents; only the sources (:class:`~jixiao.domain.model.Source`) are not carried: each part
gets the source given by the caller (the CSV file and its line).

The column names are the dotted paths of the model (``budget.total``); :data:`COLUMNS` gives the
Chinese heading of each, used as the CSV header so that Excel and WPS users read it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

from pydantic import TypeAdapter, ValidationError

from jixiao.domain.model import (
    Document,
    SelfEvaluation,
    Source,
    TargetTable,
)
from jixiao.domain.targets import Target, parse_target

#: column → its Chinese heading (the CSV header)
DOCUMENT_COLUMNS: dict[str, str] = {
    "kind": "类型",
    "id": "文档标识",
    "scope": "范围",
    "number": "序号",
    "title": "标题",
    "year": "年度",
    "month": "月份",
    "department.code": "单位编码",
    "department.name": "单位名称",
    "project.name": "项目名称",
    "money_unit": "金额单位",
    "budget.total": "预算数",
    "budget.fiscal": "财政资金",
    "budget.other": "其他资金",
    "budget.special_account": "财政专户管理资金",
    "budget.mid_term": "中期资金总额",
    "budget.procurement": "政府采购",
    "budget.problems": "金额标记",
    "budget.unit_funds": "单位资金",
    "budget.basic": "基本支出",
    "budget.project_spending": "项目支出",
    "budget.initial": "年初预算数",
    "budget.annual": "全年预算数",
    "budget.executed": "全年执行数",
    "budget.forecast": "全年预计执行数",
    "budget.rate": "执行率",
    "budget.weight": "预算执行分值",
    "budget.score": "预算执行得分",
    "budget.deviation": "预算偏差原因",
    "purpose": "资金用途",
    "project_code": "项目编码",
    "applicant": "申报单位",
    "implementer": "实施单位",
    "responsible": "责任人",
    "attribute": "项目属性",
    "term": "项目期限",
    "basis": "立项依据",
    "calculation": "测算依据",
    "overview": "项目基本情况",
    "implementation": "项目实施内容及过程概述",
    "goal_completion": "年度目标完成情况",
    "goal_deviation": "目标偏差原因",
    "total_weight": "总分分值",
    "total": "总分得分",
    "grade": "自评等级",
    "conclusion": "自评结论",
}
PART_COLUMNS: dict[str, str] = {
    "part": "行类型",
    "goal_no": "目标序号",
    "level1": "一级指标",
    "level2": "二级指标",
    "level3": "三级指标",
    "description": "绩效指标描述",
    "target": "指标值",
    "actual": "实际完成值",
    "progress": "执行情况",
    "forecast": "全年预计完成情况",
    "likelihood": "完成目标可能性",
    "reasons": "偏差原因",
    "note": "原因说明",
    "measures": "纠偏措施",
    "amount": "金额",
    "direction": "指标方向",
    "category": "支出类别",
    "weight": "分值",
    "score": "得分",
    "deviation": "偏差原因分析及改进措施",
}
COLUMNS = {**DOCUMENT_COLUMNS, **PART_COLUMNS}
PARTS = {"indicator": "指标", "goal": "目标", "task": "任务", "long_term": "中期目标",
         "funding": "资金来源"}  # fmt: skip
_PART_KEYS = {v: k for k, v in PARTS.items()}
_DOCUMENT: TypeAdapter[Document] = TypeAdapter(Document)

Row = dict[str, str]


def text(value: object) -> str:
    """A field as CSV text: Decimal exact (no exponent), None blank, tuples 、-joined."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Target):
        return value.raw
    if isinstance(value, tuple | list):
        return "、".join(str(v) for v in value)
    return str(value)


def _document_row(document: Document) -> Row:
    data = document.model_dump()
    row: Row = {}
    for column in DOCUMENT_COLUMNS:
        value: Any = data
        for part in column.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        row[column] = text(value)
    return row


def flatten(document: Document) -> list[Row]:
    """The rows of one document: its fields repeated on each of its parts (at least one row)."""
    head = _document_row(document)
    parts = list(_parts(document))
    blank = dict.fromkeys(PART_COLUMNS, "")
    return [{**head, **blank, **part} for part in parts] or [{**head, **blank}]


def _parts(document: Document) -> Iterator[Row]:
    if isinstance(document, TargetTable):
        for goal in document.goals:
            yield {"part": PARTS["goal"], "level3": goal}
        for goal in document.long_term_goals:
            yield {"part": PARTS["long_term"], "level3": goal}
        for funding in document.funding_sources:
            yield {"part": PARTS["funding"], "level3": funding.name, "amount": text(funding.amount)}
        for task in document.tasks:
            yield {"part": PARTS["task"], "level3": task.name, "description": text(task.content),
                   "amount": text(task.amount), "category": text(task.category)}  # fmt: skip
    elif isinstance(document, SelfEvaluation):
        for result in document.goals:
            yield {"part": PARTS["goal"], "goal_no": str(result.no), "level3": result.target,
                   "actual": result.actual}  # fmt: skip
    else:
        for goal in document.goals:
            yield {"part": PARTS["goal"], "level3": goal}
    for indicator in document.indicators:
        fields = indicator.model_dump(exclude={"source"})
        row = {k: text(getattr(indicator, k)) for k in fields if k in PART_COLUMNS}
        yield {"part": PARTS["indicator"], **row}


def unflatten(rows: Iterable[Row], source: Callable[[int], Source]) -> list[Document]:
    """The documents of ``rows`` (consecutive rows of one document share its 文档标识 / 标题).

    ``source(i)`` is the source of the ``i``-th row. :class:`RowError` when the rows of a
    document do not make a valid one.
    """
    documents: list[Document] = []
    group: list[tuple[int, Row]] = []
    for index, row in enumerate(rows):
        if group and _key(group[0][1]) != _key(row):
            documents.append(_document(group, source))
            group = []
        group.append((index, row))
    if group:
        documents.append(_document(group, source))
    return documents


class RowError(ValueError):
    """The rows of a document starting at row ``index`` (0-based) are not a valid document."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.index = index


def _key(row: Row) -> tuple[str, ...]:
    return tuple(row.get(column, "") for column in DOCUMENT_COLUMNS)


def _nest(row: Row, columns: Iterable[str]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for column in columns:
        value = row.get(column, "")
        if value == "":
            continue
        *path, last = column.split(".")
        target = nested
        for part in path:
            target = target.setdefault(part, {})
        target[last] = value
    return nested


def _document(group: list[tuple[int, Row]], source: Callable[[int], Source]) -> Document:
    first_index, first = group[0]
    data = _nest(first, DOCUMENT_COLUMNS)
    data.setdefault("department", {}).setdefault("name", "")
    data.setdefault("title", "")
    data["source"] = source(first_index)
    kind = data.get("kind", "")
    parts: dict[str, list[Any]] = {key: [] for key in PARTS}
    for index, row in group:
        part = _PART_KEYS.get(row.get("part", ""))
        if part is not None:
            parts[part].append(_part(kind, part, row, source(index)))
    data["indicators"] = parts["indicator"]
    data["goals"] = parts["goal"]
    if kind == "target_table":
        data["tasks"] = parts["task"]
        data["long_term_goals"] = parts["long_term"]
        data["funding_sources"] = parts["funding"]
        data.setdefault("project", {"name": ""})
    if "problems" in data.get("budget", {}):
        data["budget"]["problems"] = tuple(data["budget"]["problems"].split("、"))
    if kind == "self_evaluation" and "budget" in data:
        data["budget"]["source"] = data["source"]
    data.setdefault("budget", {})
    try:
        return _DOCUMENT.validate_python(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"][1:])  # without the kind tag
        raise RowError(first_index, f"{where}: {error['msg']}") from exc


def _part(kind: str, part: str, row: Row, where: Source) -> Any:
    if part == "funding":
        return {"name": row.get("level3", ""), "amount": row.get("amount")}
    if part in ("goal", "long_term"):
        if kind != "self_evaluation" or part == "long_term":
            return row.get("level3", "")
        return {"no": row.get("goal_no"), "target": row.get("level3", ""),
                "actual": row.get("actual", ""), "source": where}  # fmt: skip
    if part == "task":
        return {"name": row.get("level3", ""), "content": row.get("description") or None,
                "amount": row.get("amount") or None, "category": row.get("category") or None,
                "source": where}  # fmt: skip
    fields = {"level1": "", "level2": "", "level3": "", **_nest(row, PART_COLUMNS)}
    fields.pop("part", None)
    for name in ("target", "actual", "progress", "forecast"):
        if name in fields or name in ("target", "actual", "progress"):
            fields[name] = parse_target(row.get(name, ""))
    if kind != "self_evaluation":
        fields.pop("actual", None)
    if kind != "monitoring":
        fields.pop("progress", None)
        fields.pop("forecast", None)
    if "reasons" in fields:
        fields["reasons"] = tuple(fields["reasons"].split("、"))
    fields.pop("amount", None)
    fields["source"] = where
    return fields
