"""From grids to documents: each recognised form becomes a TargetTable or a SelfEvaluation.

:func:`read_grids` runs the layout detector over every grid, reads the form area and the
indicator rows, and fills the :class:`FileReport` with what was recognised and skipped. Every
element carries ``Source(file, cell=…)`` with the address of the cell it was read from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from itertools import groupby

from jixiao.domain.model import (
    Department,
    Document,
    ExecutionBudget,
    GoalResult,
    Indicator,
    IndicatorResult,
    Project,
    ProjectBudget,
    SelfEvaluation,
    Source,
    TargetTable,
    Task,
)
from jixiao.domain.targets import parse_target
from jixiao.ingest.form import Form, FormReader
from jixiao.ingest.grid import Cell, Grid
from jixiao.ingest.indicators import IndicatorReader, Indicators, Row
from jixiao.ingest.layout import KINDS, Segment, header_fields, segments
from jixiao.ingest.ledger import Ledger
from jixiao.ingest.normalise import amount
from jixiao.ingest.report import FileReport, Skipped, TableReport
from jixiao.ingest.text import clean

_DEPARTMENT = re.compile(r"^(?P<code>\d{3,})\s*[-－—]?\s*(?P<name>\D.*)$")
_YEAR = re.compile(r"(20\d\d)\s*年")
_TARGET_KINDS = {"project_target", "department_target"}


def read_grids(name: str, reader: str, grids: Iterable[Grid]) -> FileReport:
    """The documents of ``grids`` and the report of what was recognised and skipped."""
    report = FileReport(file=name, reader=reader)
    for grid in grids:
        for segment in segments(grid):
            _segment(name, segment, report)
    return report


def _where(segment: Segment) -> str:
    rows = segment.grid.rows[segment.start : segment.end]
    first = next((c.address for row in rows for c in row), segment.grid.name)
    last = next((c.address for row in reversed(rows) for c in reversed(row)), first)
    return f"{first}..{last}"


def _segment(name: str, segment: Segment, report: FileReport) -> None:
    rows = segment.grid.rows[segment.start : segment.end]
    if not any(c.text.strip() for row in rows for c in row):
        return
    header = segment.header
    if header is None:
        report.skipped.append(
            Skipped(
                _where(segment),
                _first_text(segment),
                "no indicator header row (一级指标 / 三级指标 / 指标值 …)",
            )
        )
        return
    table = TableReport(_where(segment), segment.kind, segment.title or KINDS[segment.kind],
                        segment.grid.rows[header.last][0].address)  # fmt: skip
    report.tables.append(table)
    if segment.kind == "score_sheet":
        table.supported = False
        report.skipped.append(
            Skipped(
                table.where,
                table.title,
                "evaluation score sheet (一级 like 部门决策（25分）): not supported",
            )
        )
        return
    ledger = Ledger(report)
    heading = [segment.grid.rows[i] for i in header.rows]
    for row in heading:
        ledger.use(*row)
        table.columns |= {f: row[i].text for i, f in header_fields(row).items()}
    form = FormReader(ledger).read(segment.grid.rows[segment.start : header.first])
    body = segment.grid.rows[header.last + 1 : segment.end]
    found = IndicatorReader(ledger, header, heading).read(body)
    documents = [
        _document(name, segment, form, found, part, ledger) for part in _projects(found.rows)
    ]
    table.rows = len(found.rows)
    table.documents = len(documents)
    report.documents.extend(documents)
    ledger.close(rows, "not in any field of the model")


def _first_text(segment: Segment) -> str:
    rows = segment.grid.rows[segment.start : segment.end]
    return next((c.text for row in rows for c in row if c.text.strip()), "")


def _projects(rows: list[Row]) -> list[list[Row]]:
    """Rows grouped by the project named on them (one group when no row names a project)."""
    keyed = groupby(rows, key=lambda r: (_text(r, "department"), _text(r, "project")))
    groups = [list(group) for _, group in keyed]
    return groups or [[]]


def _text(row: Row, name: str) -> str:
    cell = row.shared.get(name)
    return cell.text if cell is not None else ""


def _document(
    name: str, segment: Segment, form: Form, found: Indicators, rows: list[Row], ledger: Ledger
) -> Document:
    shared = rows[0].shared if rows else {}
    department_cell = (
        shared.get("department") or form.texts.get("department") or form.texts.get("supervisor")
    )
    project_cell = shared.get("project") or form.texts.get("project")
    supervisor = form.texts.get("supervisor")
    if supervisor is not None and supervisor is not department_cell:
        ledger.skip(supervisor, "主管部门: the document's department is its 单位名称 / 实施单位")
    ledger.use(department_cell, project_cell)
    title = segment.title or KINDS[segment.kind]
    source = Source(
        file=name, cell=segment.title_cell or (rows[0].address if rows else segment.grid.name)
    )
    department = _department(department_cell.text if department_cell else "")
    project = Project(name=clean(project_cell.text)) if project_cell else None
    if segment.kind in _TARGET_KINDS:
        goals = _goals(form, shared, ledger)
        return TargetTable(
            title=title,
            year=form.year or _year(title),
            department=department,
            project=project
            or Project(name=department.name if segment.kind == "department_target" else ""),
            money_unit="万元",
            budget=_budget(form, shared, ledger),
            purpose=_purpose(form, ledger),
            goals=tuple(goal for goal, _ in goals),
            goal_sources=tuple(Source(file=name, cell=address) for _, address in goals),
            indicators=tuple(_indicator(name, r) for r in rows),
            source=source,
            scope="department" if segment.kind == "department_target" else "project",
            tasks=tuple(_tasks(name, form)),
        )
    return SelfEvaluation(
        scope="department" if segment.kind == "department_self" else "project",
        title=title,
        year=form.year or _year(title),
        department=department,
        project=project,
        budget=_execution(name, form),
        goals=_goal_results(name, form),
        indicators=tuple(_result(name, r) for r in rows),
        total_weight=found.total_weight,
        total=found.total,
        conclusion=found.conclusion.text if found.conclusion else None,
        source=source,
    )


def _year(title: str) -> int | None:
    match = _YEAR.search(title)
    return int(match.group(1)) if match else None


def _department(text: str) -> Department:
    text = clean(text)
    match = _DEPARTMENT.match(text)
    if match:
        return Department(code=match["code"], name=match["name"].strip())
    return Department(name=text)


def _budget(form: Form, shared: dict[str, Cell], ledger: Ledger) -> ProjectBudget:
    values: dict[str, Decimal | None] = dict(form.budget)
    for field in ("total", "fiscal", "other"):
        cell = shared.get(field)
        if cell is None:
            continue
        try:
            value, converted = amount(cell.text, wan_heading=form.money_unit == "万元")
        except ValueError:
            ledger.skip(cell, f"「{field}」 is not an amount")
            continue
        if converted:
            ledger.note(cell, str(value), "元 under a 万元 heading: divided by 10000")
        values[field] = value
        ledger.use(cell)
    return ProjectBudget(**values)


def _purpose(form: Form, ledger: Ledger) -> str | None:
    cell = form.texts.get("purpose")
    ledger.use(cell)
    return clean(cell.text) if cell else None


def _goals(form: Form, shared: dict[str, Cell], ledger: Ledger) -> list[tuple[str, str]]:
    """Each goal line and the address of the cell it was read from."""
    cells = [shared["goal"]] if "goal" in shared else form.goals
    ledger.use(*cells)
    return [(line, cell.address) for cell in cells for line in clean(cell.text).split("\n") if line]


def _tasks(name: str, form: Form) -> list[Task]:
    return [
        Task(
            name=clean(task.name.text),
            content=clean(task.content.text) if task.content else None,
            amount=task.amount,
            source=Source(file=name, cell=task.name.address),
        )
        for task in form.tasks
    ]


def _execution(name: str, form: Form) -> ExecutionBudget:
    cell = form.execution_cell
    return ExecutionBudget(
        **form.execution, source=Source(file=name, cell=cell.address) if cell else None
    )


def _goal_results(name: str, form: Form) -> tuple[GoalResult, ...]:
    if form.goal_rows:
        return tuple(
            GoalResult(
                no=i,
                target=clean(g.target.text),
                actual=clean(g.actual.text) if g.actual else "",
                source=Source(file=name, cell=g.target.address),
            )
            for i, g in enumerate(form.goal_rows, start=1)
        )
    return tuple(
        GoalResult(no=i, target=clean(c.text), actual="", source=Source(file=name, cell=c.address))
        for i, c in enumerate(form.goals, start=1)
    )


def _indicator(name: str, row: Row) -> Indicator:
    return Indicator(
        level1=row.level1,
        level2=row.level2,
        level3=clean(row.level3),
        description=row.description,
        target=parse_target(row.target),
        weight=row.weight,
        source=Source(file=name, cell=row.address),
    )


def _result(name: str, row: Row) -> IndicatorResult:
    return IndicatorResult(
        level1=row.level1,
        level2=row.level2,
        level3=clean(row.level3),
        target=parse_target(row.target),
        actual=parse_target(row.actual or ""),
        weight=row.weight,
        score=row.score,
        deviation=row.deviation,
        source=Source(file=name, cell=row.address),
    )
