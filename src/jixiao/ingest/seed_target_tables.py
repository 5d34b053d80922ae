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
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from sys import intern

from jixiao.domain.frozen import defaults, shape, unchecked, unchecked_all
from jixiao.domain.model import (
    Department,
    Document,
    Indicator,
    Project,
    ProjectBudget,
    TargetTable,
    at_line,
    at_lines,
)
from jixiao.domain.targets import parse_target
from jixiao.ingest.errors import ReadError
from jixiao.ingest.text import (
    check_cell,
    clean,
    cleaned,
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
class Section:
    """The lines of one table: its title and its cells, grouped into blank-line blocks.

    A cell is an index into ``texts`` (its text) and ``lines`` (the file line it starts at); a
    block is the cells from one of ``starts`` to the next (or to the end)."""

    number: int | None
    title: str
    line: int
    texts: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    #: a cell's continuation lines (lines without a tab), by the cell's index
    more: dict[int, tuple[int, ...]] = field(default_factory=dict)

    def cell_lines(self, cell: int) -> list[tuple[str, int]]:
        """Each line of a cell's text with the file line it was read from."""
        numbers = [self.lines[cell], *self.more.get(cell, ())]
        return list(zip(self.texts[cell].split("\n"), numbers, strict=True))


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
        section = Section(no, clean(title["title"]), at + 1)
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
    texts, starts, more = section.texts, section.starts, section.more
    add_text, add_line = texts.append, section.lines.append
    in_block = False
    for number, line in enumerate(lines, start=section.line + 1):
        if not line:  # most blank lines: empty
            in_block = False
        elif line[0] == "\t":
            if suspect:
                check_cell(name, line, number, section.title)
            if not in_block:
                starts.append(len(texts))
                in_block = True
            add_text(line[1:])
            add_line(number)
        elif line.isspace():
            in_block = False
        else:
            if suspect:
                check_cell(name, line, number, section.title)
            if not texts:
                raise ReadError(name, "text outside any cell", line=number, table=section.title)
            last = len(texts) - 1
            texts[last] += "\n" + line
            more[last] = (*more.get(last, ()), number)


def _budget_year(sections: list[Section]) -> int | None:
    """The budget year of the file: the year most titles name (a title may name another year)."""
    years = Counter(int(m.group(1)) for s in sections if (m := _YEAR.search(s.title)))
    return years.most_common(1)[0][0] if years else None


class _Cells:
    """A cursor over the cells of one table, for reading its label/value layout."""

    def __init__(self, name: str, section: Section) -> None:
        self.name = name
        self.section = section
        self.texts = section.texts
        self.lines = section.lines
        self.pos = 0

    def error(self, message: str, line: int | None = None) -> ReadError:
        where = line if line is not None else self._line()
        return ReadError(self.name, message, line=where, table=self.section.title)

    def _line(self) -> int:
        if self.pos < len(self.lines):
            return self.lines[self.pos]
        return self.lines[-1] if self.lines else self.section.line

    def find(self, label: str) -> int:
        """Move past the cell whose compact text is ``label`` and return the cell after it."""
        texts = self.texts
        for i in range(self.pos, len(texts)):
            if is_label(texts[i], label):
                if i + 1 >= len(texts):
                    raise self.error(f"no cell after 「{label}」", self.lines[i])
                self.pos = i + 2
                return i + 1
        raise self.error(f"the table has no 「{label}」 cell")

    def take_until(self, label: str) -> range:
        """The cells up to the one whose compact text is ``label`` (which is consumed)."""
        texts = self.texts
        for i in range(self.pos, len(texts)):
            if is_label(texts[i], label):
                taken = range(self.pos, i)
                self.pos = i + 1
                return taken
        raise self.error(f"the table has no 「{label}」 cell")


def _table(name: str, section: Section, year: int | None) -> TargetTable:
    cells = _Cells(name, section)
    texts = section.texts
    if not texts:
        raise cells.error("the table is empty", section.line)
    department = _department(texts[0])
    money_unit = texts[1].split("：")[-1].strip() if len(texts) > 1 else ""
    project = clean(texts[cells.find("项目名称")])
    total = _amount(cells, cells.find("预算数"), "预算数")
    fiscal = _amount(cells, cells.find("其中：财政资金"), "财政资金")
    other = _amount(cells, cells.find("其他资金"), "其他资金")
    purpose = "\n".join(t for i in cells.take_until("绩效目标") if (t := clean(texts[i])))
    label = cells.pos - 1
    goal_cells = cells.take_until(HEADER[0])
    goals = _goals(section, goal_cells)
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
            "goals_cell": at_line(name, section.lines[goal_cells[0] if goal_cells else label]),
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


def _department(text: str) -> Department:
    """The 预算单位 (``Department(code=…, name=…)`` of the strings matched here, unchecked)."""
    match = _DEPARTMENT.match(clean(text))
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


def _amount(cells: _Cells, cell: int, label: str) -> Decimal | None:
    text = compact(cells.texts[cell])
    if not text:
        return None
    if not _NUMBER.match(text):
        shown = cells.texts[cell].strip()
        raise cells.error(f"「{label}」 is not an amount: {shown!r}", cells.lines[cell])
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits numbers only
        raise cells.error(f"「{label}」 is not an amount: {text!r}", cells.lines[cell]) from exc


def _goals(section: Section, goal_cells: range) -> list[tuple[str, int]]:
    """The numbered goal sentences and their first lines: "1.…" starts a goal, other lines
    continue the one before."""
    goals: list[tuple[str, int]] = []
    for cell in goal_cells:
        for raw, number in section.cell_lines(cell):
            line = clean(raw)
            if line and (not goals or _GOAL_START.match(line)):
                goals.append((line, number))
            elif line:
                goals[-1] = (goals[-1][0] + line, goals[-1][1])
    return goals


def _check_header(cells: _Cells) -> None:
    start = cells.pos - 1
    labels = tuple(compact(t) for t in cells.texts[start : start + len(HEADER)])
    if labels != HEADER:
        found = " / ".join(labels)
        raise cells.error(f"the indicator header should be {' / '.join(HEADER)}, found {found}")
    cells.pos = start + len(HEADER)


def _indicators(cells: _Cells) -> tuple[Indicator, ...]:
    rows = _rows(cells)
    if not rows:
        raise cells.error("the table has no indicator rows")
    level1 = level2 = ""
    start = cells.pos
    texts = cleaned(cells.texts[start:])  # the rows' cells (_rows: every cell from here)
    lines = [cells.lines[row] for row in rows]
    found: list[dict[str, object]] = []
    for row, line, source in zip(rows, lines, at_lines(cells.name, lines), strict=True):
        first, second, third, description, value = texts[row - start : row - start + len(HEADER)]
        if first:
            level1, level2 = intern(first), intern(second)
        elif second:
            level2 = intern(second)
        if not level1:
            raise cells.error("the first indicator row has no 一级指标", line)
        if not level2:
            raise cells.error("the indicator row has no 二级指标", line)
        found.append(  # Indicator(level1=…, source=…) of the strings and Target made here
            {
                "level1": level1,
                "level2": level2,
                "level3": third,
                "description": (third if description == third else description) or None,
                "target": parse_target(value),
                "weight": None,
                "direction": None,
                "source": source,
            }
        )
    return tuple(unchecked_all(_INDICATOR, found))


_INDICATOR = shape(Indicator, ("level1", "level2", "level3", "description", "target", "source"))


def _rows(cells: _Cells) -> list[int]:
    """Indicator rows, each by its first cell: blocks of five cells from the cursor on; a row
    split by blank lines is joined back."""
    rows: list[int] = []
    first = pending = 0  # the pending row's first cell and its number of cells
    starts = cells.section.starts
    for start, end in zip(starts, [*starts[1:], len(cells.texts)], strict=True):
        if end <= cells.pos:
            continue
        start = max(start, cells.pos)
        if pending and pending + end - start > len(HEADER):
            raise _short_row(cells, first, pending)
        if not pending:
            first = start
        pending += end - start
        if pending == len(HEADER):
            rows.append(first)
            pending = 0
        elif pending > len(HEADER):
            raise _short_row(cells, first, pending)
    if pending:
        raise _short_row(cells, first, pending)
    return rows


def _short_row(cells: _Cells, first: int, count: int) -> ReadError:
    return cells.error(
        f"an indicator row has {count} cells, expected {len(HEADER)}", cells.lines[first]
    )


READER = SeedTargetTableReader()
