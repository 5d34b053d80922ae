"""Reader for self-evaluations (绩效自评表) in the text form of seed 001.

One table row is one line of tab-separated cells, but the merged cells of the Word original were
flattened: leading cells are missing or shifted, the header repeats on every page, and ``<p>``
tags wrap some cells. Every row is therefore resolved from its content. In the indicator table the
weight/score pair (分值, 得分: two numbers side by side) anchors the right side; the two cells
before it are the target and actual values, and the labels to its left are classified as goal
(绩效目标N), level 1, level 2 or level-3 name. Goal number, level 1 and level 2 carry down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from sys import intern

from jixiao.domain import levels
from jixiao.domain.frozen import shape, unchecked_all
from jixiao.domain.model import (
    Department,
    Document,
    ExecutionBudget,
    GoalResult,
    IndicatorResult,
    SelfEvaluation,
    at_line,
    at_lines,
)
from jixiao.domain.targets import parse_target
from jixiao.ingest.errors import ReadError
from jixiao.ingest.normalise import goal_number, stated_grade
from jixiao.ingest.text import check_cell, compact, decode, is_label, readable, sniff_text

_TITLE = re.compile(r"(整体支出|项目支出)绩效自评表")
_YEAR = re.compile(r"\(\s*(20\d\d)\s*年度?\s*\)|（\s*(20\d\d)\s*年度?\s*）")
_TAGS = re.compile(r"</?p>")
_DECIMAL = re.compile(r"^-?\d+(?:\.\d+)?$")
_GOAL_NO = re.compile(r"^\d{1,3}$")
_BLOCK_LABEL = re.compile(r"\s*[年度绩效目标完成情况][年度绩效目标完成情况\s]*")

BUDGET_LABELS = {
    "年初预算数": "initial",
    "全年预算数(A)": "annual",
    "全年执行数(B)": "executed",
    "分值": "weight",
    "得分": "score",
    "执行率(B/A)": "rate",
}


class Row:
    """One line of the table: its number, its cells (``<p>`` tags dropped, each one's whitespace
    folded: :func:`clean` of one line) and those of them that are not blank."""

    __slots__ = ("cells", "filled", "line")

    def __init__(self, line: int, text: str) -> None:
        self.line = line
        self.cells = text.split("\t")
        self.filled = list(filter(None, self.cells))  # read many times (``find`` row after row)
        if text.split() != self.filled:  # a cell with whitespace to fold (most lines have none)
            self.cells = [" ".join(cell.split()) for cell in self.cells]
            self.filled = list(filter(None, self.cells))

    @property
    def first(self) -> str:
        return self.filled[0] if self.filled else ""


@dataclass
class _State:
    """What carries down the indicator table: goal number, level 1, level 2."""

    goal_no: int | None = None
    level1: str = ""
    level2: str = ""
    #: the indicator rows' values read so far (:meth:`_Parser._indicator`)
    indicators: list[dict[str, object]] = field(default_factory=list)


class SeedSelfEvaluationReader:
    name = "self-evaluation text (seed format)"

    def sniff(self, name: str, head: bytes) -> bool:
        return bool(_TITLE.search(sniff_text(head)[:2000]))

    def read(self, name: str, data: bytes) -> list[Document]:
        return [_Parser(name, decode(name, data)).parse()]


class _Parser:
    def __init__(self, name: str, text: str) -> None:
        self.name = name
        if not readable(text):  # a control character somewhere: the first line holding one
            for number, line in enumerate(text.split("\n"), start=1):
                check_cell(name, line, number)
        if "<" in text:
            text = _TAGS.sub("", text)
        self.rows = [Row(number, line) for number, line in enumerate(text.split("\n"), start=1)]
        self.pos = 0

    def error(self, message: str, line: int | None = None) -> ReadError:
        return ReadError(self.name, message, line=line, table="绩效自评表")

    def find(self, label: str) -> Row:
        for i in range(self.pos, len(self.rows)):
            if is_label(self.rows[i].first, label):
                self.pos = i + 1
                return self.rows[i]
        raise self.error(f"no row starts with 「{label}」")

    def parse(self) -> SelfEvaluation:
        title, title_row = self._title()
        department = self.find("部门名称" if title.group(1) == "整体支出" else "单位名称")
        budget = self._budget()
        goals, goal_deviation = self._goals()
        indicators, total_row = self._indicators()
        conclusion = self._conclusion()
        return SelfEvaluation(
            scope="department" if title.group(1) == "整体支出" else "project",
            title=title.group(0),
            year=self._year(),
            department=Department(name=department.filled[1] if len(department.filled) > 1 else ""),
            budget=budget,
            goals=goals,
            goal_deviation=goal_deviation,
            indicators=indicators,
            total_weight=_decimal(total_row.filled[1]) if len(total_row.filled) > 1 else None,
            total=_decimal(total_row.filled[2]) if len(total_row.filled) > 2 else None,
            grade=stated_grade(conclusion),
            conclusion=conclusion,
            source=at_line(self.name, title_row.line),
        )

    def _title(self) -> tuple[re.Match[str], Row]:
        for row in self.rows:
            match = _TITLE.search(row.first)
            if match:
                return match, row
        raise self.error("no 绩效自评表 title")

    def _year(self) -> int | None:
        for row in self.rows[:10]:
            match = _YEAR.search(row.first)
            if match:
                return int(match.group(1) or match.group(2))
        return None

    def _budget(self) -> ExecutionBudget:
        header = self.find("预算执行情况")
        labels = [compact(c) for c in header.filled[2:]]
        if self.pos >= len(self.rows):
            raise self.error("the document ends before the budget values", header.line)
        values_row = self.rows[self.pos]
        values = values_row.filled
        if len(values) != len(labels):
            raise self.error(
                f"the budget row has {len(values)} values for {len(labels)} headings",
                values_row.line,
            )
        fields: dict[str, Decimal | None] = {}
        for label, value in zip(labels, values, strict=True):
            key = BUDGET_LABELS.get(label)
            if key is None:
                raise self.error(f"unknown budget heading 「{label}」", header.line)
            fields[key] = self._number(value.rstrip("%"), label, values_row.line)
        self.pos += 1
        deviation = self.rows[self.pos] if self.pos < len(self.rows) else Row(0, "")
        text = None
        if compact(deviation.first) == "偏差原因分析及改进措施":
            text = " ".join(deviation.filled[1:]) or None
            self.pos += 1
        return ExecutionBudget(**fields, deviation=text, source=at_line(self.name, values_row.line))

    def _number(self, text: str, label: str, line: int) -> Decimal:
        if not _DECIMAL.match(text):
            raise self.error(f"「{label}」 is not a number: {text!r}", line)
        return Decimal(text)

    def _goals(self) -> tuple[tuple[GoalResult, ...], str | None]:
        self.find("年度绩效目标完成情况")
        goals: list[GoalResult] = []
        while self.pos < len(self.rows):
            row = self.rows[self.pos]
            self.pos += 1
            cells = [c for c in row.filled if not _is_block_label(c)]
            if not cells or compact(cells[0]) == "目标序号":
                continue
            if compact(cells[0]) == "偏差原因分析及改进措施":
                return tuple(goals), " ".join(cells[1:]) or None
            goals.append(self._goal(row, cells))
        raise self.error("the goals block does not end with 偏差原因分析及改进措施")

    def _goal(self, row: Row, cells: list[str]) -> GoalResult:
        if not _GOAL_NO.match(cells[0]) or len(cells) != 3:
            raise self.error("a goal row needs a number, a goal and what was achieved", row.line)
        return GoalResult(
            no=int(cells[0]),
            target=cells[1],
            actual=cells[2],
            source=at_line(self.name, row.line),
        )

    def _indicators(self) -> tuple[tuple[IndicatorResult, ...], Row]:
        self.find("年度指标完成情况")
        state = _State()
        lines: list[int] = []
        while self.pos < len(self.rows):
            row = self.rows[self.pos]
            self.pos += 1
            first = row.first
            if not first or is_label(first, "年度指标完成情况"):
                continue
            if is_label(first, "总分"):
                return _results(self.name, state.indicators, lines), row
            state.indicators.append(self._indicator(row, state))
            lines.append(row.line)
        raise self.error("the indicator table does not end with a 总分 row")

    def _indicator(self, row: Row, state: _State) -> dict[str, object]:
        """An indicator row's values, but for its source (:func:`_results`)."""
        cells = row.cells
        anchor = _anchor(cells)
        if anchor is None:
            raise self.error("an indicator row without 分值 and 得分 (two numbers)", row.line)
        level3 = self._labels(row, cells[: anchor - 2], state)
        deviation = " ".join(filter(None, cells[anchor + 2 :]))
        return {
            "goal_no": state.goal_no,
            "level1": state.level1,
            "level2": state.level2,
            "level3": level3,
            "target": parse_target(cells[anchor - 2]),
            "actual": parse_target(cells[anchor - 1]),
            "weight": Decimal(cells[anchor]),
            "score": Decimal(cells[anchor + 1]),
            "deviation": deviation or None,
            "direction": None,
            "score_reason": None,
        }

    def _labels(self, row: Row, cells: list[str], state: _State) -> str:
        """Classify the cells left of the values; update the carried labels; the level-3 name."""
        names: list[str] = []
        level1 = level2 = ""
        for cell in filter(None, cells):
            goal = goal_number(cell)
            if goal is not None:
                state.goal_no = goal
            elif (label := levels.canonical(cell)) in levels.PARENT:  # levels.is_level2
                level2 = intern(cell)
            elif label in levels.LEVEL1:  # levels.is_level1
                level1 = intern(cell)
            else:
                names.append(cell)
        if len(names) != 1:
            raise self.error(f"cannot tell the 三级指标 among {names!r}", row.line)
        _carry(state, level1, level2)
        if not state.level1 or not state.level2:
            raise self.error("the row has no 一级指标 or 二级指标 to carry down", row.line)
        return names[0]

    def _conclusion(self) -> str | None:
        for row in self.rows[self.pos :]:
            if compact(row.first).endswith("自评结论"):
                return " ".join(row.filled[1:]) or None
        return None


_INDICATOR_RESULT = shape(
    IndicatorResult,
    (
        "goal_no",
        "level1",
        "level2",
        "level3",
        "target",
        "actual",
        "weight",
        "score",
        "deviation",
        "source",
    ),
)


def _results(
    name: str, found: list[dict[str, object]], lines: list[int]
) -> tuple[IndicatorResult, ...]:
    """The indicator rows (``IndicatorResult(goal_no=…, source=…)`` of the values read, made
    unchecked together), each with the source of its line (the last field: the values' order)."""
    for values, source in zip(found, at_lines(name, lines), strict=True):
        values["source"] = source
    return tuple(unchecked_all(_INDICATOR_RESULT, found))


def _carry(state: _State, level1: str, level2: str) -> None:
    """Carry labels down; a level 2 under a blank level 1 of another family names its level 1."""
    if level1:
        state.level1 = level1
        state.level2 = level2
        return
    if level2:
        state.level2 = level2
        parent = levels.parent_of(level2)
        if parent and parent != levels.canonical(state.level1):
            state.level1 = intern(parent)


def _anchor(cells: list[str]) -> int | None:
    """The index of 分值: the rightmost pair of numbers with two cells before it (each cell
    matched once, a blank one not at all: most rows end in blank cells)."""
    right = False  # whether the cell after the one looked at is a number
    for i in range(len(cells) - 1, 1, -1):
        number = bool(cells[i]) and _DECIMAL.match(cells[i]) is not None
        if number and right:
            return i
        right = number
    return None


def _is_block_label(cell: str) -> bool:
    """Fragments of the merged block label 年度绩效目标完成情况 ("年度", "绩效 目标 完成 情况"):
    its characters and whitespace only (a goal's text fails at its first other character)."""
    return _BLOCK_LABEL.fullmatch(cell) is not None


def _decimal(text: str) -> Decimal | None:
    return Decimal(text) if _DECIMAL.match(text) else None


READER = SeedSelfEvaluationReader()
