"""The form area above an indicator table: label/value pairs, budget blocks, goals and tasks.

Labels are found by spelling (:data:`LABELS`), never by position. A label's value is the next
cell to its right; when that cell is itself a label, the row is a heading row and the values
are in the rows below (the budget block of a self-evaluation, 资金总额 | 财政拨款 | 其他资金 …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.domain.years import budget_year
from jixiao.ingest.grid import Cell, distinct, is_horizontal_copy
from jixiao.ingest.layout import is_title, key, lookup
from jixiao.ingest.ledger import Ledger
from jixiao.ingest.normalise import amount, decimal, percent
from jixiao.ingest.phrases import inline_pairs, money_sentences

LABELS: dict[str, tuple[str, ...]] = {
    "department": ("单位名称", "预算单位", "实施单位", "部门名称", "部门（单位）名称", "单位（部门）名称"),
    "supervisor": ("主管部门", "主管部门及代码"),
    "project": ("项目名称", "转移支付（项目）名称", "转移支付名称", "转移支付项目名称"),
    "purpose": ("资金用途", "项目概况", "项目内容"),
    "goals": ("年度目标", "绩效目标", "年度绩效目标", "总体目标", "年度总体目标", "年度总体绩效目标",
              "部门整体绩效目标", "整体绩效目标"),
    "conclusion": ("自评结论", "评价结论", "绩效自评结论"),
    "deviation": ("偏差原因分析及改进措施",),
    "applicant": ("申报单位",),
    "implementer_responsible": ("实施单位及责任人", "实施单位及负责人"),
    "responsible": ("责任人", "项目负责人", "负责人", "项目责任人"),
    "code": ("项目编码", "项目代码"),
    "attribute": ("项目属性",),
    "term": ("项目期限", "实施期限", "项目实施期限", "执行期限"),
    "basis": ("立项依据", "政策依据", "项目立项依据"),
    "calculation": ("测算依据", "资金测算依据", "测算依据及说明"),
    "long_term": ("中期目标", "长期目标", "中长期目标", "中期绩效目标", "长期绩效目标"),
    "overview": ("项目基本情况",),
    "implementation": ("项目实施内容及过程概述", "项目实施内容", "实施内容及过程概述"),
    "goal_completion": ("年度目标完成情况", "总体目标完成情况", "绩效目标完成情况"),
}  # fmt: skip

#: 资金来源 grid headings (funding sources)
FUNDING = ("一般公共预算收入", "一般公共预算", "政府性基金", "政府性基金预算收入", "国有资本经营",
           "国有资本经营预算收入", "社会保险基金", "社会保险基金预算收入", "其他收入", "上级补助收入")  # fmt: skip

#: project budget (预算规模) fields, in 万元
BUDGET: dict[str, tuple[str, ...]] = {
    "total": ("预算数", "资金总额", "年度资金总额", "项目资金总额", "预算金额", "预算规模", "预算总额",
              "部门预算总额", "年度预算总额", "项目总金额", "总额", "合计", "本年度项目金额",
              "年度项目金额", "预算支出总额"),
    "fiscal": ("财政拨款", "财政资金", "当年财政拨款", "一般公共预算拨款", "财政拨款资金", "中央补助",
               "中央补助资金"),
    "other": ("其他资金",),
    "special_account": ("财政专户管理资金", "专户资金"),
    "mid_term": ("中期资金总额",),
    "procurement": ("政府采购", "政府采购金额", "政府采购预算"),
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
           "年度指标完成情况", "项目资金情况", "部门预算资金", "年度资金情况", "资金来源", "部门预算",
           "年度绩效目标完成情况"}  # fmt: skip
_GOAL_TARGET = {"预期目标", "年度目标", "目标", "年度绩效目标"}
_GOAL_ACTUAL = {"实际完成情况", "目标完成情况", "实际完成"}
_TASK_NAME = {"任务名称", "主要任务", "任务"}
_TASK_CONTENT = {"主要内容", "任务内容", "工作内容"}
_HEADING_LENGTH = 12  # the longest heading: 未完成原因分析及改进措施
_MONEY_UNIT = re.compile(r"单位[：:]\s*(万元|元)")
_YEAR = re.compile(r"(20\d\d)\s*年")


def _index(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {spelling: name for name, spellings in table.items() for spelling in spellings}


_LABEL = _index(LABELS)
_BUDGET = _index(BUDGET)
_EXECUTION = _index(EXECUTION)
_FUNDING = {name: name for name in FUNDING}
_INLINE = {**_BUDGET, **_LABEL}  # labels written with their value in one cell
_TASK_CATEGORIES = {"项目支出", "人员经费", "公用经费", "基本支出"}
_IN_YUAN = re.compile(r"[（(]元[)）]")
#: under a 万元 label, amounts from here up may be 元 (flagged; from 1,000,000 they are converted)
_DOUBTFUL = Decimal(100_000)


@dataclass
class TaskRow:
    name: Cell
    content: Cell | None
    amount: Decimal | None
    category: Cell | None = None


@dataclass
class GoalRow:
    target: Cell
    actual: Cell | None
    no: int | None = None  # 目标序号 when the table numbers its goals


@dataclass
class Form:
    """What the form area said (cells kept for provenance)."""

    texts: dict[str, Cell] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # field → the label text that named it
    goals: list[Cell] = field(default_factory=list)
    long_term: list[Cell] = field(default_factory=list)
    goals_label: Cell | None = None  # the first 绩效目标 label, also when its value is blank
    budget: dict[str, Decimal] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # flags on the budget amounts
    funding: list[tuple[str, Decimal, Cell]] = field(default_factory=list)  # 资金来源 grid
    execution: dict[str, Decimal] = field(default_factory=dict)
    execution_cell: Cell | None = None
    goal_rows: list[GoalRow] = field(default_factory=list)
    tasks: list[TaskRow] = field(default_factory=list)
    money_unit: str = "万元"
    year: int | None = None
    #: 偏差原因分析及改进措施 under the block it follows: "execution" (预算执行) or "goals"
    deviations: dict[str, Cell] = field(default_factory=dict)

    def text(self, name: str) -> str | None:
        cell = self.texts.get(name)
        return cell.text if cell is not None else None


class FormReader:
    """Reads the rows of a form area into a :class:`Form`, accounting for every cell."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.form = Form()
        self.columns: dict[int, str] = {}  # an active heading row: column → field
        self.mode = ""  # "budget", "execution", "tasks", "goals", "funding" while a block is open
        self.unit = ""  # the open block's money unit when its heading names one (（元）)
        self.block = ""  # the last block opened (a 偏差原因 row belongs to it)
        self.lines = 0

    def read(self, rows: list[list[Cell]]) -> Form:
        for row in rows:
            self.row(row)
        return self.form

    def row(self, row: list[Cell]) -> None:
        cells = [c for c in distinct(row) if c.text.strip()]
        if not cells:
            return
        title = is_title(row)
        self._scan_meta(cells, years=not title)  # a title's year is the fallback (build._year)
        if title:
            self.ledger.use(*cells)
            return
        if self.mode and self._block_row(row, cells):
            return
        if self._heading(row, cells):
            return
        self._pairs(cells)

    def _scan_meta(self, cells: list[Cell], years: bool) -> None:
        for cell in cells:
            unit = _MONEY_UNIT.search(cell.text)
            year = _YEAR.search(cell.text) if years else None
            if unit:
                self.form.money_unit = unit.group(1)
            stated = budget_year(cell.text) if years else None  # a label; a title: fallback
            if stated is not None and self.form.year is None:
                self.form.year = stated
            if unit or (year and len(cell.text) < 16 and "年度" in cell.text):
                self.ledger.use(cell)

    def _heading(self, row: list[Cell], cells: list[Cell]) -> bool:
        """A row of column headings opens a block whose values are in the rows below."""
        keys = {
            i: key(c.text)
            for i, c in enumerate(row)
            if c.text.strip() and not is_horizontal_copy(row, i)
        }
        execution = _fields(_EXECUTION, row, keys)
        budget = _fields(_BUDGET, row, keys)
        funding = _fields(_FUNDING, row, keys)
        values = set(keys.values())
        if len(execution) >= 3:
            self._open("execution", execution, cells)
        elif len(budget) >= 2 and not _has_numbers(cells):
            self._open("budget", budget, cells)
        elif len(funding) >= 2 and not _has_numbers(cells):
            self._open("funding", {i: key(row[i].text) for i in funding}, cells)
        elif values & _TASK_NAME:
            task_cols = {i: "name" for i, k in keys.items() if k in _TASK_NAME}
            task_cols |= {i: "content" for i, k in keys.items() if k in _TASK_CONTENT}
            task_cols |= {i: "amount" for i, k in keys.items() if k in _BUDGET or "金额" in k}
            self._open("tasks", task_cols, cells)
        elif values & _GOAL_TARGET and values & _GOAL_ACTUAL:
            goal_cols = {i: "target" for i, k in keys.items() if k in _GOAL_TARGET}
            goal_cols |= {i: "actual" for i, k in keys.items() if k in _GOAL_ACTUAL}
            goal_cols |= {i: "no" for i, k in keys.items() if k == "目标序号"}
            self._open("goals", goal_cols, cells)
        else:
            return False
        return True

    def _open(self, mode: str, columns: dict[int, str], cells: list[Cell]) -> None:
        self.mode, self.block, self.columns, self.lines = mode, mode, columns, 0
        self.unit = "元" if any(_IN_YUAN.search(c.text) for c in cells) else ""
        self.ledger.use(*(c for c in cells if _is_heading(c) or _IN_YUAN.search(c.text)))

    def _block_row(self, row: list[Cell], cells: list[Cell]) -> bool:
        """A value row of the open block; False (and the block closed) at the first other row."""
        first = key(cells[0].text)
        labelled = lookup(_LABEL, cells[0].text) is not None or first in _BLOCKS
        if labelled and not cells[0].is_copy and (first not in _BLOCKS or len(cells) == 1):
            self.mode = ""
            return False
        reader = {"budget": self._budget_line, "execution": self._budget_line,
                  "tasks": self._task, "goals": self._goal, "funding": self._funding}[self.mode]  # fmt: skip
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
        line = lookup(_BUDGET, label.text) if label is not None else None
        if self.lines and label is not None and line in {"basic", "project_spending"}:
            return self._spending_line(row, label, line, columns)
        if self.lines and label is not None and line != "total":
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

    def _spending_line(
        self, row: list[Cell], label: Cell, line: str, columns: dict[int, str]
    ) -> bool:
        """基本支出 / 项目支出 lines of a budget grid: their 合计 is the field, the rest reported."""
        self.ledger.use(label)
        for index, name in columns.items():
            if name == "total":
                self._number(self.form.budget, line, row[index])
            else:
                self.ledger.skip(
                    row[index],
                    f"budget grid 「{key(label.text)}」×「{name}」: only its 合计 is read",
                )
        return True

    def _number(self, target: dict[str, Decimal], name: str, cell: Cell) -> None:
        try:
            if name == "rate":
                value = percent(cell.text)
            elif name in ("weight", "score"):
                value = decimal(cell.text)
            else:
                value = self._money(cell)
        except ValueError:
            value = None
        if value is None:
            self.ledger.skip(cell, f"「{name}」 is not a number")
            return
        target[name] = value
        self.ledger.use(cell)

    def _money(self, cell: Cell, text: str | None = None) -> Decimal | None:
        """An amount in 万元: 元 blocks divided by 10000; a 元-sized figure under a 万元 label
        converted (≥ 1,000,000) or kept (≥ 100,000), and flagged either way."""
        text = cell.text if text is None else text
        if self.unit == "元" or self.form.money_unit == "元":
            value, _ = amount(text, wan_heading=False)
            if value is not None and not text.strip().endswith("元"):
                self.ledger.note(cell, str(value / 10000), "amount in 元: divided by 10000")
                return value / 10000
            return value
        value, converted = amount(text, wan_heading=True)
        if converted and value is not None:
            self.ledger.note(cell, str(value), "元 under a 万元 heading: divided by 10000")
            self._flag("yuan_converted")
        elif value is not None and abs(value) >= _DOUBTFUL:
            self.ledger.note(cell, str(value), "may be 元 under a 万元 heading: kept as written")
            self._flag("yuan_doubtful")
        return value

    def _flag(self, problem: str) -> None:
        if problem not in self.form.problems:
            self.form.problems.append(problem)

    def _task(self, row: list[Cell], cells: list[Cell]) -> bool:
        picked = {
            f: row[i] for i, f in self.columns.items() if i < len(row) and row[i].text.strip()
        }
        name = picked.get("name")
        if name is None or key(name.text) in {"合计", "金额合计", "总计"}:
            return name is not None and self._task_total(cells)
        money = picked.get("amount")
        value = self._money(money) if money is not None and _is_number(money.text) else None
        category = next((c for c in cells if key(c.text) in _TASK_CATEGORIES), None)
        self.form.tasks.append(TaskRow(name, picked.get("content"), value, category))
        self.ledger.use(name, picked.get("content"), money if value is not None else None)
        self.ledger.use(category, *(c for c in cells if key(c.text) in _BLOCKS))
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
        number = picked.get("no")
        no = int(number.text) if number is not None and number.text.strip().isdigit() else None
        self.form.goal_rows.append(GoalRow(target, picked.get("actual"), no))
        labels = (c for c in cells if lookup(_LABEL, c.text) is not None)
        self.ledger.use(target, picked.get("actual"), number, *labels)
        return True

    def _funding(self, row: list[Cell], cells: list[Cell]) -> bool:
        """The amounts below a 资金来源 heading (一般公共预算收入 | 政府性基金 | …)."""
        picked = {i: row[i] for i in self.columns if i < len(row) and row[i].text.strip()}
        if not picked or not all(_is_number(c.text) for c in picked.values()):
            return False
        for index, cell in picked.items():
            value = self._money(cell)
            if value is not None:
                self.form.funding.append((self.columns[index], value, cell))
                self.ledger.use(cell)
        self.ledger.use(*(c for c in cells if key(c.text) in _BLOCKS))
        return True

    def _pairs(self, cells: list[Cell]) -> None:
        """Label/value pairs: 项目名称 | X | 主管部门 | Y; budget labels with amounts; cells that
        hold ``label：value`` parts or money sentences themselves."""
        index = 0
        while index < len(cells):
            cell = cells[index]
            name = lookup(_LABEL, cell.text) or lookup(_BUDGET, cell.text)
            value = cells[index + 1] if index + 1 < len(cells) else None
            if key(cell.text) in _BLOCKS:
                self.ledger.use(cell)
            elif name is None or value is None:
                self._inside(cell)
            if name == "goals" and self.form.goals_label is None:
                self.form.goals_label = cell
            if name is None or value is None or _is_heading(value):
                index += 1
                continue
            self._pair(name, cell, value)
            index += 2

    def _inside(self, cell: Cell) -> None:
        """A cell holding its own labels: ``申报单位：X　申报时间：Y`` or ``年度资金总额：50万元``."""
        sentences = money_sentences(cell.text, _BUDGET)
        readable = sentences is not None and all(  # “.5万元”: left to the labels below
            _is_number(s.number + s.unit) for s in sentences if s.number
        )
        if sentences is not None and readable:
            for sentence in sentences:
                text = sentence.number + sentence.unit
                value = self._money(cell, text) if sentence.number else None
                if value is not None:
                    self.form.budget.setdefault(sentence.name, value)
            self.ledger.use(cell)
            return
        for pair in inline_pairs(cell.text, _INLINE) or []:
            if pair.name is not None:
                self._pair(pair.name, cell, Cell(pair.value, cell.address, pair.value, cell.anchor))
            self.ledger.use(cell)

    def _pair(self, name: str, label: Cell, value: Cell) -> None:
        """Record a pair; text fields are marked used by the builder that puts them in a field."""
        self.ledger.use(label)
        if name in BUDGET:
            self._number(self.form.budget, name, value)
        elif name == "deviation" and self.block in ("execution", "goals"):
            self.form.deviations[self.block] = value
            self.ledger.use(value)
        elif name in ("goals", "long_term"):
            (self.form.goals if name == "goals" else self.form.long_term).append(value)
            self.ledger.use(value)
        elif name not in self.form.texts:
            self.form.texts[name] = value
            self.form.labels[name] = key(label.text)
        elif self.form.texts[name].origin != value.origin:
            self.ledger.skip(value, f"a second 「{key(label.text)}」 in one form")


def _fields(table: dict[str, str], row: list[Cell], keys: dict[int, str]) -> dict[int, str]:
    """Column → field of ``table`` for the heading cells of ``row``."""
    found = {i: lookup(table, row[i].text) for i in keys}
    return {i: name for i, name in found.items() if name is not None}


def _is_heading(cell: Cell) -> bool:
    k = key(cell.text)
    if len(k) > _HEADING_LENGTH:  # a sentence (…低于预算金额…) is a value, never a heading
        return False
    named = lookup(_LABEL, cell.text) or lookup(_BUDGET, cell.text) or lookup(_FUNDING, cell.text)
    return bool(
        named or k in _EXECUTION or k in _BLOCKS or k in _TASK_NAME
        or k in _TASK_CONTENT or k in _GOAL_TARGET or k in _GOAL_ACTUAL or k == "目标序号" or "金额" in k
    )  # fmt: skip


def _is_number(text: str) -> bool:
    try:
        amount(text.rstrip("%"), wan_heading=False)
    except ValueError:
        return False
    return bool(text.strip())


def _has_numbers(cells: list[Cell]) -> bool:
    return any(_is_number(c.text) for c in cells)
