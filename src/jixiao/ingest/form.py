"""The form area above an indicator table: label/value pairs, budget blocks, goals and tasks.

Labels are found by spelling (:data:`LABELS`), never by position. A label's value is the next
cell to its right; when that cell is itself a label, the row is a heading row and the values
are in the rows below (the budget block of a self-evaluation, 资金总额 | 财政拨款 | 其他资金 …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.ingest.grid import Cell, distinct, is_horizontal_copy
from jixiao.ingest.layout import is_title, key
from jixiao.ingest.ledger import Ledger
from jixiao.ingest.normalise import amount, decimal, percent

LABELS: dict[str, tuple[str, ...]] = {
    "department": ("单位名称", "预算单位", "实施单位", "部门名称", "部门（单位）名称", "单位（部门）名称"),
    "supervisor": ("主管部门", "主管部门及代码"),
    "project": ("项目名称",),
    "purpose": ("资金用途", "项目概况", "项目内容", "项目实施内容"),
    "goals": ("年度目标", "绩效目标", "年度绩效目标", "总体目标", "年度总体目标", "年度总体绩效目标",
              "部门整体绩效目标"),
    "conclusion": ("自评结论", "评价结论", "绩效自评结论"),
}  # fmt: skip

#: project budget (预算规模) fields, in 万元
BUDGET: dict[str, tuple[str, ...]] = {
    "total": ("预算数", "资金总额", "年度资金总额", "项目资金总额", "预算金额", "预算规模", "预算总额",
              "部门预算总额", "年度预算总额", "项目总金额", "总额", "合计"),
    "fiscal": ("财政拨款", "财政资金", "当年财政拨款", "一般公共预算拨款", "财政拨款资金"),
    "other": ("其他资金",),
    "special_account": ("财政专户管理资金",),
    "unit_funds": ("单位资金",),
    "basic": ("基本支出",),
    "project_spending": ("项目支出",),
}  # fmt: skip

#: execution budget (预算执行情况) columns of a self-evaluation
EXECUTION: dict[str, tuple[str, ...]] = {
    "initial": ("年初预算数",),
    "annual": ("全年预算数",),
    "executed": ("全年执行数",),
    "rate": ("执行率",),
    "weight": ("分值",),
    "score": ("得分",),
}
_BLOCKS = {"项目资金", "预算执行情况", "资金情况", "年度主要任务", "绩效指标", "年度绩效指标",
           "年度指标完成情况", "项目资金情况", "部门预算资金", "年度资金情况"}  # fmt: skip
_GOAL_TARGET = {"预期目标", "年度目标", "目标"}
_GOAL_ACTUAL = {"实际完成情况", "目标完成情况", "实际完成"}
_TASK_NAME = {"任务名称", "主要任务", "任务"}
_TASK_CONTENT = {"主要内容", "任务内容", "工作内容"}
_MONEY_UNIT = re.compile(r"单位[：:]\s*(万元|元)")
_YEAR = re.compile(r"(20\d\d)\s*年")


def _index(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {spelling: name for name, spellings in table.items() for spelling in spellings}


_LABEL = _index(LABELS)
_BUDGET = _index(BUDGET)
_EXECUTION = _index(EXECUTION)


@dataclass
class TaskRow:
    name: Cell
    content: Cell | None
    amount: Decimal | None


@dataclass
class GoalRow:
    target: Cell
    actual: Cell | None


@dataclass
class Form:
    """What the form area said (cells kept for provenance)."""

    texts: dict[str, Cell] = field(default_factory=dict)
    goals: list[Cell] = field(default_factory=list)
    goals_label: Cell | None = None  # the first 绩效目标 label, also when its value is blank
    budget: dict[str, Decimal] = field(default_factory=dict)
    execution: dict[str, Decimal] = field(default_factory=dict)
    execution_cell: Cell | None = None
    goal_rows: list[GoalRow] = field(default_factory=list)
    tasks: list[TaskRow] = field(default_factory=list)
    money_unit: str = "万元"
    year: int | None = None

    def text(self, name: str) -> str | None:
        cell = self.texts.get(name)
        return cell.text if cell is not None else None


class FormReader:
    """Reads the rows of a form area into a :class:`Form`, accounting for every cell."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.form = Form()
        self.columns: dict[int, str] = {}  # an active heading row: column → field
        self.mode = ""  # "budget", "execution", "tasks", "goals" while a block is open
        self.lines = 0

    def read(self, rows: list[list[Cell]]) -> Form:
        for row in rows:
            self.row(row)
        return self.form

    def row(self, row: list[Cell]) -> None:
        cells = [c for c in distinct(row) if c.text.strip()]
        if not cells:
            return
        self._scan_meta(cells)
        if is_title(row):
            self.ledger.use(*cells)
            return
        if self.mode and self._block_row(row, cells):
            return
        if self._heading(row, cells):
            return
        self._pairs(cells)

    def _scan_meta(self, cells: list[Cell]) -> None:
        for cell in cells:
            unit = _MONEY_UNIT.search(cell.text)
            year = _YEAR.search(cell.text)
            if unit:
                self.form.money_unit = unit.group(1)
            if year and self.form.year is None and ("年度" in cell.text or "表" in cell.text):
                self.form.year = int(year.group(1))
            if unit or (year and len(cell.text) < 16 and "年度" in cell.text):
                self.ledger.use(cell)

    def _heading(self, row: list[Cell], cells: list[Cell]) -> bool:
        """A row of column headings opens a block whose values are in the rows below."""
        keys = {
            i: key(c.text)
            for i, c in enumerate(row)
            if c.text.strip() and not is_horizontal_copy(row, i)
        }
        execution = {i: _EXECUTION[k] for i, k in keys.items() if k in _EXECUTION}
        budget = {i: _BUDGET[k] for i, k in keys.items() if k in _BUDGET}
        values = set(keys.values())
        if len(execution) >= 3:
            self._open("execution", execution, cells)
        elif len(budget) >= 2 and not _has_numbers(cells):
            self._open("budget", budget, cells)
        elif values & _TASK_NAME:
            task_cols = {i: "name" for i, k in keys.items() if k in _TASK_NAME}
            task_cols |= {i: "content" for i, k in keys.items() if k in _TASK_CONTENT}
            task_cols |= {i: "amount" for i, k in keys.items() if k in _BUDGET or "金额" in k}
            self._open("tasks", task_cols, cells)
        elif values & _GOAL_TARGET and values & _GOAL_ACTUAL:
            goal_cols = {i: "target" for i, k in keys.items() if k in _GOAL_TARGET}
            goal_cols |= {i: "actual" for i, k in keys.items() if k in _GOAL_ACTUAL}
            self._open("goals", goal_cols, cells)
        else:
            return False
        return True

    def _open(self, mode: str, columns: dict[int, str], cells: list[Cell]) -> None:
        self.mode, self.columns, self.lines = mode, columns, 0
        self.ledger.use(*(c for c in cells if _is_heading(c)))

    def _block_row(self, row: list[Cell], cells: list[Cell]) -> bool:
        """A value row of the open block; False (and the block closed) at the first other row."""
        first = key(cells[0].text)
        is_label = (first in _LABEL or first in _BLOCKS) and not cells[0].is_copy
        if is_label and (first not in _BLOCKS or len(cells) == 1):
            self.mode = ""
            return False
        reader = {"budget": self._budget_line, "execution": self._budget_line,
                  "tasks": self._task, "goals": self._goal}[self.mode]  # fmt: skip
        if not reader(row, cells):
            self.mode = ""
            return False
        self.lines += 1
        return True

    def _budget_line(self, row: list[Cell], cells: list[Cell]) -> bool:
        columns = {i: f for i, f in self.columns.items() if i < len(row) and row[i].text.strip()}
        if not columns or not all(_is_number(row[i].text) for i in columns):
            return False
        label = next((c for c in cells if c.origin not in {row[i].origin for i in columns}
                      and key(c.text) not in _BLOCKS), None)  # fmt: skip
        if self.lines and label is not None and key(label.text) not in BUDGET["total"]:
            for cell in [label, *(row[i] for i in columns)]:
                self.ledger.skip(
                    cell, f"budget line 「{key(label.text)}」: only the total line is read"
                )
            return True
        target = self.form.execution if self.mode == "execution" else self.form.budget
        for index, name in columns.items():
            self._number(target, name, row[index])
        self.ledger.use(label, *(c for c in cells if key(c.text) in _BLOCKS))
        if self.mode == "execution":
            self.form.execution_cell = label or row[min(columns)]
        return True

    def _number(self, target: dict[str, Decimal], name: str, cell: Cell) -> None:
        try:
            if name == "rate":
                value = percent(cell.text)
            elif name in ("weight", "score"):
                value = decimal(cell.text)
            else:
                value, converted = amount(cell.text, wan_heading=self.form.money_unit == "万元")
                if converted and value is not None:
                    self.ledger.note(cell, str(value), "元 under a 万元 heading: divided by 10000")
        except ValueError:
            value = None
        if value is None:
            self.ledger.skip(cell, f"「{name}」 is not a number")
            return
        target[name] = value
        self.ledger.use(cell)

    def _task(self, row: list[Cell], cells: list[Cell]) -> bool:
        picked = {
            f: row[i] for i, f in self.columns.items() if i < len(row) and row[i].text.strip()
        }
        name = picked.get("name")
        if name is None or key(name.text) in {"合计", "金额合计", "总计"}:
            return name is not None and self._task_total(cells)
        money = picked.get("amount")
        value = None
        if money is not None:
            value, _ = (
                amount(money.text, wan_heading=True) if _is_number(money.text) else (None, False)
            )
        self.form.tasks.append(TaskRow(name, picked.get("content"), value))
        self.ledger.use(name, picked.get("content"), money if value is not None else None)
        self.ledger.use(*(c for c in cells if key(c.text) in _BLOCKS))
        return True

    def _task_total(self, cells: list[Cell]) -> bool:
        for cell in cells:
            self.ledger.skip(cell, "task total row (金额合计): the sum of the tasks")
        return True

    def _goal(self, row: list[Cell], cells: list[Cell]) -> bool:
        picked = {
            f: row[i] for i, f in self.columns.items() if i < len(row) and row[i].text.strip()
        }
        target = picked.get("target")
        if target is None or (
            target.is_copy and target.origin in {g.target.origin for g in self.form.goal_rows}
        ):
            return bool(picked)
        self.form.goal_rows.append(GoalRow(target, picked.get("actual")))
        self.ledger.use(target, picked.get("actual"), *(c for c in cells if key(c.text) in _LABEL))
        return True

    def _pairs(self, cells: list[Cell]) -> None:
        """Label/value pairs: 项目名称 | X | 主管部门 | Y; budget labels with amounts."""
        index = 0
        while index < len(cells):
            cell = cells[index]
            name = _LABEL.get(key(cell.text)) or _BUDGET.get(key(cell.text))
            value = cells[index + 1] if index + 1 < len(cells) else None
            if key(cell.text) in _BLOCKS:
                self.ledger.use(cell)
            if name == "goals" and self.form.goals_label is None:
                self.form.goals_label = cell
            if name is None or value is None or _is_heading(value):
                index += 1
                continue
            self._pair(name, cell, value)
            index += 2

    def _pair(self, name: str, label: Cell, value: Cell) -> None:
        """Record a pair; text fields are marked used by the builder that puts them in a field."""
        self.ledger.use(label)
        if name in BUDGET:
            self._number(self.form.budget, name, value)
        elif name == "goals":
            self.form.goals.append(value)
            self.ledger.use(value)
        elif name not in self.form.texts:
            self.form.texts[name] = value
        elif self.form.texts[name].origin != value.origin:
            self.ledger.skip(value, f"a second 「{key(label.text)}」 in one form")


def _is_heading(cell: Cell) -> bool:
    k = key(cell.text)
    return bool(
        k in _LABEL or k in _BUDGET or k in _EXECUTION or k in _BLOCKS or k in _TASK_NAME
        or k in _TASK_CONTENT or k in _GOAL_TARGET or k in _GOAL_ACTUAL or "金额" in k
    )  # fmt: skip


def _is_number(text: str) -> bool:
    try:
        amount(text.rstrip("%"), wan_heading=False)
    except ValueError:
        return False
    return bool(text.strip())


def _has_numbers(cells: list[Cell]) -> bool:
    return any(_is_number(c.text) for c in cells)
