"""The 136号 monitoring table (项目支出绩效目标执行监控表) in a grid → a :class:`MonitoringReport`.

The layout (domain-rules §5.2): a title with the year, 项目名称 and 主管部门/单位名称 beside their
values, the 项目资金 block (年初/年度/全年预算数 · 1–7月执行数 · 全年预计执行数, values on the row
below), and the indicator table under a header with 三级指标 and 年度指标值: 1–7月执行情况 (or
当前完成值), 全年预计完成情况, 偏差原因 and 完成目标可能性 — as text columns, or as tick-box columns
(经费保障 … 其他, 确定能 … 完全不可能, ticked with √) under a second header row — then 原因说明/备注
and 纠偏措施. The month comes from the “1–7月” of a header. Unreadable choices are a ReadError
naming the cell.
"""

from __future__ import annotations

import re
from decimal import Decimal

from jixiao.domain.model import (
    Department,
    DeviationReason,
    Likelihood,
    MonitoringBudget,
    MonitoringIndicator,
    MonitoringReport,
    Project,
    Source,
)
from jixiao.domain.monitoring_form import LIKELIHOODS, REASONS, month_end
from jixiao.domain.scoring.monitoring import deviation_reason
from jixiao.domain.targets import parse_target
from jixiao.ingest.errors import ReadError
from jixiao.ingest.grid import Cell, Grid, distinct
from jixiao.ingest.normalise import amount
from jixiao.ingest.text import compact

_MONTH = re.compile(r"1\s*[-—–~～至]\s*(\d{1,2})\s*月")
_YEAR = re.compile(r"(20\d\d)\s*年")
_DEPARTMENT = re.compile(r"^(?P<code>\d{3,})\s*[-－—]?\s*(?P<name>\D.*)$")
_TICKS = {"√", "✓", "✔", "☑", "是", "1"}

__all__ = ["is_monitoring", "read_monitoring"]
#: indicator columns by the start of their heading (compacted)
_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("level1", ("一级指标",)),
    ("level2", ("二级指标",)),
    ("level3", ("三级指标",)),
    ("target", ("年度指标值", "指标值")),
    ("forecast", ("全年预计完成",)),
    ("progress", ("1-", "1—", "1–", "1~", "当前完成值", "执行情况")),
    ("reasons", ("偏差原因",)),
    ("likelihood", ("完成目标可能性", "完成可能性")),
    ("measures", ("纠偏措施", "改进措施")),
    ("note", ("原因说明", "备注", "说明")),
)
_BUDGET = {
    "annual": ("年初预算数", "年度预算数", "全年预算数"),
    "forecast": ("全年预计执行数",),
    "executed": ("执行数",),
}


def is_monitoring(grid: Grid) -> bool:
    """Whether ``grid`` is a monitoring table: a 监控表 title or an indicator header with a
    1–m月执行情况 / 当前完成值 column."""
    return _header(grid) is not None and any(
        "执行情况" in compact(c.text) or "当前完成值" in compact(c.text)
        for c in grid.rows[_header(grid) or 0]
    )


def _header(grid: Grid) -> int | None:
    for i, row in enumerate(grid.rows):
        texts = {compact(c.text) for c in row}
        if "三级指标" in texts and any(t.startswith(("年度指标值", "指标值")) for t in texts):
            return i
    return None


def _beside(grid: Grid, *labels: str) -> Cell | None:
    """The first cell right of a cell whose text is one of ``labels``."""
    for row in grid.rows:
        cells = distinct(row)
        for i, cell in enumerate(cells[:-1]):
            if compact(cell.text).rstrip(":：") in labels:
                return cells[i + 1]
    return None


def _month(grid: Grid, header: int) -> int:
    for row in grid.rows[: header + 2]:
        for cell in row:
            if found := _MONTH.search(compact(cell.text).replace("一", "-")):
                return int(found.group(1))
    return 7


def _title(grid: Grid) -> str:
    texts = [*grid.context, *(c.text for c in distinct(grid.rows[0]))] if grid.rows else []
    return next((t.strip() for t in texts if "监控表" in t), "项目支出绩效目标执行监控表")


def _department(grid: Grid) -> Department:
    cell = _beside(grid, "主管部门", "主管部门及代码", "单位名称", "预算单位", "部门名称")
    text = cell.text.strip() if cell else ""
    if found := _DEPARTMENT.match(text):
        return Department(code=found.group("code"), name=found.group("name").strip())
    return Department(name=text)


def _budget(name: str, grid: Grid, header: int) -> MonitoringBudget:
    for i, row in enumerate(grid.rows[:header]):
        cells = distinct(row)
        columns = {f: _find(cells, words) for f, words in _BUDGET.items()}
        if columns["annual"] is None or columns["executed"] is None or i + 1 >= header:
            continue
        values = grid.rows[i + 1]
        amounts: dict[str, Decimal | None] = {}
        for field, cell in columns.items():
            position = row.index(cell) if cell is not None else None
            amounts[field] = None if position is None else _amount(name, grid, values[position])
        return MonitoringBudget(**amounts, source=Source(file=name, cell=values[0].address))
    return MonitoringBudget()


def _find(cells: list[Cell], words: tuple[str, ...]) -> Cell | None:
    for cell in cells:
        text = compact(cell.text)
        if any(w in text for w in words) and "执行率" not in text:
            if words == _BUDGET["executed"] and "全年预计" in text:
                continue
            return cell
    return None


def _amount(name: str, grid: Grid, cell: Cell) -> Decimal | None:
    try:
        return amount(cell.text, wan_heading=True)[0]
    except ValueError:
        raise ReadError(
            name, f"金额“{cell.text}”不是数字", cell=cell.address, table=grid.name
        ) from None


def _columns(header: list[Cell]) -> dict[str, list[int]]:
    """Heading → column positions; a tick-box group spans the positions under it."""
    found: dict[str, list[int]] = {}
    for position, cell in enumerate(header):
        text = compact(cell.text)
        for field, starts in _COLUMNS:
            if any(text.startswith(s) or (s in text and field != "target") for s in starts):
                found.setdefault(field, []).append(position)
                break
    return found


def _choices(row: list[Cell], positions: list[int], under: list[Cell]) -> list[tuple[str, Cell]]:
    """What a row chose: in a text column (split on 、，,/ and spaces), or the labels (from the
    row under the header) of the ticked boxes of a tick-box group."""
    if len(positions) > 1:
        return [
            (compact(under[p].text), row[p])
            for p in positions
            if p < len(under) and compact(row[p].text) in _TICKS
        ]
    cell = row[positions[0]]
    return [(t, cell) for t in re.split(r"[、，,/；;\s]+", cell.text.strip()) if t]


def _reasons(name: str, grid: Grid, chosen: list[tuple[str, Cell]]) -> tuple[DeviationReason, ...]:
    out: list[DeviationReason] = []
    for label, cell in chosen:
        try:
            out.append(deviation_reason(label))
        except ValueError:
            allowed = "、".join(REASONS)
            raise ReadError(
                name, f"偏差原因“{label}”不是{allowed}之一", cell=cell.address, table=grid.name
            ) from None
    return tuple(dict.fromkeys(out))


def _likelihood(name: str, grid: Grid, chosen: list[tuple[str, Cell]]) -> Likelihood | None:
    if not chosen:
        return None
    label, cell = chosen[0]
    if label not in LIKELIHOODS or len(chosen) > 1:
        allowed = "、".join(LIKELIHOODS)
        raise ReadError(
            name, f"完成目标可能性“{label}”应为{allowed}之一", cell=cell.address, table=grid.name
        )
    return label


def _indicators(name: str, grid: Grid, header: int) -> list[MonitoringIndicator]:
    under = grid.rows[header + 1] if header + 1 < len(grid.rows) else []
    columns = _columns(grid.rows[header])
    ticks = any(len(columns.get(f, [])) > 1 for f in ("reasons", "likelihood"))
    out = []
    for row in grid.rows[header + (2 if ticks else 1) :]:
        cells = _Row(row, columns, under)
        if not cells.text("level3"):
            continue
        forecast = cells.text("forecast")
        out.append(
            MonitoringIndicator(
                level1=cells.text("level1"),
                level2=cells.text("level2"),
                level3=cells.text("level3"),
                target=parse_target(cells.text("target")),
                progress=parse_target(cells.text("progress")),
                forecast=parse_target(forecast) if forecast else None,
                likelihood=_likelihood(name, grid, cells.chosen("likelihood")),
                reasons=_reasons(name, grid, cells.chosen("reasons")),
                note=cells.text("note") or None,
                measures=cells.text("measures") or None,
                source=Source(file=name, cell=row[columns["level3"][0]].address),
            )
        )
    return out


class _Row:
    """One indicator row read through the header's columns."""

    def __init__(self, row: list[Cell], columns: dict[str, list[int]], under: list[Cell]) -> None:
        self.row, self.columns, self.under = row, columns, under

    def text(self, field: str) -> str:
        positions = self.columns.get(field)
        return self.row[positions[0]].text.strip() if positions else ""

    def chosen(self, field: str) -> list[tuple[str, Cell]]:
        positions = self.columns.get(field)
        return _choices(self.row, positions, self.under) if positions else []


def read_monitoring(name: str, grid: Grid) -> MonitoringReport:
    """The monitoring report in ``grid`` (:func:`is_monitoring` said it is one)."""
    header = _header(grid)
    assert header is not None
    title = _title(grid)
    year = _YEAR.search(title)
    project = _beside(grid, "项目名称")
    indicators = _indicators(name, grid, header)
    if not indicators:
        raise ReadError(name, "监控表中没有指标行", table=grid.name)
    month = _month(grid, header)
    return MonitoringReport(
        title=title,
        year=int(year.group(1)) if year else None,
        month=month,
        as_of=month_end(int(year.group(1)), month) if year else None,
        department=_department(grid),
        project=Project(name=project.text.strip()) if project and project.text.strip() else None,
        budget=_budget(name, grid, header),
        indicators=tuple(indicators),
        source=Source(file=name, cell=grid.rows[0][0].address if grid.rows[0] else None),
    )
