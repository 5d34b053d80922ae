"""Open data (开放数据): a year's tables as a Frictionless Data Package.

``datapackage.json`` describes three CSV files with a Table Schema each — ``projects.csv`` (one
row per target table), ``indicators.csv`` (one row per indicator of a target table) and
``self_evaluation_rows.csv`` (one row per indicator of a self-evaluation) — every field with its
type, a Chinese title and an English description. The CSVs are UTF-8 without BOM (the Data
Package standard); amounts are exact decimals in 万元. Sources, user names, comments and review
findings are never part of it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from jixiao.domain.flat import text
from jixiao.domain.model import (
    Document,
    Indicator,
    IndicatorResult,
    SelfEvaluation,
    TargetTable,
)


@dataclass(frozen=True)
class Field:
    """A column: name, Table Schema type, 中文 title, English description, and its value."""

    name: str
    type: str
    title: str
    description: str
    value: Callable[[Any, Any], object]


def _doc(path: str) -> Callable[[Any, Any], object]:
    def get(document: Any, row: Any) -> object:
        value = document
        for part in path.split("."):
            value = getattr(value, part, None) if value is not None else None
        return value

    return get


def _row(name: str) -> Callable[[Any, Any], object]:
    """A field of an indicator row; rows come as (position, row)."""
    return lambda document, row: getattr(row[1], name)


_ID = Field("table_id", "string", "文档标识", "document identity (SHA-256 of the file#position)",
            _doc("id"))  # fmt: skip
_UNIT = [
    Field("scope", "string", "范围", "project (项目支出) or department (部门整体支出)",
          _doc("scope")),
    Field("year", "integer", "年度", "budget year", _doc("year")),
    Field("department_code", "string", "单位编码", "budget unit code", _doc("department.code")),
    Field("department_name", "string", "单位名称", "budget unit name", _doc("department.name")),
    Field("project_name", "string", "项目名称", "project name", _doc("project.name")),
]  # fmt: skip
PROJECTS = [
    Field("id", "string", "文档标识", "document identity (SHA-256 of the file#position)",
          _doc("id")),
    Field("number", "integer", "序号", "number of the table in its file", _doc("number")),
    Field("title", "string", "标题", "title of the target table", _doc("title")),
    *_UNIT,
    Field("budget_total", "number", "预算数（万元）", "budget total, 10k yuan", _doc("budget.total")),
    Field("budget_fiscal", "number", "财政资金（万元）", "of which fiscal funds, 10k yuan",
          _doc("budget.fiscal")),
    Field("budget_other", "number", "其他资金（万元）", "other funds, 10k yuan",
          _doc("budget.other")),
    Field("purpose", "string", "资金用途", "use of the funds", _doc("purpose")),
    Field("goals", "string", "绩效目标", "performance goals, one per line",
          lambda d, r: "\n".join(d.goals)),
    Field("indicator_count", "integer", "指标数", "number of indicators",
          lambda d, r: len(d.indicators)),
]  # fmt: skip
_LEVELS = [
    Field("level1", "string", "一级指标", "level-1 indicator", _row("level1")),
    Field("level2", "string", "二级指标", "level-2 indicator", _row("level2")),
    Field("level3", "string", "三级指标", "level-3 indicator", _row("level3")),
]
INDICATORS = [
    _ID,
    Field("position", "integer", "行号", "position of the indicator in its table (from 1)",
          lambda d, r: r[0]),
    *_LEVELS,
    Field("description", "string", "绩效指标描述", "indicator description", _row("description")),
    Field("target", "string", "指标值", "target value as written", lambda d, r: r[1].target.raw),
    Field("target_kind", "string", "指标值类型", "kind of target: quantity, ratio, amount, "
          "deadline, duration, standard, qualitative, multi", lambda d, r: r[1].target.kind),
    Field("target_op", "string", "比较符", "comparison of a quantitative target (≥ ≤ = < > ≈)",
          lambda d, r: r[1].target.op),
    Field("target_value", "number", "指标数值", "number of a quantitative target",
          lambda d, r: r[1].target.value),
    Field("target_unit", "string", "计量单位", "unit of the target value",
          lambda d, r: r[1].target.unit),
    Field("weight", "number", "分值", "points", _row("weight")),
]  # fmt: skip
SELF_EVALUATION_ROWS = [
    Field("evaluation_id", "string", "文档标识", "identity of the self-evaluation", _doc("id")),
    Field("title", "string", "标题", "title of the self-evaluation", _doc("title")),
    *_UNIT,
    Field("position", "integer", "行号", "position of the row in its self-evaluation (from 1)",
          lambda d, r: r[0]),
    Field("goal_no", "integer", "目标序号", "number of the goal the indicator belongs to",
          _row("goal_no")),
    *_LEVELS,
    Field("target", "string", "年度指标值", "target value as written", lambda d, r: r[1].target.raw),
    Field("actual", "string", "实际完成值", "achieved value as written",
          lambda d, r: r[1].actual.raw),
    Field("weight", "number", "分值", "points", _row("weight")),
    Field("score", "number", "得分", "score as reported", _row("score")),
    Field("deviation", "string", "偏差原因分析及改进措施", "reasons for deviation and remedies",
          _row("deviation")),
    Field("total", "number", "总分", "total score of the self-evaluation as stated",
          _doc("total")),
    Field("grade", "string", "自评等级", "grade stated in the conclusion (优/良/中/差)",
          _doc("grade")),
]  # fmt: skip


def package(year: int, documents: Sequence[Document]) -> dict[str, bytes]:
    """The data package of ``year``: file name → bytes (datapackage.json and three CSVs)."""
    tables = [d for d in documents if isinstance(d, TargetTable)]
    evaluations = [d for d in documents if isinstance(d, SelfEvaluation)]
    rows: dict[str, tuple[list[Field], list[tuple[Any, Any]]]] = {
        "projects": (PROJECTS, [(t, None) for t in tables]),
        "indicators": (INDICATORS, [(t, p) for t in tables for p in _numbered(t.indicators)]),
        "self_evaluation_rows": (
            SELF_EVALUATION_ROWS, [(e, p) for e in evaluations for p in _numbered(e.indicators)]),
    }  # fmt: skip
    files = {f"{name}.csv": _csv(fields, items) for name, (fields, items) in rows.items()}
    files["datapackage.json"] = _descriptor(year, {n: f for n, (f, _) in rows.items()})
    return files


def _numbered(rows: Sequence[Indicator | IndicatorResult]) -> list[tuple[int, Any]]:
    return list(enumerate(rows, start=1))


def _csv(fields: list[Field], items: list[tuple[Any, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(f.name for f in fields)
    for document, row in items:
        writer.writerow(text(f.value(document, row)) for f in fields)
    return out.getvalue().encode("utf-8")


def _descriptor(year: int, resources: dict[str, list[Field]]) -> bytes:
    keys: dict[str, str | list[str]] = {
        "projects": "id",
        "indicators": ["table_id", "position"],
        "self_evaluation_rows": ["evaluation_id", "position"],
    }
    descriptor = {
        "profile": "tabular-data-package",
        "name": f"jixiao-performance-{year}",
        "title": f"{year}年度预算绩效目标与自评数据 / Budget performance targets and "
        f"self-evaluations {year}",
        "description": "绩效目标表、绩效指标和绩效自评表（金额单位：万元）。Target tables, their "
        "indicators and self-evaluation rows; amounts in 10k yuan.",
        "resources": [
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": _schema(fields, keys[name], name),
            }
            for name, fields in resources.items()
        ],
    }
    return json.dumps(descriptor, ensure_ascii=False, indent=2).encode("utf-8")


def _schema(fields: list[Field], key: str | list[str], name: str) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [
            {"name": f.name, "type": f.type, "title": f.title,
             "description": f"{f.title}: {f.description}"}
            for f in fields
        ],
        "primaryKey": key,
    }  # fmt: skip
    if name == "indicators":
        schema["foreignKeys"] = [
            {"fields": "table_id", "reference": {"resource": "projects", "fields": "id"}}
        ]
    return schema
