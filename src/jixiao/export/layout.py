"""The official layout of a document as a neutral grid (版式), drawn by the .xlsx and .docx writers.

A document becomes a :class:`Sheet`: its title, the line under it (年度 and 单位：万元), and cells
placed on a grid with their spans — the form area (单位名称, 项目名称, the budget block, 资金用途,
绩效目标 …) over the indicator table whose 一级/二级 labels are merged down their rows exactly as
in the published tables. Every label is spelled as the readers (:mod:`jixiao.ingest.form`,
:mod:`jixiao.ingest.layout`) know it, so an exported file reads back into the same document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from typing import Literal

from jixiao.domain.model import (
    Document,
    Indicator,
    IndicatorResult,
    MonitoringIndicator,
    MonitoringReport,
    SelfEvaluation,
    TargetTable,
)

Style = Literal["label", "level", "text", "amount", "percent", "points", "heading"]
Value = str | Decimal | None


@dataclass(frozen=True)
class Cell:
    """One cell: its value, style and how many columns (``span``) and rows (``down``) it covers."""

    value: Value
    style: Style = "text"
    span: int = 1
    down: int = 1


@dataclass(frozen=True)
class Placed:
    row: int
    column: int
    cell: Cell


@dataclass
class Sheet:
    """A document laid out: title, the line under it, placed cells and the header rows."""

    title: str
    year: str  # "2025年度" or ""
    unit: str  # "单位：万元"
    widths: list[int]  # column widths in Chinese characters
    cells: list[Placed] = field(default_factory=list)
    rows: int = 0
    header: int | None = None  # the indicator header row (repeated on every page)
    merged: set[tuple[int, int]] = field(default_factory=set)  # positions covered from above

    @property
    def columns(self) -> int:
        return len(self.widths)

    @property
    def landscape(self) -> bool:
        return sum(self.widths) > 70

    def add(self, *cells: Cell) -> None:
        """Place ``cells`` left to right on a new row, skipping positions merged from above."""
        column = 0
        for cell in cells:
            while (self.rows, column) in self.merged:
                column += 1
            self.cells.append(Placed(self.rows, column, cell))
            self.merged |= {(self.rows + r, column + c)
                            for r in range(1, cell.down) for c in range(cell.span)}  # fmt: skip
            column += cell.span
        self.rows += 1

    def pair(self, label: str, value: Value) -> None:
        """A label and its value spanning the rest of the row (单位名称 | 天津市生态环境局)."""
        self.add(Cell(label, "label"), Cell(value, "text", self.columns - 1))


def title(document: Document) -> str:
    """The title as printed: with the table's number in its file (``1.`` …) when it has one."""
    number = getattr(document, "number", None)
    return f"{number}.{document.title}" if number is not None else document.title


def sheet(document: Document) -> Sheet:
    """The official layout of ``document``."""
    if isinstance(document, TargetTable):
        return _target_table(document)
    if isinstance(document, SelfEvaluation):
        return _self_evaluation(document)
    return _monitoring(document)


def _new(document: Document, widths: list[int]) -> Sheet:
    year = f"{document.year}年度" if document.year is not None else ""
    return Sheet(title(document), year, "单位：万元", widths)


def _department(document: Document) -> str:
    code = document.department.code
    return f"{code} {document.department.name}" if code else document.department.name


# 项目支出 / 部门整体支出绩效目标表 ------------------------------------------------------------

_BUDGET_LABELS = {
    "total": "预算数", "fiscal": "其中：财政资金", "other": "其他资金",
    "special_account": "财政专户管理资金", "unit_funds": "单位资金",
    "basic": "基本支出", "project_spending": "项目支出", "mid_term": "中期资金总额",
    "procurement": "政府采购",
}  # fmt: skip
_STANDARD_BUDGET = {"project": ("total", "fiscal", "other"),
                    "department": ("total", "basic", "project_spending")}  # fmt: skip


def _target_columns(table: TargetTable) -> list[tuple[str, int]]:
    columns = [("一级指标", 10), ("二级指标", 12), ("三级指标", 18)]
    if any(i.description for i in table.indicators):
        columns.append(("绩效指标描述", 22))
    directions = any(i.direction for i in table.indicators)
    columns += (
        [("指标性质", 6), ("指标值", 14), ("指标方向", 7)] if directions else [("指标值", 14)]
    )
    if any(i.weight is not None for i in table.indicators):
        columns.append(("分值", 7))
    return columns


def _target_table(table: TargetTable) -> Sheet:
    budget = table.budget.model_dump()
    fields = [
        f for f in _BUDGET_LABELS if budget[f] is not None or f in _STANDARD_BUDGET[table.scope]
    ]
    columns = _target_columns(table)
    wanted = max(len(fields), len(table.funding_sources), 4 if table.tasks else 0) + 1
    widths = [w for _, w in columns] + [10] * max(0, wanted - len(columns))
    out = _new(table, widths)
    out.pair("单位名称", _department(table))
    if table.scope == "project" or table.project.name != table.department.name:
        out.pair("项目名称", table.project.name)
    _pairs(out, table, _APPLICATION)
    _implementer(out, table)
    block = "项目资金（万元）" if table.scope == "project" else "部门预算资金（万元）"
    spans = _spread(out.columns - 1, len(fields))
    out.add(
        Cell(block, "label", down=2),
        *(Cell(_BUDGET_LABELS[f], "label", s) for f, s in zip(fields, spans, strict=True)),
    )
    out.add(*(Cell(budget[f], "amount", s) for f, s in zip(fields, spans, strict=True)))  # fmt: skip
    if table.funding_sources:
        _funding(out, table)
    if table.purpose is not None:
        out.pair("资金用途", table.purpose)
    if table.long_term_goals:
        out.pair("中期目标", "\n".join(table.long_term_goals))
    if table.goals:
        out.pair("绩效目标", "\n".join(table.goals))
    if table.tasks:
        _tasks(out, table)
    out.header = out.rows
    last = out.columns - len(columns) + 1
    names = [name for name, _ in columns]
    out.add(*(Cell(name, "heading", last if i == len(names) - 1 else 1)
              for i, name in enumerate(names)))  # fmt: skip
    for cells in _indicator_rows(table.indicators, names, last):
        out.add(*cells)
    return out


#: label/value rows of an application form (申报表) and of a self-evaluation's narrative
_APPLICATION = {"project_code": "项目编码", "applicant": "申报单位", "attribute": "项目属性",
                "term": "项目期限",
                "basis": "立项依据", "calculation": "测算依据"}  # fmt: skip
_NARRATIVE = {"overview": "项目基本情况", "implementation": "项目实施内容及过程概述",
              "goal_completion": "年度目标完成情况"}  # fmt: skip


def _implementer(out: Sheet, table: TargetTable) -> None:
    """实施单位及责任人 (``某市文化馆 张明``): 实施单位 alone would be read as the 单位名称."""
    if table.implementer is not None:
        out.pair("实施单位及责任人", " ".join(filter(None, (table.implementer, table.responsible))))
    elif table.responsible is not None:
        out.pair("项目负责人", table.responsible)


def _funding(out: Sheet, table: TargetTable) -> None:
    """资金来源: the source names over their amounts."""
    spans = _spread(out.columns - 1, len(table.funding_sources))
    rows = list(zip(table.funding_sources, spans, strict=True))
    out.add(Cell("资金来源（万元）", "label", down=2), *(Cell(f.name, "label", s) for f, s in rows))
    out.add(*(Cell(f.amount, "amount", s) for f, s in rows))


def _pairs(out: Sheet, document: Document, labels: dict[str, str]) -> None:
    for name, label in labels.items():
        value = getattr(document, name, None)
        if value is not None:
            out.pair(label, value)


def _tasks(out: Sheet, table: TargetTable) -> None:
    categories = any(t.category for t in table.tasks)
    heads = ("任务名称", "主要内容", "预算金额（万元）", *(("支出类别",) if categories else ()))
    spans = _spread(out.columns - 1, len(heads))
    out.add(Cell("年度主要任务", "label", down=1 + len(table.tasks)),
            *(Cell(h, "label", s) for h, s in zip(heads, spans, strict=True)))  # fmt: skip
    for task in table.tasks:
        values: tuple[tuple[Value, Style], ...] = (
            (task.name, "text"), (task.content, "text"), (task.amount, "amount"),
            *(((task.category, "text"),) if categories else ()))  # fmt: skip
        out.add(*(Cell(v, st, s) for (v, st), s in zip(values, spans, strict=True)))


def _spread(width: int, parts: int) -> list[int]:
    """``parts`` spans covering ``width`` columns (the last takes what is left)."""
    if parts >= width:
        return [1] * parts
    return [1] * (parts - 1) + [width - parts + 1]


_INDICATOR_FIELDS = {
    "一级指标": "level1", "二级指标": "level2", "三级指标": "level3", "绩效指标描述": "description",
    "指标值": "target", "年度指标值": "target", "实际完成值": "actual", "分值": "weight",
    "得分": "score", "偏差原因分析及改进措施": "deviation", "当前完成值": "progress",
    "全年预计完成情况": "forecast", "完成目标可能性": "likelihood", "原因说明": "note",
    "偏差原因": "reasons", "指标方向": "direction", "指标性质": "nature", "纠偏措施": "measures",
}  # fmt: skip
_DIRECTION_WORDS = {"higher_better": "正向", "lower_better": "反向"}
_STYLE: dict[str, Style] = {"weight": "points", "score": "points", "level1": "level",
                            "level2": "level"}  # fmt: skip

Row = Indicator | IndicatorResult | MonitoringIndicator


def _indicator_rows(rows: tuple[Row, ...], headings: list[str], last: int = 1) -> list[list[Cell]]:
    """Indicator rows with 一级/二级 merged down their runs; the last column spans ``last``."""
    fields = [_INDICATOR_FIELDS[h] for h in headings]
    out: list[list[Cell]] = []
    for number, row in enumerate(rows):
        cells = []
        for i, name in enumerate(fields):
            if name in ("level1", "level2") and _continues(rows, number, name):
                continue
            down = _run(rows, number, name) if name in ("level1", "level2") else 1
            span = last if i == len(fields) - 1 else 1
            cells.append(Cell(_value(row, name), _STYLE.get(name, "text"), span, down))
        out.append(cells)
    return out


def _continues(rows: tuple[Row, ...], number: int, name: str) -> bool:
    """True when row ``number`` repeats the label of the row above (merged from there)."""
    return number > 0 and _labels(rows[number], name) == _labels(rows[number - 1], name)


def _run(rows: tuple[Row, ...], number: int, name: str) -> int:
    end = number + 1
    while end < len(rows) and _labels(rows[end], name) == _labels(rows[number], name):
        end += 1
    return end - number


def _labels(row: Row, name: str) -> tuple[object, ...]:
    goal = getattr(row, "goal_no", None)
    if name == "level1":
        return (goal, row.level1)
    return (goal, row.level1, row.level2)


def _value(row: Row, name: str) -> Value:
    if name == "nature":  # 定量 / 定性: keeps the 指标方向 column from adding a ≥ or ≤
        return "定量" if row.target.value is not None else "定性"
    value = getattr(row, name, None)
    if name == "direction":
        return _DIRECTION_WORDS.get(str(value))
    if value is None or isinstance(value, str | Decimal):
        return value
    if isinstance(value, tuple):
        return "、".join(value)
    return str(getattr(value, "raw", value))


# 绩效自评表 (项目 / 部门整体) ------------------------------------------------------------------

_RESULT_COLUMNS = [("年度指标完成情况", 8), ("一级指标", 7), ("二级指标", 9), ("三级指标", 16),
                   ("年度指标值", 13), ("实际完成值", 15), ("分值", 5), ("得分", 5),
                   ("偏差原因分析及改进措施", 13)]  # fmt: skip
_EXECUTION = [("initial", "年初预算数", "amount"), ("annual", "全年预算数（A）", "amount"),
              ("executed", "全年执行数（B）", "amount"), ("weight", "分值", "points"),
              ("score", "得分", "points"), ("rate", "执行率（B/A）", "percent")]  # fmt: skip


def _self_evaluation(evaluation: SelfEvaluation) -> Sheet:
    columns = _RESULT_COLUMNS
    if any(i.direction for i in evaluation.indicators):
        columns = [*columns[:4], ("指标性质", 6), *columns[4:], ("指标方向", 6)]
    out = _new(evaluation, [w for _, w in columns])
    if evaluation.scope == "project":
        out.pair("项目名称", evaluation.project.name if evaluation.project else "")
        out.pair("单位名称", _department(evaluation))
    else:
        out.pair("部门名称", _department(evaluation))
    _pairs(out, evaluation, _NARRATIVE)
    budget = evaluation.budget
    out.add(Cell("预算执行情况（万元）", "label", 2, 2),
            *(Cell(label, "label") for _, label, _ in _EXECUTION), Cell(None, "label"))  # fmt: skip
    out.add(*(Cell(getattr(budget, f), style) for f, _, style in _EXECUTION), Cell(None))  # type: ignore[arg-type]
    if budget.deviation is not None:
        out.pair("偏差原因分析及改进措施", budget.deviation)
    _goal_results(out, evaluation)
    out.header = out.rows
    out.add(*(Cell(name, "heading") for name, _ in columns))
    _results(out, evaluation, [name for name, _ in columns[1:]])
    if evaluation.total_weight is not None or evaluation.total is not None:
        out.add(Cell("总分", "label", 6), Cell(evaluation.total_weight, "points"),
                Cell(evaluation.total, "points"), Cell(None))  # fmt: skip
    if evaluation.conclusion is not None:
        out.pair("自评结论", evaluation.conclusion)
    return out


def _goal_results(out: Sheet, evaluation: SelfEvaluation) -> None:
    if not evaluation.goals:
        return
    out.add(Cell("年度绩效目标完成情况", "label", down=1 + len(evaluation.goals)),
            Cell("目标序号", "label"), Cell("年度绩效目标", "label", 3),
            Cell("实际完成情况", "label", 4))  # fmt: skip
    for goal in evaluation.goals:
        out.add(Cell(str(goal.no)), Cell(goal.target, "text", 3), Cell(goal.actual, "text", 4))
    if evaluation.goal_deviation is not None:
        out.pair("偏差原因分析及改进措施", evaluation.goal_deviation)


def _results(out: Sheet, evaluation: SelfEvaluation, headings: list[str]) -> None:
    """The indicator rows under their 绩效目标N label (merged down the goal's rows)."""
    for goal_no, group in groupby(evaluation.indicators, key=lambda r: r.goal_no):
        rows = tuple(group)
        label = f"绩效目标{goal_no}" if goal_no is not None else "年度指标完成情况"
        cells = _indicator_rows(rows, headings)
        cells[0].insert(0, Cell(label, "label", down=len(rows)))
        for row in cells:
            out.add(*row)


# 绩效运行监控表 ------------------------------------------------------------------------------

_MONITORING_COLUMNS = [("一级指标", 9), ("二级指标", 10), ("三级指标", 16), ("年度指标值", 12),
                       ("当前完成值", 12), ("全年预计完成情况", 12), ("完成目标可能性", 9),
                       ("偏差原因", 10), ("原因说明", 14), ("纠偏措施", 14)]  # fmt: skip


def _monitoring(report: MonitoringReport) -> Sheet:
    out = _new(report, [w for _, w in _MONITORING_COLUMNS])
    out.pair("项目名称", report.project.name if report.project else "")
    out.pair("单位名称", _department(report))
    out.pair("监控期间", f"1—{report.month}月")
    budget = report.budget
    out.add(Cell("项目资金（万元）", "label", 2, 2), Cell("年度预算数（A）", "label", 2),
            Cell(f"1—{report.month}月执行数（B）", "label", 2),
            Cell("全年预计执行数", "label", 2))  # fmt: skip
    out.add(Cell(budget.annual, "amount", 2), Cell(budget.executed, "amount", 2),
            Cell(budget.forecast, "amount", 2))  # fmt: skip
    if report.goals:
        out.pair("年度总体目标", "\n".join(report.goals))
    out.header = out.rows
    names = [name for name, _ in _MONITORING_COLUMNS]
    out.add(*(Cell(name, "heading") for name in names))
    for cells in _indicator_rows(report.indicators, names):
        out.add(*cells)
    return out
