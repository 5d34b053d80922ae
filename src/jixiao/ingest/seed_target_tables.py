"""Reader for target tables (项目支出绩效目标表) in the text form of the seeds.

The text was extracted from Word: each table starts at a ``[bookmark: …]N.<title>`` line; every
cell is a line that starts with a tab, lines without a tab continue the cell above, and blank
lines separate rows. A row of the indicator table has five cells (一级指标 / 二级指标 / 三级指标 /
绩效指标描述 / 指标值); a blank 一级指标 cell carries the one above down (it was merged), and the
last row of a table may have its cells separated by blank lines.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from jixiao.domain.frozen import defaults, shape, unchecked
from jixiao.domain.model import (
    Department,
    Document,
    Indicator,
    Project,
    ProjectBudget,
    TargetTable,
    at_line,
)
from jixiao.domain.targets import parse_target
from jixiao.ingest.errors import ReadError
from jixiao.ingest.text import (
    check_cell,
    clean,
    compact,
    decode,
    is_label,
    readable,
    sniff_text,
)

HEADER = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值")
_BOOKMARK = "[bookmark:"  # in every title line (_TITLE)
_TITLE = re.compile(r"^\s*\[bookmark:[^\]]*\]\s*(?:(?P<no>\d+)\s*[.．、]\s*)?(?P<title>.*)$")
_DEPARTMENT = re.compile(r"^(?P<code>\d{6})?\s*(?P<name>.+)$")
_YEAR = re.compile(r"(20\d\d)年")
_GOAL_START = re.compile(r"^\d+\s*[.．、]")
_NUMBER = re.compile(r"^-?\d{1,3}(?:,\d{3})*(?:\.\d+)?$|^-?\d+(?:\.\d+)?$")


@dataclass(slots=True)
class Cell:
    text: str
    line: int
    more: tuple[int, ...] = ()  # the lines of the text's continuation lines

    def lines(self) -> list[tuple[str, int]]:
        """Each line of the text with the file line it was read from."""
        return list(zip(self.text.split("\n"), [self.line, *self.more], strict=True))


@dataclass(slots=True)
class Section:
    """The lines of one table: its title and its cells grouped into blank-line blocks."""

    number: int | None
    title: str
    line: int
    blocks: list[list[Cell]]


class SeedTargetTableReader:
    name = "target table text (seed format)"

    def sniff(self, name: str, head: bytes) -> bool:
        text = sniff_text(head)
        return "[bookmark:" in text and "绩效目标表" in text

    def read(self, name: str, data: bytes) -> list[Document]:
        text = decode(name, data)
        if not text.endswith("\n"):
            line = text.count("\n") + 1
            raise ReadError(name, "the file ends in the middle of a line: truncated?", line=line)
        sections = split_sections(name, text)
        year = _budget_year(sections)
        return [_table(name, section, year) for section in sections]


def split_sections(name: str, text: str) -> list[Section]:
    lines = text.split("\n")
    titles = _titles(text, lines)
    for number, line in enumerate(lines[: titles[0] if titles else len(lines)], start=1):
        if line.strip():
            raise ReadError(name, "text before the first table title", line=number)
    suspect = not readable(text)  # else no cell needs checking
    sections: list[Section] = []
    for at, end in zip(titles, [*titles[1:], len(lines)], strict=True):
        title = _TITLE.match(lines[at])
        assert title is not None  # _titles keeps the lines it matches
        no = int(title["no"]) if title["no"] else None
        section = Section(no, clean(title["title"]), at + 1, [])
        _fill(name, section, lines[at + 1 : end], suspect)
        sections.append(section)
    return sections


def _titles(text: str, lines: list[str]) -> list[int]:
    """The indexes of the table title lines, found by one search of the whole file (the title
    pattern is tried only on the few lines with a ``[bookmark:``)."""
    found: list[int] = []
    index = start = 0
    while (at := text.find(_BOOKMARK, start)) >= 0:
        index += text.count("\n", start, at)
        if (not found or found[-1] != index) and _TITLE.match(lines[index]):
            found.append(index)
        start = at + len(_BOOKMARK)
    return found


def _fill(name: str, section: Section, lines: list[str], suspect: bool) -> None:
    """The section's cells: a line starting with a tab is a cell, other lines continue the
    cell above, blank lines end a block (``lines`` follow the title line)."""
    block: list[Cell] | None = None
    blocks = section.blocks
    for number, line in enumerate(lines, start=section.line + 1):
        if not line:  # most blank lines: empty
            block = None
        elif line[0] == "\t":
            if suspect:
                check_cell(name, line, number, section.title)
            if block is None:
                block = [Cell(line[1:], number)]
                blocks.append(block)
            else:
                block.append(Cell(line[1:], number))
        elif line.isspace():
            block = None
        else:
            if suspect:
                check_cell(name, line, number, section.title)
            last = block[-1] if block else _last_cell(section, name, number)
            last.text += "\n" + line
            last.more += (number,)


def _last_cell(section: Section, name: str, line: int) -> Cell:
    if not section.blocks:
        raise ReadError(name, "text outside any cell", line=line, table=section.title)
    return section.blocks[-1][-1]


def _budget_year(sections: list[Section]) -> int | None:
    """The budget year of the file: the year most titles name (a title may name another year)."""
    years = Counter(int(m.group(1)) for s in sections if (m := _YEAR.search(s.title)))
    return years.most_common(1)[0][0] if years else None


class _Cells:
    """A cursor over the cells of one table, for reading its label/value layout."""

    def __init__(self, name: str, section: Section) -> None:
        self.name = name
        self.section = section
        self.cells = [cell for block in section.blocks for cell in block]
        self.pos = 0

    def error(self, message: str, line: int | None = None) -> ReadError:
        where = line if line is not None else self._line()
        return ReadError(self.name, message, line=where, table=self.section.title)

    def _line(self) -> int:
        if self.pos < len(self.cells):
            return self.cells[self.pos].line
        return self.cells[-1].line if self.cells else self.section.line

    def find(self, label: str) -> Cell:
        """Move past the cell whose compact text is ``label`` and return the cell after it."""
        for i in range(self.pos, len(self.cells)):
            if is_label(self.cells[i].text, label):
                if i + 1 >= len(self.cells):
                    raise self.error(f"no cell after 「{label}」", self.cells[i].line)
                self.pos = i + 2
                return self.cells[i + 1]
        raise self.error(f"the table has no 「{label}」 cell")

    def take_until(self, label: str) -> list[Cell]:
        """The cells up to the one whose compact text is ``label`` (which is consumed)."""
        for i in range(self.pos, len(self.cells)):
            if is_label(self.cells[i].text, label):
                taken = self.cells[self.pos : i]
                self.pos = i + 1
                return taken
        raise self.error(f"the table has no 「{label}」 cell")


def _table(name: str, section: Section, year: int | None) -> TargetTable:
    cells = _Cells(name, section)
    if not cells.cells:
        raise cells.error("the table is empty", section.line)
    department = _department(cells.cells[0])
    money_unit = cells.cells[1].text.split("：")[-1].strip() if len(cells.cells) > 1 else ""
    project = clean(cells.find("项目名称").text)
    total = _amount(cells, cells.find("预算数"), "预算数")
    fiscal = _amount(cells, cells.find("其中：财政资金"), "财政资金")
    other = _amount(cells, cells.find("其他资金"), "其他资金")
    purpose = "\n".join(t for c in cells.take_until("绩效目标") if (t := clean(c.text)))
    label = cells.cells[cells.pos - 1]
    goal_cells = cells.take_until(HEADER[0])
    goals = _goals(goal_cells)
    _check_header(cells)
    return unchecked(  # TargetTable(number=…, source=…) of the values read here
        _TABLE,
        _TABLE_DEFAULTS
        | {
            "number": section.number,
            "title": section.title,
            "year": year,
            "department": department,
            "project": unchecked(_PROJECT, {"name": project}),
            "money_unit": money_unit or "万元",
            "budget": _budget(total, fiscal, other),
            "purpose": purpose or None,
            "goals": tuple(goal for goal, _ in goals),
            "indicators": _indicators(cells),
            "source": at_line(name, section.line),
            "goal_sources": tuple(at_line(name, line) for _, line in goals),
            "goals_cell": at_line(name, (goal_cells[0] if goal_cells else label).line),
        },
    )


_TABLE = shape(
    TargetTable,
    (
        "number",
        "title",
        "year",
        "department",
        "project",
        "money_unit",
        "budget",
        "purpose",
        "goals",
        "indicators",
        "source",
        "goal_sources",
        "goals_cell",
    ),
    after=True,  # its goal sources and goals: one of each per goal read, by construction
)
_TABLE_DEFAULTS = defaults(TargetTable)


def _department(cell: Cell) -> Department:
    """The 预算单位 (``Department(code=…, name=…)`` of the strings matched here, unchecked)."""
    match = _DEPARTMENT.match(clean(cell.text))
    if match is None:
        return unchecked(_NAMED, {"code": None, "name": ""})
    return unchecked(_CODED, {"code": match["code"], "name": match["name"].strip()})


_NAMED = shape(Department, ("name",))
_CODED = shape(Department, ("code", "name"))
_PROJECT = shape(Project, ("name",))


def _budget(total: Decimal | None, fiscal: Decimal | None, other: Decimal | None) -> ProjectBudget:
    """The 预算规模 (``ProjectBudget(total=…, fiscal=…, other=…)`` of the amounts read here)."""
    return unchecked(_BUDGET, _BUDGET_DEFAULTS | {"total": total, "fiscal": fiscal, "other": other})


_BUDGET = shape(ProjectBudget, ("total", "fiscal", "other"))
_BUDGET_DEFAULTS = defaults(ProjectBudget)


def _amount(cells: _Cells, cell: Cell, label: str) -> Decimal | None:
    text = compact(cell.text)
    if not text:
        return None
    if not _NUMBER.match(text):
        raise cells.error(f"「{label}」 is not an amount: {cell.text.strip()!r}", cell.line)
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits numbers only
        raise cells.error(f"「{label}」 is not an amount: {text!r}", cell.line) from exc


def _goals(goal_cells: list[Cell]) -> list[tuple[str, int]]:
    """The numbered goal sentences and their first lines: "1.…" starts a goal, other lines
    continue the one before."""
    goals: list[tuple[str, int]] = []
    for cell in goal_cells:
        for raw, number in cell.lines():
            line = clean(raw)
            if line and (not goals or _GOAL_START.match(line)):
                goals.append((line, number))
            elif line:
                goals[-1] = (goals[-1][0] + line, goals[-1][1])
    return goals


def _check_header(cells: _Cells) -> None:
    start = cells.pos - 1
    labels = tuple(compact(c.text) for c in cells.cells[start : start + len(HEADER)])
    if labels != HEADER:
        found = " / ".join(labels)
        raise cells.error(f"the indicator header should be {' / '.join(HEADER)}, found {found}")
    cells.pos = start + len(HEADER)


def _indicators(cells: _Cells) -> tuple[Indicator, ...]:
    indicators: list[Indicator] = []
    level1 = level2 = ""
    for row in _rows(cells):
        first, second, third, description, value = [clean(c.text) for c in row]
        if first:
            level1, level2 = first, second
        elif second:
            level2 = second
        if not level1:
            raise cells.error("the first indicator row has no 一级指标", row[0].line)
        if not level2:
            raise cells.error("the indicator row has no 二级指标", row[0].line)
        indicators.append(
            unchecked(  # Indicator(level1=…, source=…) of the strings and Target made here
                _INDICATOR,
                {
                    "level1": level1,
                    "level2": level2,
                    "level3": third,
                    "description": description or None,
                    "target": parse_target(value),
                    "weight": None,
                    "direction": None,
                    "source": at_line(cells.name, row[0].line),
                },
            )
        )
    if not indicators:
        raise cells.error("the table has no indicator rows")
    return tuple(indicators)


_INDICATOR = shape(Indicator, ("level1", "level2", "level3", "description", "target", "source"))


def _rows(cells: _Cells) -> list[list[Cell]]:
    """Indicator rows: blocks of five cells; a row split by blank lines is joined back."""
    rows: list[list[Cell]] = []
    pending: list[Cell] = []
    start = cells.cells[cells.pos] if cells.pos < len(cells.cells) else None
    for block in cells.section.blocks:
        if start is None or block[-1].line < start.line:
            continue
        block = [c for c in block if c.line >= start.line]
        if pending and len(pending) + len(block) > len(HEADER):
            raise _short_row(cells, pending)
        pending.extend(block)
        if len(pending) == len(HEADER):
            rows.append(pending)
            pending = []
        elif len(pending) > len(HEADER):
            raise cells.error(
                f"an indicator row has {len(pending)} cells, expected {len(HEADER)}",
                pending[0].line,
            )
    if pending:
        raise _short_row(cells, pending)
    return rows


def _short_row(cells: _Cells, row: list[Cell]) -> ReadError:
    return cells.error(
        f"an indicator row has {len(row)} cells, expected {len(HEADER)}", row[0].line
    )


READER = SeedTargetTableReader()
